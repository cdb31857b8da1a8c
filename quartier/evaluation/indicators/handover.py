"""The handover index per period (a year, usually): the share of the gatherings held with no
professional present, and the share facilitated by residents (a resident or volunteer recorded
as facilitator, professionals there or not). Read from attendance alone, as
`gatherings.leadership` defines it; one query over the annotated gatherings."""

from __future__ import annotations

from dataclasses import dataclass

from quartier.evaluation.indicators import sql
from quartier.evaluation.indicators.scope import Period, Scope
from quartier.gatherings.leadership import with_leadership


@dataclass
class Handover:
    period: Period
    held: int = 0
    without_professional: int = 0
    facilitated_by_residents: int = 0

    @property
    def share_without_professional(self) -> int | None:
        return round(100 * self.without_professional / self.held) if self.held else None

    @property
    def share_facilitated_by_residents(self) -> int | None:
        return round(100 * self.facilitated_by_residents / self.held) if self.held else None


def handover(scope: Scope) -> list[Handover]:
    rows = [Handover(period) for period in scope.periods]
    gatherings = (
        with_leadership(scope.gatherings())
        .annotate(period=scope.period_index("start"))
        .values("pk", "period", "professionals_present", "resident_facilitators")
    )
    q = sql.q
    for index, held, without, by_residents in sql.over(
        gatherings,
        f"{q('period')}, COUNT(*), "
        f"SUM(CASE WHEN {q('professionals_present')} = 0 THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN {q('resident_facilitators')} > 0 THEN 1 ELSE 0 END)",
        group_by=q("period"),
    ):
        rows[index].held = held
        rows[index].without_professional = without
        rows[index].facilitated_by_residents = by_residents
    return rows
