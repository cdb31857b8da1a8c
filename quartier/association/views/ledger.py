from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from quartier.association import chart
from quartier.association.actions import ledger as rules
from quartier.association.actions.errors import AssociationError
from quartier.association.actions.inkind import in_kind_by_account
from quartier.association.forms.ledger import (
    BankCheckForm,
    CancelForm,
    CategoryForm,
    CloseYearForm,
    CorrectionForm,
    EntryForm,
    TransferForm,
)
from quartier.association.models import Entry, FinancialYear
from quartier.association.money import as_decimal
from quartier.association.views.common import (
    BOOKS,
    CHANGE,
    VIEW,
    association_of,
    form_page,
    optional_form,
    refuse,
    table_export,
)
from quartier.core.permissions import access, permission_required


def _year_of(request: HttpRequest, association) -> FinancialYear | None:
    years = association.financial_years.order_by("-starts_on")
    raw = request.GET.get("exercice", "")
    if raw.isdigit():
        year = years.filter(pk=int(raw)).first()
        if year is not None:
            return year
    return (
        rules.financial_year_for(association, timezone.localdate(), create=False) or years.first()
    )


def _rows(year: FinancialYear) -> list[dict]:
    return [
        {"entry": entry, "signed": rules.signed(entry)}
        for entry in rules.entries_of(year).exclude(journal=Entry.Journal.OPENING)
    ]


@permission_required(VIEW)
def cashbook(request: HttpRequest, pk: int) -> HttpResponse:
    association = association_of(request, pk)
    year = _year_of(request, association)
    today = timezone.localdate()
    balances = rules.money_balances(association, today)
    return render(
        request,
        "association/cashbook.html",
        {
            "association": association,
            "year": year,
            "years": association.financial_years.order_by("-starts_on"),
            "rows": _rows(year) if year else [],
            "totals": rules.year_totals(year) if year else None,
            "bank": balances[chart.BANK],
            "cash": balances[chart.CASH],
            "today": today,
            "can_keep_books": request.user.has_perm(BOOKS, association),
        },
    )


@permission_required(VIEW)
def cashbook_export(request: HttpRequest, pk: int) -> HttpResponse:
    association = association_of(request, pk)
    year = _year_of(request, association)
    if year is None:
        raise Http404
    header = [
        _("N°"),
        _("Date"),
        _("Journal"),
        _("Libellé"),
        _("Catégorie"),
        _("Compte"),
        _("Recette (€)"),
        _("Dépense (€)"),
        _("Moyen"),
        _("Subvention"),
        _("Pièce"),
        _("Annule le n°"),
        _("Remplace le n°"),
        _("Motif"),
        _("Enregistrée le"),
    ]
    rows = []
    for row in _rows(year):
        entry = row["entry"]
        counterpart = [
            line.account for line in entry.lines.all() if line.account not in chart.MONEY_ACCOUNTS
        ]
        rows.append(
            [
                entry.number,
                entry.date,
                entry.journal,
                entry.label,
                entry.category.label if entry.category else entry.get_kind_display(),
                ", ".join(counterpart),
                as_decimal(row["signed"]) if row["signed"] > 0 else None,
                as_decimal(-row["signed"]) if row["signed"] < 0 else None,
                entry.get_means_display(),
                str(entry.subsidy) if entry.subsidy else "",
                entry.piece_ref,
                entry.reverses.number if entry.reverses else None,
                entry.replaces.number if entry.replaces else None,
                entry.reason,
                timezone.localtime(entry.recorded_at).replace(tzinfo=None),
            ]
        )
    return table_export(
        request,
        name=f"livre-de-caisse-{year.label}",
        header=header,
        rows=rows,
        title=_("Livre de caisse %(year)s") % {"year": year.label},
        association=association,
        # On paper: number, date, label, category, account, in, out, means, piece.
        pdf_columns=[0, 1, 3, 4, 5, 6, 7, 8, 10],
    )


