"""The cash book's rules: the one path every entry takes, corrections, balances, closing a year
and checking a bank statement.

`record_entries` is the only function that writes entries: one at a time from a form, or many
at once (the demo), always balanced, numbered without gaps within their year, refused in a
closed year. What is recorded is never changed: `reverse_entry` cancels an entry with a
reversing one, `correct_entry` cancels it and records the right one, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.association import chart
from quartier.association.actions.errors import AssociationError
from quartier.association.models import (
    Association,
    BankCheck,
    Category,
    DuesPayment,
    Entry,
    EntryLine,
    FinancialYear,
    Sale,
    Subsidy,
)

LABEL_MAX = 200


@dataclass
class LineSpec:
    account: str
    debit: int = 0
    credit: int = 0


@dataclass
class EntrySpec:
    """What an entry will hold; `record_entries` checks it and gives it its number."""

    association: Association
    date: dt.date
    kind: str
    journal: str
    label: str
    lines: list[LineSpec]
    means: str = ""
    category: Category | None = None
    subsidy: Subsidy | None = None
    piece_ref: str = ""
    reverses: Entry | None = None
    replaces: Entry | None = None
    reason: str = ""
    recorded_by: object = None
    recorded_at: dt.datetime | None = None
    extra: dict = field(default_factory=dict)


def money_account(means: str) -> str:
    return chart.CASH if means == Entry.Means.CASH else chart.BANK


def journal_for(means: str) -> str:
    return Entry.Journal.CASH if means == Entry.Means.CASH else Entry.Journal.BANK


# --- financial years -----------------------------------------------------------------------


def financial_year_for(
    association: Association, day: dt.date, *, create: bool = True
) -> FinancialYear | None:
    """The year `day` falls in; a year that does not exist yet is opened (volunteers never have
    to create one), from the month the association's years start in."""
    year = FinancialYear.objects.filter(
        association=association, starts_on__lte=day, ends_on__gte=day
    ).first()
    if year is not None or not create:
        return year
    first = day.year if day.month >= association.financial_year_start else day.year - 1
    start, end = association.year_bounds(first)
    if FinancialYear.objects.filter(
        association=association, starts_on__lte=end, ends_on__gte=start
    ).exists():
        raise AssociationError(
            _(
                "Aucun exercice ne contient le %(day)s et un nouvel exercice chevaucherait un "
                "exercice existant : vérifiez le mois de début des exercices."
            )
            % {"day": day.strftime("%d/%m/%Y")}
        )
    year, _created = FinancialYear.objects.get_or_create(
        association=association, starts_on=start, defaults={"ends_on": end}
    )
    return year


def previous_year(year: FinancialYear) -> FinancialYear | None:
    return (
        FinancialYear.objects.filter(association_id=year.association_id, ends_on__lt=year.starts_on)
        .order_by("-starts_on")
        .first()
    )


# --- recording -----------------------------------------------------------------------------


def _check_balanced(spec: EntrySpec) -> int:
    if not spec.lines:
        raise AssociationError(_("Une écriture a au moins deux lignes."))
    for line in spec.lines:
        if not line.account or line.debit < 0 or line.credit < 0 or (line.debit and line.credit):
            raise AssociationError(_("Chaque ligne est au débit ou au crédit, en positif."))
    debit = sum(line.debit for line in spec.lines)
    credit = sum(line.credit for line in spec.lines)
    if debit != credit:
        raise AssociationError(
            _("L'écriture n'est pas équilibrée : débit %(debit)s, crédit %(credit)s.")
            % {"debit": debit, "credit": credit}
        )
    if debit == 0:
        raise AssociationError(_("Le montant doit être supérieur à zéro."), field="amount")
    return debit


