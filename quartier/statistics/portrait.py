"""A territory's portrait: its indicators next to its parent areas', and what stands out.

Gaps: for each indicator that is a rate, a share or a published value (not a count), the area
is compared with each of its parent areas. The difference (in percentage points for rates) is
divided by the spread of that indicator among the area's peers under that parent: the other
IRIS of the commune, the other communes of the département, the other départements of
France (standard deviation over peers with a value, at least 3 of them). The resulting
z-score-like `score` ranks the gaps, largest first in absolute value; gaps whose spread cannot
be measured follow, unscored.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from .areas import Area, AreaTree
from .indicators import COUNT, PUBLISHED, Indicator, Result, available_indicators, evaluate
from .reader import Table

MIN_PEERS_FOR_SPREAD = 3


@dataclass
class IndicatorValue:
    id: str
    label: str
    value: float | None
    formula: str
    numerator: float | None
    denominator: float | None
    note: str | None
    unit: str


LEVEL_WORDS = {"iris": "IRIS", "commune": "commune", "departement": "département", "france": ""}


@dataclass
class LevelPortrait:
    level: str
    code: str
    name: str | None
    note: str | None
    indicators: dict[str, IndicatorValue]

    @property
    def title(self) -> str:
        """'Cher (département 18)', 'Bourges (commune 18033)', 'France hors Mayotte'."""
        if self.level == "france":
            return self.name or "France"
        where = f"{LEVEL_WORDS[self.level]} {self.code}"
        return f"{self.name} ({where})" if self.name else where.capitalize()


@dataclass
class Gap:
    indicator: str
    label: str
    unit: str
    area_level: str
    area_code: str
    parent_level: str
    parent_code: str
    area_value: float
    parent_value: float
    difference: float
    spread: float | None
    peers: int
    score: float | None
    note: str | None = None


@dataclass
class Portrait:
    year: int | None
    income_year: int | None
    levels: list[LevelPortrait]
    gaps: list[Gap]
    source: str
    file_name: str | None = None
    variables: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def area(self) -> LevelPortrait:
        return self.levels[0]


class _Evaluator:
    """Indicator results per area, cached: peers are shared between parent levels."""

    def __init__(self, tree: AreaTree, indicators: list[Indicator]) -> None:
        self.tree = tree
        self.indicators = indicators
        self._cache: dict[tuple[Area, str], Result] = {}

    def __call__(self, indicator: Indicator, area: Area) -> Result:
        key = (area, indicator.id)
        result = self._cache.get(key)
        if result is None:
            result = evaluate(indicator, lambda name: self.tree.figure(area, name))
            self._cache[key] = result
        return result


def build_portrait(table: Table, area_code: str, tree: AreaTree | None = None) -> Portrait:
    """The portrait of one area (IRIS, commune or département code) and its parents.

    Raises `AreaNotFoundError` when the file does not hold that area.
    """
    indicators = available_indicators(table)
    tree = tree or AreaTree(table, summed=summed_variables(indicators))
    area = tree.find(area_code)
    results = _Evaluator(tree, indicators)
    levels = [
        LevelPortrait(
            level=node.level,
            code=node.code,
            name=node.name,
            note=node.note,
            indicators={
                indicator.id: _value(indicator, results(indicator, node))
                for indicator in indicators
            },
        )
        for node in area.chain
    ]
    used = {name for indicator in indicators for name in indicator.variables}
    return Portrait(
        year=table.census_year or table.income_year,  # an income-only file has no census
        income_year=table.income_year,
        levels=levels,
        gaps=rank_gaps(_gaps(tree, area, indicators, results)),
        source=_source(table),
        file_name=table.source_name,
        variables={name: table.labels[name] for name in sorted(used) if table.labels.get(name)},
        warnings=[*table.warnings, *tree.warnings],
        unknown_columns=list(table.unknown_columns),
    )


def summed_variables(indicators: list[Indicator]) -> list[str]:
    """The variables added up the tree (published medians and rates never are)."""
    names: dict[str, None] = {}
    for indicator in indicators:
        if indicator.kind != PUBLISHED:
            names.update(dict.fromkeys(indicator.variables))
    return list(names)


def _value(indicator: Indicator, result: Result) -> IndicatorValue:
    return IndicatorValue(
        id=indicator.id,
        label=indicator.label,
        value=result.value,
        formula=indicator.formula,
        numerator=result.numerator,
        denominator=result.denominator,
        note=result.note,
        unit=indicator.unit,
    )


def _gaps(
    tree: AreaTree, area: Area, indicators: list[Indicator], results: _Evaluator
) -> list[Gap]:
    gaps = []
    for indicator in indicators:
        if indicator.kind == COUNT:
            continue  # a commune's population against its département's says nothing
        own = results(indicator, area).value
        if own is None:
            continue
        for parent in area.chain[1:]:
            theirs = results(indicator, parent).value
            if theirs is None:
                continue
            values = [
                value
                for peer in tree.peers(area, parent)
                if (value := results(indicator, peer).value) is not None
            ]
            spread = _spread(values) if len(values) >= MIN_PEERS_FOR_SPREAD else None
            difference = own - theirs
            score = difference / spread if spread else None
            gaps.append(
                Gap(
                    indicator=indicator.id,
                    label=indicator.label,
                    unit=indicator.unit,
                    area_level=area.level,
                    area_code=area.code,
                    parent_level=parent.level,
                    parent_code=parent.code,
                    area_value=own,
                    parent_value=theirs,
                    difference=difference,
                    spread=spread,
                    peers=len(values),
                    score=score,
                    note=None
                    if score is not None
                    else "Dispersion non mesurable : trop peu de territoires comparables.",
                )
            )
    return gaps


def _spread(values: list[float]) -> float:
    """Population standard deviation (stdlib `statistics` is shadowed by this package's name)."""
    mean = math.fsum(values) / len(values)
    return math.sqrt(math.fsum((value - mean) ** 2 for value in values) / len(values))


def rank_gaps(gaps: list[Gap]) -> list[Gap]:
    """Most unusual first (largest |score|); unscored gaps last, in their original order."""
    scored = sorted((g for g in gaps if g.score is not None), key=lambda g: -abs(g.score or 0))
    return scored + [g for g in gaps if g.score is None]


def _source(table: Table) -> str:
    if table.sources:
        return "Source : " + ", ".join(table.sources) + "."
    parts = []
    if table.census_year:
        parts.append(f"recensement de la population {table.census_year}")
    if table.income_year:
        parts.append(f"Filosofi {table.income_year}")
    return "Source : Insee" + (", " + " et ".join(parts) if parts else "") + "."


def portrait_to_dict(portrait: Portrait) -> dict[str, Any]:
    """The portrait as JSON-ready data: `year`, `levels` (area first), ranked `gaps`..."""
    return {
        "year": portrait.year,
        "income_year": portrait.income_year,
        "area": {
            "level": portrait.area.level,
            "code": portrait.area.code,
            "name": portrait.area.name,
        },
        "levels": [
            {
                "level": level.level,
                "code": level.code,
                "name": level.name,
                "note": level.note,
                "indicators": {
                    key: {
                        "value": item.value,
                        "label": item.label,
                        "formula": item.formula,
                        "numerator": item.numerator,
                        "denominator": item.denominator,
                        "note": item.note,
                        "unit": item.unit,
                    }
                    for key, item in level.indicators.items()
                },
            }
            for level in portrait.levels
        ],
        "gaps": [
            {
                "indicator": gap.indicator,
                "label": gap.label,
                "unit": gap.unit,
                "area_level": gap.area_level,
                "area_code": gap.area_code,
                "parent_level": gap.parent_level,
                "parent_code": gap.parent_code,
                "area_value": gap.area_value,
                "parent_value": gap.parent_value,
                "difference": gap.difference,
                "spread": gap.spread,
                "peers": gap.peers,
                "score": gap.score,
                "note": gap.note,
            }
            for gap in portrait.gaps
        ],
        "source": portrait.source,
        "file": portrait.file_name,
        "variables": portrait.variables,
        "warnings": portrait.warnings,
        "unknown_columns": portrait.unknown_columns,
    }
