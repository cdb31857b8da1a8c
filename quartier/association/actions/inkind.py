"""In-kind contributions, valued at the foot of the income statement (86/87), apart from the
result, and never typed twice:

- volunteer hours come from attendance: every facilitator (`Attendance.role` facilitator) of
  an activity session or an event of the association's territory, who is not a professional
  (professionals are paid to be there), counts the session's length (end − start); times the
  association's hourly rate. Gatherings without an end time count nothing and are reported.
- premises lent: hours of use per week × the weeks of the agreement within the period × the
  reference hourly rate of the loan;
- gifts (the town's furniture): their estimated value, in the period they were given.

Only `gatherings` models are read, so this works whether or not the activities app is there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F, Q, Sum
from django.utils.translation import gettext as _

from quartier.association import chart
from quartier.association.models import Association, EntryLine, FinancialYear
from quartier.association.money import euros, times_rate
from quartier.gatherings.models import Attendance, Gathering
from quartier.people.models import Person

# Gatherings whose facilitators give volunteer time to the association.
VOLUNTEER_KINDS = (Gathering.Kind.ACTIVITY_SESSION, Gathering.Kind.EVENT)
HOURS = Decimal("0.01")


@dataclass
class VolunteerTime:
    hours: Decimal
    attendances: int
    gatherings: int
    people: int
    without_end: int


@dataclass
class InKindLine:
    kind: chart.InKindKind
    label: str
    amount: int
    method: str  # how it was valued, in plain words (the Cerfa's annex asks)

    @property
    def entry_label(self) -> str:
        return self.label[:200]


def _day_bounds(start: dt.date, end: dt.date) -> Q:
    return Q(gathering__start__date__gte=start, gathering__start__date__lte=end)


def volunteer_time(association: Association, start: dt.date, end: dt.date) -> VolunteerTime:
    """Facilitators' hours at the association's activity sessions and events in the period."""
    attendances = (
        Attendance.objects.filter(
            _day_bounds(start, end),
            role=Attendance.Role.FACILITATOR,
            gathering__kind__in=VOLUNTEER_KINDS,
            gathering__territory_id=association.territory_id,
        )
        .exclude(person__kind=Person.Kind.PROFESSIONAL)
        .values_list("gathering_id", "person_id", "gathering__start", "gathering__end")
    )
    seconds = 0
    gatherings: set[int] = set()
    people: set[int] = set()
    without_end: set[int] = set()
    count = 0
    for gathering_id, person_id, started, ended in attendances:
        if ended is None or ended <= started:
            without_end.add(gathering_id)
            continue
        seconds += int((ended - started).total_seconds())
        gatherings.add(gathering_id)
        people.add(person_id)
        count += 1
    hours = (Decimal(seconds) / 3600).quantize(HOURS, rounding=ROUND_HALF_UP)
    return VolunteerTime(hours, count, len(gatherings), len(people), len(without_end))


def premises_weeks(loan, start: dt.date, end: dt.date) -> int:
    """Whole weeks of the loan's agreement that fall within [start, end]."""
    first = max(start, loan.agreement_start)
    last = min(end, loan.agreement_end or end)
    if last < first:
        return 0
    return ((last - first).days + 1) // 7


def valuation(association: Association, start: dt.date, end: dt.date) -> list[InKindLine]:
    """The in-kind contributions of the period, computed from what is recorded today."""
    lines = []
    time = volunteer_time(association, start, end)
    rate = association.volunteer_hourly_rate
    lines.append(
        InKindLine(
            kind=chart.VOLUNTEERING,
            label=_("Bénévolat : %(hours)s h d'animation à %(rate)s de l'heure")
            % {"hours": _hours(time.hours), "rate": euros(rate)},
            amount=times_rate(time.hours, rate),
            method=_(
                "%(hours)s heures : %(people)s bénévoles ont animé %(gatherings)s séances "
                "d'activité ou événements (durée de chaque séance, d'après les présences), "
                "valorisées à %(rate)s de l'heure."
            )
            % {
                "hours": _hours(time.hours),
                "people": time.people,
                "gatherings": time.gatherings,
                "rate": euros(rate),
            },
        )
    )
    for loan in association.premises_loans.select_related("lender"):
        weeks = premises_weeks(loan, start, end)
        if not weeks:
            continue
        hours = loan.hours_per_week * weeks
        lines.append(
            InKindLine(
                kind=chart.PREMISES,
                label=_("Local prêté par %(lender)s : %(description)s")
                % {"lender": loan.lender, "description": loan.description},
                amount=times_rate(hours, loan.hourly_rate),
                method=_(
                    "%(per_week)s h par semaine × %(weeks)s semaines × %(rate)s de l'heure "
                    "(valeur locative d'une salle semblable)."
                )
                % {
                    "per_week": _hours(loan.hours_per_week),
                    "weeks": weeks,
                    "rate": euros(loan.hourly_rate),
                },
            )
        )
    for gift in association.gifts.filter(given_on__gte=start, given_on__lte=end).select_related(
        "giver"
    ):
        lines.append(
            InKindLine(
                kind=chart.GIFTS,
                label=_("Don de %(giver)s : %(description)s")
                % {"giver": gift.giver, "description": gift.description},
                amount=gift.value,
                method=_("Valeur estimée du don : %(value)s.") % {"value": euros(gift.value)},
            )
        )
    return lines


def _hours(hours: Decimal) -> str:
    return f"{hours.normalize():f}".replace(".", ",")


def recorded_in_kind(year: FinancialYear) -> dict[str, int]:
    """The 86/87 amounts written at the closing of `year`, by account."""
    rows = (
        EntryLine.objects.filter(entry__financial_year=year)
        .filter(Q(account__startswith="86") | Q(account__startswith="87"))
        .values("account")
        .annotate(net=Sum(F("debit") - F("credit")))
    )
    return {row["account"]: abs(row["net"] or 0) for row in rows}


def in_kind_by_account(year: FinancialYear) -> dict[str, int]:
    """86/87 amounts of the year: as recorded once closed, as computed today while open."""
    if year.is_closed:
        return recorded_in_kind(year)
    totals: dict[str, int] = {}
    for line in valuation(year.association, year.starts_on, year.ends_on):
        for account in (line.kind.charge, line.kind.product):
            totals[account] = totals.get(account, 0) + line.amount
    return totals