@transaction.atomic
def record_entries(specs: list[EntrySpec]) -> list[Entry]:
    """Record every entry of `specs` or none: each balanced, in an open year that contains its
    date, numbered after the last entry of its year (the year rows are locked meanwhile)."""
    if not specs:
        return []
    years: list[FinancialYear] = []
    year_of: list[FinancialYear] = []
    for spec in specs:
        _check_balanced(spec)
        year = next(
            (y for y in years if y.association_id == spec.association.pk and y.contains(spec.date)),
            None,
        )
        if year is None:
            year = financial_year_for(spec.association, spec.date)
            years.append(year)
        year_of.append(year)
    locked = {
        y.pk: y
        for y in FinancialYear.objects.select_for_update().filter(pk__in=[y.pk for y in years])
    }
    last_numbers = dict(
        Entry.objects.filter(financial_year_id__in=locked)
        .values("financial_year")
        .annotate(last=Max("number"))
        .values_list("financial_year", "last")
    )
    now = timezone.now()
    entries = []
    for spec, year in zip(specs, year_of, strict=True):
        year = locked[year.pk]
        if year.is_closed:
            raise AssociationError(
                _("L'exercice %(year)s est clos : on ne peut plus rien y inscrire.")
                % {"year": year.label},
                field="date",
            )
        number = last_numbers.get(year.pk, 0) + 1
        last_numbers[year.pk] = number
        entries.append(
            Entry(
                association=spec.association,
                financial_year=year,
                number=number,
                date=spec.date,
                journal=spec.journal,
                kind=spec.kind,
                label=spec.label[:LABEL_MAX],
                piece_ref=spec.piece_ref,
                category=spec.category,
                amount=sum(line.debit for line in spec.lines),
                means=spec.means,
                subsidy=spec.subsidy,
                reverses=spec.reverses,
                replaces=spec.replaces,
                reason=spec.reason,
                recorded_by=spec.recorded_by,
                recorded_at=spec.recorded_at or now,
            )
        )
    try:
        with transaction.atomic():
            Entry.objects.bulk_create(entries)
    except IntegrityError as error:
        # Two people cancelling the same entry at once: the second finds it already done.
        raise AssociationError(
            _("Cette écriture vient déjà d'être corrigée ou annulée.")
        ) from error
    EntryLine.objects.bulk_create(
        [
            EntryLine(entry=entry, account=line.account, debit=line.debit, credit=line.credit)
            for entry, spec in zip(entries, specs, strict=True)
            for line in spec.lines
        ]
    )
    return entries


def record_entry(spec: EntrySpec) -> Entry:
    return record_entries([spec])[0]


def money_entry_spec(
    association: Association,
    *,
    kind: str,
    date: dt.date,
    amount: int,
    means: str,
    category: Category | None = None,
    account: str | None = None,
    label: str = "",
    piece_ref: str = "",
    subsidy: Subsidy | None = None,
    recorded_by=None,
    replaces: Entry | None = None,
    reason: str = "",
) -> EntrySpec:
    """A receipt (money in: bank or cash debited) or an expense (money out), against the
    account of its category (or `account`, for a subsidy's funder)."""
    if category is not None:
        if category.association_id != association.pk:
            raise AssociationError(_("Cette catégorie est celle d'une autre association."))
        if category.kind != kind:
            raise AssociationError(
                _("« %(category)s » n'est pas une %(kind)s.")
                % {"category": category.label, "kind": Entry.Kind(kind).label.lower()},
                field="category",
            )
    if subsidy is not None and subsidy.association_id != association.pk:
        raise AssociationError(_("Cette subvention est celle d'une autre association."))
    counterpart = account or (category.account if category else "")
    if not counterpart:
        raise AssociationError(_("Choisissez une catégorie."), field="category")
    money = money_account(means)
    if kind == Entry.Kind.RECEIPT:
        lines = [LineSpec(money, debit=amount), LineSpec(counterpart, credit=amount)]
    elif kind == Entry.Kind.EXPENSE:
        lines = [LineSpec(counterpart, debit=amount), LineSpec(money, credit=amount)]
    else:
        raise AssociationError(_("Une recette ou une dépense, rien d'autre ici."))
    return EntrySpec(
        association=association,
        date=date,
        kind=kind,
        journal=journal_for(means),
        label=label or (category.label if category else ""),
        lines=lines,
        means=means,
        category=category,
        subsidy=subsidy,
        piece_ref=piece_ref,
        recorded_by=recorded_by,
        replaces=replaces,
        reason=reason,
    )


