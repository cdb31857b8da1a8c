"""Subsidies: due dates (the spending report six months after the financial year ends, the next
application), reminders, the payment into the cash book, and each funder's budget against what
was actually spent (each cash-book entry may carry the subsidy it spends)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.association import chart
from quartier.association.actions.assemblies import convocation_deadline
from quartier.association.actions.errors import AssociationError
from quartier.association.actions.ledger import record_money
from quartier.association.models import (
    Association,
    EntryLine,
    GeneralAssembly,
    Subsidy,
)

REPORT_DELAY_MONTHS = 6
REMINDER_DAYS = 60


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def report_due_date(association: Association, year: int) -> dt.date:
    """Six months after the end of the financial year the subsidy was granted for."""
    _start, end = association.year_bounds(year)
    return add_months(end + dt.timedelta(days=1), REPORT_DELAY_MONTHS) - dt.timedelta(days=1)


def subsidy_account(subsidy: Subsidy) -> str:
    return chart.subsidy_account(subsidy.funder.kind)


@transaction.atomic
def record_payment(
    subsidy: Subsidy, *, paid_on: dt.date, amount: int, means: str, recorded_by=None
):
    """The subsidy reaches the bank: a receipt on the funder's 74x account, carrying the
    subsidy, and the subsidy marked paid."""
    subsidy = (
        Subsidy.objects.select_for_update()
        .select_related("funder", "association")
        .get(pk=subsidy.pk)
    )
    if subsidy.paid_on is not None:
        raise AssociationError(
            _("Le versement de cette subvention est déjà noté (le %(date)s).")
            % {"date": subsidy.paid_on.strftime("%d/%m/%Y")}
        )
    entry = record_money(
        subsidy.association,
        kind="receipt",
        date=paid_on,
        amount=amount,
        means=means,
        account=subsidy_account(subsidy),
        label=_("Subvention %(year)s : %(funder)s")
        % {"year": subsidy.year, "funder": subsidy.funder},
        subsidy=subsidy,
        recorded_by=recorded_by if getattr(recorded_by, "is_authenticated", False) else None,
    )
    subsidy.paid_on = paid_on
    if subsidy.amount_granted is None:
        subsidy.amount_granted = amount
    subsidy.save(update_fields=["paid_on", "amount_granted"])
    return entry


# --- reminders -----------------------------------------------------------------------------


@dataclass
class Reminder:
    due_on: dt.date
    text: str
    url: str
    late: bool = False


def due_soon(
    association: Association, today: dt.date | None = None, within: int = REMINDER_DAYS
) -> list[Reminder]:
    """What the association must send soon: spending reports, new applications, notices of
    general assemblies; late ones first."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=within)
    reminders = []
    for subsidy in association.subsidies.select_related("funder").filter(
        Q(report_sent_on__isnull=True, report_due_on__lte=horizon)
        | Q(next_application_on__gte=today, next_application_on__lte=horizon)
    ):
        url = reverse("association:subsidy", args=[subsidy.pk])
        if subsidy.report_sent_on is None and subsidy.report_due_on <= horizon:
            reminders.append(
                Reminder(
                    subsidy.report_due_on,
                    _("Compte rendu financier (Cerfa 15059) de la subvention %(year)s : %(funder)s")
                    % {"year": subsidy.year, "funder": subsidy.funder},
                    url,
                    late=subsidy.report_due_on < today,
                )
            )
        if subsidy.next_application_on and today <= subsidy.next_application_on <= horizon:
            reminders.append(
                Reminder(
                    subsidy.next_application_on,
                    _("Nouvelle demande de subvention : %(funder)s") % {"funder": subsidy.funder},
                    url,
                )
            )
    for assembly in GeneralAssembly.objects.filter(
        association=association,
        convocation_sent_on__isnull=True,
        gathering__start__date__gte=today,
    ).select_related("gathering", "association"):
        deadline = convocation_deadline(assembly)
        if deadline <= horizon:
            reminders.append(
                Reminder(
                    deadline,
                    _("Envoyer la convocation : %(title)s") % {"title": assembly.gathering.title},
                    reverse("association:assembly", args=[assembly.pk]),
                    late=deadline < today,
                )
            )
    return sorted(reminders, key=lambda r: (not r.late, r.due_on))


# --- budget against actual -----------------------------------------------------------------


@dataclass
class FunderBudget:
    funder: object
    granted: int = 0
    received: int = 0
    budget: int = 0  # charges forecast in its subsidies' budgets
    spent: int = 0  # expenses carrying one of its subsidies
    subsidies: list = field(default_factory=list)

    @property
    def left(self) -> int:
        return self.received - self.spent

    @property
    def gap(self) -> int:
        return self.budget - self.spent


def budget_against_actual(association: Association, year: int) -> list[FunderBudget]:
    """Per funder of the year's subsidies: granted, received, planned spending, spending
    carried by its subsidies in the cash book (reversed entries cancel out)."""
    subsidies = list(
        association.subsidies.filter(year=year)
        .select_related("funder")
        .prefetch_related("budget_lines")
    )
    moves = (
        EntryLine.objects.filter(entry__subsidy__in=subsidies)
        .values("entry__subsidy")
        .annotate(
            spent=Sum(F("debit") - F("credit"), filter=Q(account__startswith="6")),
            received=Sum(F("credit") - F("debit"), filter=Q(account__startswith="74")),
        )
    )
    by_subsidy = {row["entry__subsidy"]: row for row in moves}
    funders: dict[int, FunderBudget] = {}
    for subsidy in subsidies:
        row = funders.setdefault(subsidy.funder_id, FunderBudget(subsidy.funder))
        row.subsidies.append(subsidy)
        row.granted += subsidy.amount_granted or 0
        moved = by_subsidy.get(subsidy.pk, {})
        row.received += moved.get("received") or 0
        row.spent += moved.get("spent") or 0
        row.budget += sum(
            line.amount for line in subsidy.budget_lines.all() if line.group.startswith("6")
        )
    return sorted(funders.values(), key=lambda row: str(row.funder))