@permission_required(BOOKS)
def entry_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    association = association_of(request, pk, BOOKS)
    form = EntryForm(request.POST or None, association=association, kind=kind)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = rules.record_money(
                association,
                kind=kind,
                date=data["date"],
                amount=data["amount"],
                means=data["means"],
                category=data["category"],
                label=data["label"],
                piece_ref=data["piece_ref"],
                subsidy=data["subsidy"],
                recorded_by=request.user,
            )
        except AssociationError as error:
            refuse(form, error)
        else:
            messages.success(
                request, _("Écriture n° %(number)s enregistrée.") % {"number": entry.number}
            )
            return redirect("association:cashbook", pk=association.pk)
    receipt = kind == Entry.Kind.RECEIPT
    return form_page(
        request,
        form,
        association=association,
        title=_("Noter une recette") if receipt else _("Noter une dépense"),
        submit=_("Enregistrer la recette") if receipt else _("Enregistrer la dépense"),
        back=reverse("association:cashbook", args=[association.pk]),
    )


@permission_required(BOOKS)
def transfer_add(request: HttpRequest, pk: int) -> HttpResponse:
    association = association_of(request, pk, BOOKS)
    form = TransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = rules.record_entry(
                rules.transfer_spec(association, **form.cleaned_data, recorded_by=request.user)
            )
        except AssociationError as error:
            refuse(form, error)
        else:
            messages.success(
                request, _("Écriture n° %(number)s enregistrée.") % {"number": entry.number}
            )
            return redirect("association:cashbook", pk=association.pk)
    return form_page(
        request,
        form,
        association=association,
        title=_("Dépôt ou retrait d'espèces"),
        submit=_("Enregistrer"),
        back=reverse("association:cashbook", args=[association.pk]),
    )


def _entry(request: HttpRequest, pk: int, perm: str) -> Entry:
    return access(
        request,
        Entry.objects.select_related(
            "association",
            "financial_year",
            "category",
            "subsidy__funder",
            "recorded_by",
            "reverses",
            "replaces",
        ),
        perm,
        via="association",
        pk=pk,
    )


@require_safe  # a recorded entry is read here, never changed: no form posts to this page
@permission_required(VIEW)
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk, VIEW)
    reversal = Entry.objects.filter(reverses=entry).select_related("recorded_by").first()
    replacement = Entry.objects.filter(replaces=entry).first()
    correctable = (
        reversal is None
        and entry.kind in (Entry.Kind.RECEIPT, Entry.Kind.EXPENSE, Entry.Kind.TRANSFER)
        and not entry.financial_year.is_closed
    )
    return render(
        request,
        "association/entry.html",
        {
            "association": entry.association,
            "entry": entry,
            "lines": entry.lines.all(),
            "reversal": reversal,
            "replacement": replacement,
            "signed": rules.signed(entry),
            "correctable": correctable and request.user.has_perm(BOOKS, entry.association),
            "dues": getattr(entry, "dues_payment", None),
        },
    )


@permission_required(BOOKS)
def entry_correct(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk, BOOKS)
    if entry.kind not in (Entry.Kind.RECEIPT, Entry.Kind.EXPENSE):
        return redirect("association:entry_cancel", pk=entry.pk)
    form = CorrectionForm(request.POST or None, entry=entry)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _reversal, new = rules.correct_entry(
                entry,
                reason=data["reason"],
                recorded_by=request.user,
                date=data["date"],
                amount=data["amount"],
                means=data["means"],
                category=data["category"],
                label=data["label"],
                piece_ref=data["piece_ref"],
                subsidy=data["subsidy"],
            )
        except AssociationError as error:
            refuse(form, error)
        else:
            messages.success(
                request,
                _(
                    "Écriture n° %(old)s annulée et remplacée par le n° %(new)s : les deux restent "
                    "dans le livre."
                )
                % {"old": entry.number, "new": new.number},
            )
            return redirect(new)
    return form_page(
        request,
        form,
        association=entry.association,
        title=_("Corriger l'écriture n° %(number)s") % {"number": entry.number},
        submit=_("Corriger"),
        back=entry.get_absolute_url(),
        intro=_(
            "Rien n'est effacé : une écriture inverse annule celle-ci, puis la bonne écriture "
            "est enregistrée. Les deux restent visibles, avec le motif."
        ),
        extra={"entry": entry},
    )


