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

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, Count, DateTimeField, ExpressionWrapper, F, Max, Min, Q, When

from quartier.evaluation.indicators import sql
from quartier.evaluation.indicators.scope import Period, Scope
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
    condition = Q(person__kind=Person.Kind.RESIDENT)
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
    period = scope.period_index("gathering__start")
    in_scope = scope.attendances()

    # One row per person and period (visits, whether a resident of the territory), counted
    # over in one outer query: participants, regulars and residents reached together.
    visits = (
        in_scope.annotate(period=period)
        .values("period", "person")
        .annotate(
            n=Count("pk"),
            resident=Max(Case(When(_residents(scope), then=1), default=0)),
        )
    )
    q = sql.q
    for index, participants, regulars, reached in sql.over(
        visits,
        f"{q('period')}, COUNT(*), SUM(CASE WHEN {q('n')} >= %s THEN 1 ELSE 0 END), "
        f"SUM({q('resident')})",
        group_by=q("period"),
        select_params=(REGULAR_VISITS,),
    ):
        rows[index].participants = participants
        rows[index].regulars = regulars
        rows[index].residents_reached = reached

    for index, newcomers, back in _newcomers(scope):
        rows[index].newcomers = newcomers
        rows[index].newcomers_back = back

    residents = residents_count(scope)
    for row in rows:
        row.residents = residents
    return rows


def _newcomers(scope: Scope) -> list[tuple[int, int, int]]:
    """(period index, newcomers, newcomers back within RETURN_DAYS) for the periods that have
    any. One grouped query gives each person's first visit (kept when it falls in the range);
    those rows joined to the visits count who came again before their horizon."""
    start = F("gathering__start")
    firsts = (
        scope.attendances(all_time=True)
        .values("person_id")
        .annotate(
            first_visit=Min(start),
            horizon=ExpressionWrapper(
                Min(start) + dt.timedelta(days=RETURN_DAYS), output_field=DateTimeField()
            ),
        )
        .filter(first_visit__gte=scope.start, first_visit__lt=scope.end)
        .order_by()
    )
    visits = scope.attendances(all_time=True).values("person_id", visit_at=start).order_by()
    first_sql, first_params = firsts.query.sql_with_params()
    visit_sql, visit_params = visits.query.sql_with_params()
    q = sql.q
    bounds = [sql.param(period.end) for period in scope.periods]
    cases = " ".join(
        f"WHEN f.{q('first_visit')} < %s THEN {index}" for index in range(len(scope.periods))
    )
    bucket = f"CASE {cases} ELSE {len(scope.periods) - 1} END"
    # A join (hashed by PostgreSQL, indexed on the fly by SQLite) rather than a check per row.
    query = (
        f"SELECT {bucket}, COUNT(DISTINCT f.{q('person_id')}), "  # noqa: S608 (our own SQL)
        f"COUNT(DISTINCT v.{q('person_id')}) "
        f"FROM ({first_sql}) f LEFT JOIN ({visit_sql}) v "
        f"ON v.{q('person_id')} = f.{q('person_id')} "
        f"AND v.{q('visit_at')} > f.{q('first_visit')} "
        f"AND v.{q('visit_at')} <= f.{q('horizon')} "
        f"GROUP BY {bucket}"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, (*bounds, *first_params, *visit_params, *bounds))
        return cursor.fetchall()
