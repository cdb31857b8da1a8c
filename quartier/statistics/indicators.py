"""Derived indicators: which INSEE variables they use, and how they are computed.

An indicator is defined with variable templates (`P{c}_CHOM1564`: `{c}` is the census year,
`{p}` five years before, `{i}` the income year) and resolved against a table's columns: it is
offered only when all its variables are there. Rates and shares are percentages computed from
summed numerators and denominators, never averaged. Medians and poverty rates are published
values (kind "published"): they exist only on rows of the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .areas import Figure
from .reader import Table

COUNT, SHARE, COMPLEMENT, GROWTH, PUBLISHED = "count", "share", "complement", "growth", "published"


@dataclass(frozen=True)
class IndicatorSpec:
    id: str
    label: str
    kind: str
    numerator: tuple[str, ...]  # published: candidate variable names, first present wins
    denominator: tuple[str, ...] = ()
    unit: str = "%"
    published_as: str = ""  # published: "médiane publiée", "taux publié"
    upper_level_note: str = ""  # published: why it cannot be computed above the rows


MEDIAN_NOTE = (
    "Non calculable à ce niveau : une médiane ne s'additionne pas, et celle d'un ensemble de "
    "territoires n'est pas la moyenne de leurs médianes. Voir la valeur publiée par l'Insee "
    "pour ce territoire."
)
POVERTY_NOTE = (
    "Non calculable à ce niveau : le taux de pauvreté se calcule sur les revenus des ménages, "
    "pas à partir des taux des territoires qui le composent. Voir la valeur publiée par l'Insee "
    "pour ce territoire."
)

SPECS: tuple[IndicatorSpec, ...] = (
    IndicatorSpec("population", "Population", COUNT, ("P{c}_POP",), unit="habitants"),
    IndicatorSpec(
        "population_change",
        "Évolution annuelle moyenne de la population",
        GROWTH,
        ("P{c}_POP",),
        ("P{p}_POP",),
        unit="% par an",
    ),
    IndicatorSpec(
        "under_15_share", "Part des moins de 15 ans", SHARE, ("P{c}_POP0014",), ("P{c}_POP",)
    ),
    IndicatorSpec(
        "under_25_share",
        "Part des moins de 25 ans",
        SHARE,
        ("P{c}_POP0002", "P{c}_POP0305", "P{c}_POP0610", "P{c}_POP1117", "P{c}_POP1824"),
        ("P{c}_POP",),
    ),
    IndicatorSpec("age_15_29_share", "Part des 15-29 ans", SHARE, ("P{c}_POP1529",), ("P{c}_POP",)),
    IndicatorSpec(
        "over_65_share", "Part des 65 ans ou plus", SHARE, ("P{c}_POP65P",), ("P{c}_POP",)
    ),
    IndicatorSpec(
        "over_75_share", "Part des 75 ans ou plus", SHARE, ("P{c}_POP75P",), ("P{c}_POP",)
    ),
    IndicatorSpec(
        "foreign_nationals_share",
        "Part des personnes de nationalité étrangère",
        SHARE,
        ("P{c}_POP_ETR",),
        ("P{c}_POP",),
    ),
    IndicatorSpec(
        "immigrants_share", "Part des personnes immigrées", SHARE, ("P{c}_POP_IMM",), ("P{c}_POP",)
    ),
    IndicatorSpec(
        "single_parent_families_share",
        "Part des familles monoparentales",
        SHARE,
        ("C{c}_FAMMONO",),
        ("C{c}_FAM",),
    ),
    IndicatorSpec(
        "single_person_households_share",
        "Part des ménages d'une seule personne",
        SHARE,
        ("C{c}_MENPSEUL",),
        ("C{c}_MEN",),
    ),
    IndicatorSpec(
        "unemployment_rate",
        "Taux de chômage des 15-64 ans (au sens du recensement)",
        SHARE,
        ("P{c}_CHOM1564",),
        ("P{c}_ACT1564",),
    ),
    IndicatorSpec(
        "households_without_car_share",
        "Part des ménages sans voiture",
        COMPLEMENT,
        ("P{c}_RP_VOIT1P",),
        ("P{c}_RP",),
    ),
    IndicatorSpec(
        "owner_occupied_share",
        "Part des résidences principales occupées par leur propriétaire",
        SHARE,
        ("P{c}_RP_PROP",),
        ("P{c}_RP",),
    ),
    IndicatorSpec(
        "social_housing_share",
        "Part des résidences principales louées vides en HLM",
        SHARE,
        ("P{c}_RP_LOCHLMV",),
        ("P{c}_RP",),
    ),
    IndicatorSpec(
        "vacant_dwellings_share",
        "Part des logements vacants",
        SHARE,
        ("P{c}_LOGVAC",),
        ("P{c}_LOG",),
    ),
    IndicatorSpec(
        "secondary_homes_share",
        "Part des résidences secondaires et logements occasionnels",
        SHARE,
        ("P{c}_RSECOCC",),
        ("P{c}_LOG",),
    ),
    IndicatorSpec(
        "poverty_rate",
        "Taux de pauvreté (seuil à 60 % du niveau de vie médian)",
        PUBLISHED,
        ("TP60{i}", "DISP_TP60{i}"),
        published_as="taux publié",
        upper_level_note=POVERTY_NOTE,
    ),
    IndicatorSpec(
        "median_living_standard",
        "Médiane du niveau de vie (€ par an et par unité de consommation)",
        PUBLISHED,
        ("MED{i}", "DISP_MED{i}"),
        unit="€",
        published_as="médiane publiée",
        upper_level_note=MEDIAN_NOTE,
    ),
)
SPECS_BY_ID = {spec.id: spec for spec in SPECS}


@dataclass(frozen=True)
class Indicator:
    """An indicator resolved against one table: concrete variable names and formula."""

    spec: IndicatorSpec
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    formula: str
    years: int = 0  # growth: years between the two censuses
    income_year: int | None = None

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def label(self) -> str:
        return self.spec.label

    @property
    def kind(self) -> str:
        return self.spec.kind

    @property
    def unit(self) -> str:
        return self.spec.unit

    @property
    def variables(self) -> tuple[str, ...]:
        return self.numerator + self.denominator


@dataclass(frozen=True)
class Result:
    value: float | None
    numerator: float | None
    denominator: float | None
    note: str | None


def _terms(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else "(" + " + ".join(names) + ")"


def resolve(spec: IndicatorSpec, table: Table) -> Indicator | None:
    """The indicator with this table's variable names, or None if a variable is absent."""
    census, income = table.census_year, table.income_year
    if spec.kind == PUBLISHED:
        if income is None:
            return None
        for template in spec.numerator:
            name = template.format(i=f"{income % 100:02d}")
            if name in table.columns:
                formula = f"{name} ({spec.published_as} par l'Insee, revenus {income})"
                return Indicator(spec, (name,), (), formula, 0, income)
        return None
    if census is None:
        return None
    years = 5 if spec.kind == GROWTH else 0
    c, p = f"{census % 100:02d}", f"{(census - 5) % 100:02d}"
    numerator = tuple(t.format(c=c, p=p) for t in spec.numerator)
    denominator = tuple(t.format(c=c, p=p) for t in spec.denominator)
    if any(name not in table.columns for name in numerator + denominator):
        return None
    top, bottom = _terms(numerator), _terms(denominator)
    formula = {
        COUNT: " + ".join(numerator),
        SHARE: f"{top} / {bottom} × 100",
        COMPLEMENT: f"(1 − {top} / {bottom}) × 100",
        GROWTH: f"(({top} / {bottom})^(1/{years}) − 1) × 100",
    }[spec.kind]
    return Indicator(spec, numerator, denominator, formula, years)