def record_money(association: Association, **kwargs) -> Entry:
    return record_entry(money_entry_spec(association, **kwargs))


def transfer_spec(
    association: Association,
    *,
    date: dt.date,
    amount: int,
    source: str,
    label: str = "",
    piece_ref: str = "",
    recorded_by=None,
) -> EntrySpec:
    """Cash paid into the bank (`source` cash) or drawn from it (`source` bank)."""
    target = Entry.Means.BANK if source == Entry.Means.CASH else Entry.Means.CASH
    default = (
        _("Dépôt d'espèces à la banque")
        if source == Entry.Means.CASH
        else _("Retrait d'espèces à la banque")
    )
    return EntrySpec(
        association=association,
        date=date,
        kind=Entry.Kind.TRANSFER,
        journal=Entry.Journal.MISC,
        label=label or default,
        lines=[
            LineSpec(money_account(target), debit=amount),
            LineSpec(money_account(source), credit=amount),
        ],
        means=source,
        piece_ref=piece_ref,
        recorded_by=recorded_by,
    )


# --- corrections ---------------------------------------------------------------------------


def _refuse_uncorrectable(entry: Entry) -> None:
    if entry.kind == Entry.Kind.REVERSAL:
        raise AssociationError(
            _("Cette écriture en annule une autre : elle ne s'annule pas elle-même.")
        )
    if entry.kind in (Entry.Kind.IN_KIND, Entry.Kind.OPENING):
        raise AssociationError(
            _("Cette écriture est calculée à la clôture : elle ne se corrige pas.")
        )
    if Entry.objects.filter(reverses=entry).exists():
        raise AssociationError(_("Cette écriture est déjà annulée."))
    if entry.financial_year.is_closed:
        raise AssociationError(
            _("L'exercice %(year)s est clos : cette écriture ne peut plus être corrigée.")
            % {"year": entry.financial_year.label}
        )


def _reversal_spec(entry: Entry, *, reason: str, recorded_by) -> EntrySpec:
    return EntrySpec(
        association=entry.association,
        date=entry.date,
        kind=Entry.Kind.REVERSAL,
        journal=entry.journal,
        label=_("Annulation de l'écriture n° %(number)s : %(label)s")
        % {"number": entry.number, "label": entry.label},
        lines=[
            LineSpec(line.account, debit=line.credit, credit=line.debit)
            for line in entry.lines.all()
        ],
        means=entry.means,
        category=entry.category,
        subsidy=entry.subsidy,
        piece_ref=entry.piece_ref,
        reverses=entry,
        reason=reason,
        recorded_by=recorded_by,
    )


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise AssociationError(_("Dites pourquoi : le motif reste écrit."), field="reason")
    return reason


@transaction.atomic
def reverse_entry(entry: Entry, *, reason: str, recorded_by=None) -> Entry:
    """Cancel `entry` with a reversing entry (same lines, debit and credit swapped): both stay.
    A dues payment it received is cancelled with it."""
    entry = Entry.objects.select_related("financial_year", "association").get(pk=entry.pk)
    _refuse_uncorrectable(entry)
    reversal = record_entry(_reversal_spec(entry, reason=_reason(reason), recorded_by=recorded_by))
    DuesPayment.objects.filter(entry=entry).update(cancelled_on=timezone.localdate())
    return reversal


