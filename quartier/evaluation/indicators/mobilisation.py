"""Mobilisation per period: who came, who came for the first time, who came often, whether
newcomers came back, and how much of the territory's population the action reached.

Every figure is one grouped query (or one query over a grouped query, `sql.over`): the cost
follows the number of periods, not the number of attendances.

- participants: distinct people (residents and volunteers) present in the period;
- newcomers: people whose first visit ever (under the same filters) falls in the period;
- regulars: people present `REGULAR_VISITS` times or more in the period;
- retention: of the period's newcomers, those who came again within `RETURN_DAYS` days of
  their first visit;
- reach: distinct residents of the territory who came, over the territory's residents.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)

from quartier.evaluation.indicators import sql
from quartier.evaluation.indicators.scope import COUNTED_KINDS, Period, Scope
from quartier.people.models import Person

REGULAR_VISITS = 3
RETURN_DAYS = 60


@dataclass
class Mobilisation:
    period: Period
    participants: int = 0
    newcomers: int = 0
    regulars: int = 0
    newcomers_back: int = 0
    residents_reached: int = 0
    residents: int = 0

    @property
    def retention(self) -> int | None:
        """Per cent of the newcomers who came back within RETURN_DAYS days."""
        return round(100 * self.newcomers_back / self.newcomers) if self.newcomers else None

    @property
    def reach(self) -> float | None:
        """Per cent of the territory's residents who came (one decimal)."""
        return round(100 * self.residents_reached / self.residents, 1) if self.residents else None


def _residents(scope: Scope) -> Q:
    condition = Q(person_kind=Person.Kind.RESIDENT)
    if scope.territory is not None:
        condition &= Q(person__territory=scope.territory)
    return condition


def residents_count(scope: Scope) -> int:
    people = Person.objects.filter(kind=Person.Kind.RESIDENT, anonymised_at__isnull=True)
    if scope.territory is not None:
        people = people.filter(territory=scope.territory)
    return people.count()


def mobilisation(scope: Scope) -> list[Mobilisation]:
    """One row per period of `scope`, oldest first."""
    rows = [Mobilisation(period) for period in scope.periods]

    # Per period, one row per person (visits, whether a resident of the territory), counted
    # over in one outer query: participants, regulars and residents reached together.
    def visits(period: Period):
        return (
            scope.attendances(period=period)
            .values("person")
            .annotate(
                n=Count("pk"),
                resident=Max(Case(When(_residents(scope), then=1), default=0)),
            )
        )

    q = sql.q
    for index, participants, regulars, reached in sql.over_each(
        [visits(period) for period in scope.periods],
        f"COUNT(*), SUM(CASE WHEN {q('n')} >= %s THEN 1 ELSE 0 END), SUM({q('resident')})",
        select_params=(REGULAR_VISITS,),
    ):
        rows[index].participants = participants
        rows[index].regulars = regulars or 0
        rows[index].residents_reached = reached or 0

    for index, newcomers, back in _newcomers(scope):
        rows[index].newcomers = newcomers
        rows[index].newcomers_back = back

    residents = residents_count(scope)
    for row in rows:
        row.residents = residents
    return rows


def _first_visits(scope: Scope) -> QuerySet:
    """(person_id, first_visit) of everyone who came under the scope's filters.

    With no filter, each first visit is one seek in the attendance index by person: 20,000
    seeks rather than a pass over every attendance. With a territory, kind or activity, most
    people never came to what is chosen: the few chosen gatherings' rows are grouped instead."""
    if scope.chosen():
        return (
            scope.attendances(all_time=True)
            .values("person_id")
            .annotate(first_visit=Min("held_at"))
            .order_by()
        )
    first_visit = (
        scope.attendances(all_time=True)
        .filter(person=OuterRef("pk"))
        .order_by("held_at")
        .values("held_at")[:1]
    )
    return (
        Person.objects.filter(kind__in=COUNTED_KINDS)
        .annotate(first_visit=Subquery(first_visit))
        .values("first_visit", person_id=F("pk"))
        .order_by()
    )


def _newcomers(scope: Scope) -> list[tuple[int, int, int]]:
    """(period index, newcomers, newcomers back within RETURN_DAYS) for the periods that have
    any: the people whose first visit falls in the range, and whether one more seek in the
    attendance index by person finds them again within RETURN_DAYS days."""
    firsts = _first_visits(scope)
    visits = scope.attendances(all_time=True).values("person_id", "held_at").order_by()
    first_sql, first_params = firsts.query.sql_with_params()
    visit_sql, visit_params = visits.query.sql_with_params()
    q = sql.q
    person, held_at, first = q("person_id"), q("held_at"), q("first_visit")
    bounds = [sql.param(period.end) for period in scope.periods]
    cases = " ".join(f"WHEN f.{first} < %s THEN {index}" for index in range(len(scope.periods)))
    bucket = f"CASE {cases} ELSE {len(scope.periods) - 1} END"
    horizon = sql.plus_days(f"f.{first}", RETURN_DAYS)
    came_back = (
        f"EXISTS (SELECT 1 FROM ({visit_sql}) v WHERE v.{person} = f.{person} "  # noqa: S608
        f"AND v.{held_at} > f.{first} AND v.{held_at} <= {horizon})"
    )
    # MATERIALIZED: each first visit is looked up once, not again in every later expression.
    query = (
        f"WITH f AS MATERIALIZED ({first_sql}) "  # noqa: S608 (our own SQL)
        f"SELECT {bucket}, COUNT(*), SUM(CASE WHEN {came_back} THEN 1 ELSE 0 END) "
        f"FROM f WHERE f.{first} >= %s AND f.{first} < %s GROUP BY {bucket}"
    )
    range_params = (sql.param(scope.start), sql.param(scope.end))
    with connection.cursor() as cursor:
        cursor.execute(query, (*first_params, *bounds, *visit_params, *range_params, *bounds))
        return cursor.fetchall()
