"""The handover over time: how many of an activity's sessions were held without a professional,
and how many residents ran alone, by year or by quarter. Read from attendance alone
(`gatherings.leadership`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.gatherings.leadership import leadership_of, with_leadership
from quartier.gatherings.models import Gathering

YEAR = "year"
QUARTER = "quarter"


@dataclass
class Period:
    label: str
    held: int = 0
    with_professional: int = 0
    run_by_residents: int = 0

    @property
    def without_professional(self) -> int:
        return self.held - self.with_professional

    @property
    def share_without_professional(self) -> int:
        """Per cent of the sessions held with no professional in the room."""
        return round(100 * self.without_professional / self.held) if self.held else 0

    @property
    def share_run_by_residents(self) -> int:
        return round(100 * self.run_by_residents / self.held) if self.held else 0


def held(gatherings: QuerySet[Gathering]) -> QuerySet[Gathering]:
    """Sessions that took place: started already, not cancelled."""
    return gatherings.filter(start__lt=timezone.now(), cancelled_at__isnull=True)


def _period_label(moment, by: str) -> str:
    local = timezone.localtime(moment)
    if by == QUARTER:
        quarter = (local.month - 1) // 3 + 1
        if quarter == 1:
            return _("1er trimestre %(year)d") % {"year": local.year}
        return _("%(quarter)de trimestre %(year)d") % {"year": local.year, "quarter": quarter}
    return str(local.year)


QUARTERS_SHOWN = 12


def share_over_time(gatherings: QuerySet[Gathering], *, by: str = YEAR) -> list[Period]:
    """One row per year in which sessions were held, oldest first; or per quarter over the
    last three years (more would be too long a list to read)."""
    periods: dict[str, Period] = {}
    gatherings = held(gatherings)
    if by == QUARTER:
        today = timezone.localdate()
        first_quarter = dt.date(today.year - QUARTERS_SHOWN // 4 + 1, 1, 1)
        gatherings = gatherings.filter(start__date__gte=first_quarter)
    rows = with_leadership(gatherings).order_by("start")
    for gathering in rows.only("pk", "start"):
        label = _period_label(gathering.start, by)
        period = periods.setdefault(label, Period(label))
        leadership = leadership_of(gathering)
        period.held += 1
        period.with_professional += leadership.professional_present
        period.run_by_residents += leadership.run_by_residents_alone
    return list(periods.values())


def natural_period(periods_by_year: Iterable[Period]) -> str:
    """Quarters when the activity is young (three years or fewer), else years."""
    return QUARTER if len(list(periods_by_year)) <= 3 else YEAR
