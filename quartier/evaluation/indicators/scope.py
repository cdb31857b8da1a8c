"""What an indicator is computed over: a run of periods (months, quarters or years), a
territory, a kind of gathering, an activity; and the querysets every indicator starts from.

Periods are cut in Python with the local time zone and handed to the database as bounds, so
the database buckets each row with plain comparisons (`period_index`), on SQLite as on
PostgreSQL, without a date function called row by row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.activities.models import Activity
from quartier.gatherings.models import Attendance, Gathering
from quartier.people.models import Person, Territory

MONTH = "month"
QUARTER = "quarter"
YEAR = "year"
GRANULARITIES = (MONTH, QUARTER, YEAR)
# The people an indicator counts: residents and volunteers, never the professionals.
COUNTED_KINDS = (Person.Kind.RESIDENT, Person.Kind.VOLUNTEER)
MONTH_NAMES = [
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
]


@dataclass(frozen=True)
class Period:
    key: str  # "2024", "2024-T2", "2024-05": stable, for exports
    label: str  # « 2024 », « 2e trimestre 2024 », « mai 2024 »
    short: str  # for a chart's axis: « 2024 », « T2 2024 », « mai 24 »
    first_day: dt.date
    next_day: dt.date  # the day after the last

    @property
    def start(self) -> dt.datetime:
        return _aware(self.first_day)

    @property
    def end(self) -> dt.datetime:
        return _aware(self.next_day)


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()), timezone.get_current_timezone())


def _step(day: dt.date, by: str) -> dt.date:
    months = {MONTH: 1, QUARTER: 3, YEAR: 12}[by]
    month0 = day.month - 1 + months
    return dt.date(day.year + month0 // 12, month0 % 12 + 1, 1)


def period_start(day: dt.date, by: str) -> dt.date:
    if by == YEAR:
        return dt.date(day.year, 1, 1)
    if by == QUARTER:
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return dt.date(day.year, day.month, 1)


def make_period(first_day: dt.date, by: str) -> Period:
    year = first_day.year
    if by == YEAR:
        return Period(str(year), str(year), str(year), first_day, _step(first_day, by))
    if by == QUARTER:
        quarter = (first_day.month - 1) // 3 + 1
        label = (
            _("1er trimestre %(year)d") % {"year": year}
            if quarter == 1
            else _("%(quarter)de trimestre %(year)d") % {"quarter": quarter, "year": year}
        )
        return Period(
            f"{year}-T{quarter}", label, f"T{quarter} {year}", first_day, _step(first_day, by)
        )
    month = MONTH_NAMES[first_day.month - 1]
    return Period(
        f"{year}-{first_day.month:02d}",
        f"{month} {year}",
        f"{month} {year % 100:02d}",
        first_day,
        _step(first_day, by),
    )


def periods_between(first: dt.date, last: dt.date, by: str) -> list[Period]:
    """Every period from the one holding `first` to the one holding `last`, oldest first."""
    periods = []
    day = period_start(first, by)
    while day <= last:
        periods.append(make_period(day, by))
        day = _step(day, by)
    return periods


@dataclass(frozen=True)
class Scope:
    """Which periods, which gatherings. Empty filters mean « all »."""

    periods: tuple[Period, ...]
    by: str = YEAR
    territory: Territory | None = None
    kind: str = ""
    activity: Activity | None = None
    today: dt.date = field(default_factory=timezone.localdate)

    @classmethod
    def of(
        cls,
        first: dt.date,
        last: dt.date,
        by: str = YEAR,
        *,
        territory: Territory | None = None,
        kind: str = "",
        activity: Activity | None = None,
        today: dt.date | None = None,
    ) -> Scope:
        return cls(
            periods=tuple(periods_between(first, last, by)),
            by=by,
            territory=territory,
            kind=kind,
            activity=activity,
            today=today or timezone.localdate(),
        )

    @property
    def start(self) -> dt.datetime:
        return self.periods[0].start

    @property
    def end(self) -> dt.datetime:
        """The end of the last period, or now when it is still running: nothing ahead counts."""
        return min(self.periods[-1].end, timezone.now())

    # --- what is counted -------------------------------------------------------------------

    def chosen(self, prefix: str = "") -> Q:
        """The territory, kind and activity filters, on a gathering reached by `prefix`."""
        p = prefix
        condition = Q()
        if self.territory is not None:
            condition &= Q(**{f"{p}territory": self.territory})
        if self.kind:
            condition &= Q(**{f"{p}kind": self.kind})
        if self.activity is not None:
            condition &= Q(**{f"{p}activity_session__activity": self.activity})
        return condition

    def _bounds(
        self, all_time: bool, until_end: bool, period: Period | None
    ) -> tuple[dt.datetime | None, dt.datetime]:
        """(from, before) of what is counted. One upper bound only: given two, SQLite may
        range its index scan on the looser one and filter the rest row by row."""
        if period is not None:
            return period.start, min(period.end, self.end)
        if all_time:
            return None, timezone.now()
        return (None if until_end else self.start), self.end

    def gatherings(self, *, all_time: bool = False) -> QuerySet[Gathering]:
        """Held gatherings (started, not cancelled) matching the filters."""
        after, before = self._bounds(all_time, False, None)
        gatherings = Gathering.objects.filter(
            self.chosen(), start__lt=before, cancelled_at__isnull=True
        )
        return gatherings if after is None else gatherings.filter(start__gte=after)

    def attendances(
        self, *, all_time: bool = False, until_end: bool = False, period: Period | None = None
    ) -> QuerySet:
        """Attendances of counted people (residents, volunteers) at the scope's gatherings:
        in its periods, or in one `period`, or at any date (`all_time`), or at any date up to
        its end (`until_end`).

        Read from the copies on the attendance row (`held_at`, empty when the gathering was
        cancelled, and `person_kind`): with no territory, kind or activity chosen, no join."""
        after, before = self._bounds(all_time, until_end, period)
        chosen = self.chosen("gathering__")
        dates = ["held_at"]
        if chosen:
            # The gathering is joined for the filters: its own (territory, start) index then
            # finds the period's few gatherings first (`held_at` is a copy of their start).
            dates.append("gathering__start")
        rows = Attendance.objects.filter(chosen, person_kind__in=COUNTED_KINDS)
        for name in dates:
            rows = rows.filter(**{f"{name}__lt": before})
            if after is not None:
                rows = rows.filter(**{f"{name}__gte": after})
        return rows

    def period_index(self, field_name: str) -> Case:
        """The index in `periods` of the period a datetime column falls in (rows already
        limited to the scope's range): plain comparisons against the bounds."""
        return Case(
            *[
                When(**{f"{field_name}__lt": period.end}, then=Value(index))
                for index, period in enumerate(self.periods)
            ],
            default=Value(len(self.periods) - 1),
            output_field=IntegerField(),
        )

    def describe(self) -> str:
        """The filters in words, for captions and exports."""
        parts = []
        if self.territory is not None:
            parts.append(self.territory.name)
        if self.activity is not None:
            parts.append(self.activity.name)
        elif self.kind:
            parts.append(str(Gathering.Kind(self.kind).label))
        first, last = self.periods[0], self.periods[-1]
        parts.append(first.label if first == last else f"{first.label} — {last.label}")
        return ", ".join(parts)