@permission_required(BOOKS)
def entry_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk, BOOKS)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reversal = rules.reverse_entry(
                entry, reason=form.cleaned_data["reason"], recorded_by=request.user
            )
        except AssociationError as error:
            refuse(form, error)
        else:
            messages.success(
                request,
                _("Écriture n° %(old)s annulée par le n° %(new)s.")
                % {"old": entry.number, "new": reversal.number},
            )
            return redirect(entry)
    return form_page(
        request,
        form,
        association=entry.association,
        title=_("Annuler l'écriture n° %(number)s") % {"number": entry.number},
        submit=_("Annuler l'écriture"),
        back=entry.get_absolute_url(),
        intro=_(
            "Une écriture inverse est enregistrée : l'écriture reste visible, barrée, avec le "
            "motif de son annulation."
        ),
        extra={"entry": entry},
    )


@permission_required(VIEW)
def years(request: HttpRequest, pk: int) -> HttpResponse:
    association = association_of(request, pk)
    rows = [
        {
            "year": year,
            "totals": rules.year_totals(year),
            "in_kind": sum(v for a, v in in_kind_by_account(year).items() if a.startswith("87")),
        }
        for year in association.financial_years.order_by("-starts_on")
    ]
    return render(
        request,
        "association/years.html",
        {
            "association": association,
            "rows": rows,
            "can_close": request.user.has_perm("association.close_year", association),
            "today": timezone.localdate(),
        },
    )


@permission_required("association.close_year")
def year_close(request: HttpRequest, pk: int) -> HttpResponse:
    from quartier.association.actions.inkind import valuation

    year = access(
        request,
        FinancialYear.objects.select_related("association"),
        "association.close_year",
        via="association",
        pk=pk,
    )
    form = CloseYearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rules.close_year(year, closed_by=request.user)
        except AssociationError as error:
            refuse(form, error)
        else:
            messages.success(
                request,
                _("Exercice %(year)s clos : plus rien ne peut y être noté.") % {"year": year.label},
            )
            return redirect("association:years", pk=year.association_id)
    association = year.association
    return form_page(
        request,
        form,
        association=association,
        title=_("Clôturer l'exercice %(year)s") % {"year": year.label},
        submit=_("Clôturer l'exercice"),
        back=reverse("association:years", args=[association.pk]),
        template="association/year_close.html",
        extra={
            "year": year,
            "totals": rules.year_totals(year),
            "in_kind": []
            if year.is_closed
            else valuation(association, year.starts_on, year.ends_on),
            "balances": rules.money_balances(association, year.ends_on),
        },
    )


@permission_required(VIEW)
def bank_check(request: HttpRequest, pk: int) -> HttpResponse:
    association = association_of(request, pk)
    form = optional_form(request, association, BOOKS, lambda data, files: BankCheckForm(data))
    result = None
    if form is not None and form.is_bound and form.is_valid():
        result = rules.check_bank_statement(
            association,
            on=form.cleaned_data["on"],
            statement_balance=form.cleaned_data["statement_balance"],
            note=form.cleaned_data["note"],
            checked_by=request.user,
        )
        form = BankCheckForm()
    return render(
        request,
        "association/bank_check.html",
        {
            "association": association,
            "form": form,
            "result": result,
            "checks": association.bank_checks.select_related("checked_by")[:20],
        },
    )


@permission_required(VIEW)
def categories(request: HttpRequest, pk: int) -> HttpResponse:
    association = association_of(request, pk)
    form = optional_form(
        request,
        association,
        CHANGE,
        lambda data, files: CategoryForm(data, association=association),
    )
    if form is not None and form.is_bound and form.is_valid():
        form.instance.association = association
        form.save()
        messages.success(request, _("Catégorie ajoutée."))
        return redirect("association:categories", pk=association.pk)
    return render(
        request,
        "association/categories.html",
        {"association": association, "categories": association.categories.all(), "form": form},
    )