def available_indicators(table: Table) -> list[Indicator]:
    """The indicators this table can give, in display order."""
    return [indicator for spec in SPECS if (indicator := resolve(spec, table)) is not None]


def evaluate(indicator: Indicator, figure: Callable[[str], Figure]) -> Result:
    """Compute an indicator for one area, `figure(variable)` giving that area's variables."""
    if indicator.kind == PUBLISHED:
        found = figure(indicator.numerator[0])
        if not found.published:
            return Result(None, None, None, indicator.spec.upper_level_note)
        if found.value is None:
            return Result(
                None,
                None,
                None,
                "Non diffusé par l'Insee pour ce territoire (secret statistique, trop peu de "
                "ménages, ou valeur non produite).",
            )
        return Result(found.value, None, None, None)

    figures = {name: figure(name) for name in indicator.variables}
    lacking = [figures[name].missing_note(name) for name in figures if figures[name].value is None]
    if lacking:
        return Result(None, None, None, "Non calculable : " + " ".join(lacking))
    top = sum(figures[name].value or 0.0 for name in indicator.numerator)
    if indicator.kind == COUNT:
        return Result(top, top, None, None)
    bottom = sum(figures[name].value or 0.0 for name in indicator.denominator)
    if bottom <= 0:
        return Result(None, top, bottom, f"Non calculable : {_terms(indicator.denominator)} = 0.")
    if indicator.kind == SHARE:
        return Result(top / bottom * 100, top, bottom, None)
    if indicator.kind == COMPLEMENT:
        without = bottom - top
        return Result(without / bottom * 100, without, bottom, None)
    # GROWTH
    if top <= 0:
        return Result(None, top, bottom, f"Non calculable : {_terms(indicator.numerator)} = 0.")
    return Result(((top / bottom) ** (1 / indicator.years) - 1) * 100, top, bottom, None)