@transaction.atomic
def correct_entry(
    entry: Entry,
    *,
    reason: str,
    recorded_by=None,
    date: dt.date,
    amount: int,
    means: str,
    category: Category,
    label: str = "",
    piece_ref: str = "",
    subsidy: Subsidy | None = None,
) -> tuple[Entry, Entry]:
    """« Corriger »: a reversing entry and the right one, with who, when and why. What pointed
    at the wrong entry (a dues payment, a sale) now points at the right one."""
    entry = Entry.objects.select_related("financial_year", "association", "category").get(
        pk=entry.pk
    )
    _refuse_uncorrectable(entry)
    if entry.kind not in (Entry.Kind.RECEIPT, Entry.Kind.EXPENSE):
        raise AssociationError(_("Seules les recettes et les dépenses se corrigent ; annulez-la."))
    reason = _reason(reason)
    reversal_spec = _reversal_spec(entry, reason=reason, recorded_by=recorded_by)
    new_spec = money_entry_spec(
        entry.association,
        kind=entry.kind,
        date=date,
        amount=amount,
        means=means,
        category=category,
        label=label,
        piece_ref=piece_ref,
        subsidy=subsidy,
        recorded_by=recorded_by,
        replaces=entry,
        reason=reason,
    )
    reversal, new = record_entries([reversal_spec, new_spec])
    DuesPayment.objects.filter(entry=entry).update(entry=new, amount=amount, paid_on=date)
    Sale.objects.filter(entry=entry).update(entry=new)
    return reversal, new


# --- balances ------------------------------------------------------------------------------


def money_balances(association: Association, on: dt.date) -> dict[str, int]:
    """Bank (512) and cash (530) at the end of `on`. A year opens on its à-nouveaux entry when
    it has one (written at the previous closing, or typed for the first year), else on the
    previous year's closing balance, so the figure is the same before and after a closing."""
    years = list(
        FinancialYear.objects.filter(association=association, starts_on__lte=on).order_by(
            "starts_on"
        )
    )
    rows = (
        EntryLine.objects.filter(
            entry__association=association,
            entry__date__lte=on,
            account__in=chart.MONEY_ACCOUNTS,
        )
        .values("entry__financial_year", "entry__journal", "account")
        .annotate(net=Sum(F("debit") - F("credit")))
    )
    opening: dict[int, dict[str, int]] = defaultdict(dict)
    movements: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        year_id = row["entry__financial_year"]
        if row["entry__journal"] == Entry.Journal.OPENING:
            opening[year_id][row["account"]] = row["net"] or 0
        else:
            movements[year_id][row["account"]] += row["net"] or 0
    balance = dict.fromkeys(chart.MONEY_ACCOUNTS, 0)
    for year in years:
        if year.pk in opening:
            balance = {a: opening[year.pk].get(a, 0) for a in chart.MONEY_ACCOUNTS}
        for account in chart.MONEY_ACCOUNTS:
            balance[account] += movements[year.pk][account]
    return balance


def opening_spec(
    association: Association, year: FinancialYear, balances: dict[str, int], recorded_by=None
) -> EntrySpec | None:
    """The à-nouveaux entry opening `year` with these bank and cash balances, set against the
    carried-forward result (110): for a small association without debts or claims, what it
    owns is its money."""
    lines = []
    total = 0
    for account in chart.MONEY_ACCOUNTS:
        amount = balances.get(account, 0)
        if amount > 0:
            lines.append(LineSpec(account, debit=amount))
        elif amount < 0:
            lines.append(LineSpec(account, credit=-amount))
        total += amount
    if total > 0:
        lines.append(LineSpec(chart.CARRIED_FORWARD, credit=total))
    elif total < 0:
        lines.append(LineSpec(chart.CARRIED_FORWARD, debit=-total))
    if not any(line.debit for line in lines):
        return None
    return EntrySpec(
        association=association,
        date=year.starts_on,
        kind=Entry.Kind.OPENING,
        journal=Entry.Journal.OPENING,
        label=_("Soldes d'ouverture de l'exercice %(year)s") % {"year": year.label},
        lines=lines,
        recorded_by=recorded_by,
    )


# --- closing -------------------------------------------------------------------------------


