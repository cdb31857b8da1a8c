"""Django admin for every model of the association. The cash book (entries, their lines,
financial years) is read-only here: entries are written by the app's rules only, and never
changed (see models/ledger.py)."""

from django.contrib import admin

from quartier.association.models import (
    Association,
    BankCheck,
    BudgetLine,
    Category,
    CraftItem,
    Document,
    DocumentVersion,
    DuesPayment,
    Entry,
    EntryLine,
    FinancialYear,
    GeneralAssembly,
    InKindGift,
    Mandate,
    Member,
    PremisesLoan,
    Proxy,
    Resolution,
    Sale,
    SaleLine,
    Subsidy,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never added, changed or deleted from the admin."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class EntryLineInline(admin.TabularInline):
    model = EntryLine
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ["number", "date", "financial_year", "journal", "label", "amount", "kind"]
    list_filter = ["journal", "kind", "financial_year"]
    search_fields = ["label", "piece_ref"]
    inlines = [EntryLineInline]


@admin.register(EntryLine)
class EntryLineAdmin(ReadOnlyAdmin):
    list_display = ["entry", "account", "debit", "credit"]
    list_filter = ["account"]


@admin.register(FinancialYear)
class FinancialYearAdmin(ReadOnlyAdmin):
    list_display = ["association", "starts_on", "ends_on", "closed_at"]


@admin.register(BankCheck)
class BankCheckAdmin(ReadOnlyAdmin):
    list_display = ["association", "on", "statement_balance", "book_balance"]


@admin.register(Association)
class AssociationAdmin(admin.ModelAdmin):
    list_display = ["name", "rna", "founded_on", "territory"]
    search_fields = ["name", "rna"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["label", "kind", "account", "purpose", "active", "association"]
    list_filter = ["kind", "active"]


class DocumentVersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    readonly_fields = ["uploaded_at"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "association"]
    inlines = [DocumentVersionInline]


@admin.register(DocumentVersion)
class DocumentVersionAdmin(admin.ModelAdmin):
    list_display = ["document", "original_name", "adopted_on", "uploaded_at"]


@admin.register(PremisesLoan)
class PremisesLoanAdmin(admin.ModelAdmin):
    list_display = ["description", "lender", "agreement_start", "agreement_end", "hours_per_week"]


@admin.register(InKindGift)
class InKindGiftAdmin(admin.ModelAdmin):
    list_display = ["description", "giver", "given_on", "value"]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["person", "number", "association", "joined_on", "left_on"]
    autocomplete_fields = ["person"]


@admin.register(DuesPayment)
class DuesPaymentAdmin(admin.ModelAdmin):
    list_display = ["member", "period_start", "amount", "paid_on", "method", "cancelled_on"]
    # The receipt is an accounting record: it is not re-pointed by hand.
    readonly_fields = ["entry"]


@admin.register(Mandate)
class MandateAdmin(admin.ModelAdmin):
    list_display = ["person", "role", "started_on", "ended_on", "association"]
    autocomplete_fields = ["person"]


class ProxyInline(admin.TabularInline):
    model = Proxy
    extra = 0
    autocomplete_fields = ["giver", "holder"]


class ResolutionInline(admin.TabularInline):
    model = Resolution
    extra = 0


@admin.register(GeneralAssembly)
class GeneralAssemblyAdmin(admin.ModelAdmin):
    list_display = ["gathering", "association", "kind", "convocation_sent_on"]
    inlines = [ProxyInline, ResolutionInline]


@admin.register(Proxy)
class ProxyAdmin(admin.ModelAdmin):
    list_display = ["assembly", "giver", "holder"]
    autocomplete_fields = ["giver", "holder"]


@admin.register(Resolution)
class ResolutionAdmin(admin.ModelAdmin):
    list_display = ["assembly", "number", "title", "votes_for", "votes_against", "abstentions"]


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


@admin.register(Subsidy)
class SubsidyAdmin(admin.ModelAdmin):
    list_display = ["funder", "year", "purpose", "amount_asked", "amount_granted", "report_due_on"]
    list_filter = ["year", "funder"]
    inlines = [BudgetLineInline]


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ["subsidy", "group", "label", "amount"]


@admin.register(CraftItem)
class CraftItemAdmin(admin.ModelAdmin):
    list_display = ["name", "maker", "price", "stock", "association"]


class SaleLineInline(admin.TabularInline):
    model = SaleLine
    extra = 0


@admin.register(Sale)
class SaleAdmin(admin.ModelAdmin):
    list_display = ["stall", "sold_on", "means", "association"]
    readonly_fields = ["entry"]
    inlines = [SaleLineInline]


@admin.register(SaleLine)
class SaleLineAdmin(admin.ModelAdmin):
    list_display = ["sale", "item", "quantity", "unit_price"]
