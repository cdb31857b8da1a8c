"""The open-data table: how many people came to each activity each month of a year, for
anyone to reuse, identifying nobody.

- months, never dates; activities whose year gathered fewer people than the minimum are merged
  into « Autres activités », and gatherings outside any activity are counted by kind;
- each cell counts distinct people (residents and volunteers) in a month; totals add the cells
  (people-months), so they are additive and the suppression rules can hold;
- no published cell, total included, below `QUARTIER_MIN_COUNT` (11, INSEE's rule), and
  secondary suppression so a hidden cell cannot be recomputed (`suppression`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, F, Value, When
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext as _

from quartier.evaluation.indicators import sql
from quartier.evaluation.indicators.scope import MONTH, Scope
from quartier.evaluation.loneliness import min_count
from quartier.evaluation.suppression import Grid, suppress
from quartier.gatherings.models import Gathering
from quartier.people.models import Territory

SECRET = "secret"  # noqa: S105 (the word printed in a hidden cell)


@dataclass
class OpenTable:
    year: int
    territory: Territory | None
    groups: list[str]
    months: list[str]  # "2024-01"
    grid: Grid
    minimum: int

    def header(self) -> list[str]:
        return [_("Activité"), *self.months, _("Total")]

    def rows(self) -> list[list[object]]:
        labels = [*self.groups, _("Total")]
        return [
            [label]
            + [
                SECRET if value is None else value
                for value in (self.grid.shown(i, j) for j in range(len(self.months) + 1))
            ]
            for i, label in enumerate(labels)
        ]


def _group_key():
    """An activity's id, or the gathering's kind when it belongs to no activity."""
    return Case(
        When(
            gathering__activity_session__isnull=False,
            then=Concat(
                Value("a"),
                Cast("gathering__activity_session__activity_id", CharField()),
            ),
        ),
        default=Concat(Value("k"), F("gathering__kind")),
        output_field=CharField(),
    )


def open_table(year: int, territory: Territory | None = None) -> OpenTable:
    minimum = min_count()
    scope = Scope.of(dt.date(year, 1, 1), dt.date(year, 12, 31), MONTH, territory=territory)
    attendances = scope.attendances().annotate(group=_group_key()).order_by()
    sizes = dict(attendances.values_list("group").annotate(n=Count("person", distinct=True)))
    small = {key for key, n in sizes.items() if n < minimum}
    other = "other"
    merged = (
        Case(
            *[When(group=key, then=Value(other)) for key in sorted(small)],
            default=F("group"),
            output_field=CharField(),
        )
        if small
        else F("group")
    )
    # One small grouped query per month (sql.over_each) rather than one over the year that
    # buckets every row into its month before counting distinct people.
    q = sql.q
    counts: dict[str, dict[int, int]] = {}
    for month, key, n in sql.over_each(
        [
            scope.attendances(period=period)
            .annotate(group=_group_key(), merged=merged)
            .values("merged")
            .annotate(n=Count("person", distinct=True))
            for period in scope.periods
        ],
        f"{q('merged')}, {q('n')}",
    ):
        counts.setdefault(key, {})[month] = n
    names = _names({key for key in counts if key != other})
    keys = sorted((k for k in counts if k != other), key=lambda k: names[k])
    if other in counts:
        keys.append(other)
    names[other] = _("Autres activités")
    months = [p.key for p in scope.periods]
    cells = [[counts[key].get(m, 0) for m in range(len(months))] for key in keys]
    grid = suppress(cells or [[0] * len(months)], minimum)
    return OpenTable(
        year=year,
        territory=territory,
        groups=[names[k] for k in keys] or [_("Aucune activité")],
        months=months,
        grid=grid,
        minimum=minimum,
    )


def _names(keys: set[str]) -> dict[str, str]:
    from quartier.activities.models import Activity

    ids = [int(k[1:]) for k in keys if k.startswith("a")]
    activity_names = dict(Activity.objects.filter(pk__in=ids).values_list("pk", "name"))
    names = {}
    for key in keys:
        if key.startswith("a"):
            names[key] = activity_names.get(int(key[1:]), "")
        else:
            names[key] = str(Gathering.Kind(key[1:]).label)
    return names