@transaction.atomic
def close_year(
    year: FinancialYear,
    *,
    closed_by=None,
    today: dt.date | None = None,
    at: dt.datetime | None = None,
) -> FinancialYear:
    """Close `year`: its in-kind contributions are written at their value of today (86/87, on
    the year's last day), the next year opens on its bank and cash balances, and nothing can
    be entered in it any more (the database refuses it too). `today` and `at` (when it is
    closed) default to now; the demo gives its own."""
    from quartier.association.actions import inkind

    at = at or timezone.now()
    today = today or timezone.localdate(at)
    year = FinancialYear.objects.select_for_update().select_related("association").get(pk=year.pk)
    association = year.association
    if year.is_closed:
        raise AssociationError(_("Cet exercice est déjà clos."))
    if year.ends_on >= today:
        raise AssociationError(
            _("L'exercice se termine le %(end)s : on le clôture une fois terminé.")
            % {"end": year.ends_on.strftime("%d/%m/%Y")}
        )
    before = previous_year(year)
    if before is not None and not before.is_closed:
        raise AssociationError(_("Clôturez d'abord l'exercice %(year)s.") % {"year": before.label})
    record_entries(
        [
            EntrySpec(
                association=association,
                date=year.ends_on,
                kind=Entry.Kind.IN_KIND,
                journal=Entry.Journal.MISC,
                label=line.entry_label,
                lines=[
                    LineSpec(line.kind.charge, debit=line.amount),
                    LineSpec(line.kind.product, credit=line.amount),
                ],
                recorded_by=closed_by,
                recorded_at=at,
            )
            for line in inkind.valuation(association, year.starts_on, year.ends_on)
            if line.amount > 0
        ]
    )
    following = financial_year_for(association, year.ends_on + dt.timedelta(days=1))
    if following.entries.filter(journal=Entry.Journal.OPENING).exists():
        raise AssociationError(
            _("L'exercice %(year)s a déjà des soldes d'ouverture.") % {"year": following.label}
        )
    spec = opening_spec(
        association, following, money_balances(association, year.ends_on), closed_by
    )
    if spec is not None:
        spec.recorded_at = at
        record_entry(spec)
    year.closed_at = at
    year.closed_by = closed_by if getattr(closed_by, "is_authenticated", False) else None
    year.save(update_fields=["closed_at", "closed_by"])
    return year


# --- bank statement ------------------------------------------------------------------------


def check_bank_statement(
    association: Association,
    *,
    on: dt.date,
    statement_balance: int,
    note: str = "",
    checked_by=None,
) -> BankCheck:
    """Compare a bank statement's balance with the book's bank balance that day. The gap is
    recorded and shown; nothing is written to the cash book to hide it."""
    book = money_balances(association, on)[chart.BANK]
    return BankCheck.objects.create(
        association=association,
        on=on,
        statement_balance=statement_balance,
        book_balance=book,
        note=note,
        checked_by=checked_by if getattr(checked_by, "is_authenticated", False) else None,
    )


# --- reading -------------------------------------------------------------------------------


def entries_of(year: FinancialYear) -> QuerySet[Entry]:
    return (
        Entry.objects.filter(financial_year=year)
        .select_related("category", "subsidy__funder", "reverses", "replaces", "recorded_by")
        .prefetch_related("lines")
        .order_by("number")
    )


def signed(entry: Entry) -> int:
    """Money in (+) or out (−) of bank and cash together; 0 for transfers and in-kind."""
    return sum(
        line.debit - line.credit
        for line in entry.lines.all()
        if line.account in chart.MONEY_ACCOUNTS
    )


def year_totals(year: FinancialYear) -> dict[str, int]:
    """Receipts and expenses of the year (money in and out of the charts' classes 6 and 7)."""
    rows = EntryLine.objects.filter(entry__financial_year=year).aggregate(
        products=Sum(F("credit") - F("debit"), filter=Q(account__startswith="7")),
        charges=Sum(F("debit") - F("credit"), filter=Q(account__startswith="6")),
    )
    products, charges = rows["products"] or 0, rows["charges"] or 0
    return {"products": products, "charges": charges, "result": products - charges}
