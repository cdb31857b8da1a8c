"""Each derived indicator: formula in INSEE's names, numerator, denominator, value."""

from __future__ import annotations

import pytest

from quartier.statistics.areas import AreaTree
from quartier.statistics.indicators import SPECS_BY_ID, available_indicators, evaluate
from quartier.statistics.reader import read_table

COMMUNE = (
    "CODGEO;P18_POP;P13_POP;P18_ACT1564;P18_CHOM1564;P18_RP;P18_RP_PROP;P18_LOG;P18_LOGVAC;"
    "P18_RSECOCC;MED19;TP6019\n"
    "18001;1000;900;400;60;380;190;500;50;70;21000;12,5\n"
    "18002;500;500;200;20;200;150;240;20;20;s;s\n"
)
IRIS = (
    "IRIS;COM;P18_POP;P18_POP0014;P18_POP1529;P18_POP65P;P18_POP75P;P18_POP_ETR;P18_POP_IMM;"
    "C18_FAM;C18_FAMMONO;C18_MEN;C18_MENPSEUL;P18_RP;P18_RP_VOIT1P;P18_RP_LOCHLMV\n"
    "451550102;45155;2000;500;400;200;80;300;350;500;150;800;300;800;560;640\n"
    "451550101;45155;1000;150;150;250;120;20;30;280;30;480;200;480;432;50\n"
)


def _results(text: str, code: str) -> dict:
    table = read_table(text.encode())
    tree = AreaTree(table)
    area = tree.find(code)
    return {
        indicator.id: (indicator, evaluate(indicator, lambda n: tree.figure(area, n)))
        for indicator in available_indicators(table)
    }


@pytest.mark.parametrize(
    "indicator_id, formula, numerator, denominator, value",
    [
        ("population", "P18_POP", 1000, None, 1000),
        ("unemployment_rate", "P18_CHOM1564 / P18_ACT1564 × 100", 60, 400, 15.0),
        ("owner_occupied_share", "P18_RP_PROP / P18_RP × 100", 190, 380, 50.0),
        ("vacant_dwellings_share", "P18_LOGVAC / P18_LOG × 100", 50, 500, 10.0),
        ("secondary_homes_share", "P18_RSECOCC / P18_LOG × 100", 70, 500, 14.0),
        ("poverty_rate", "TP6019 (taux publié par l'Insee, revenus 2019)", None, None, 12.5),
        ("median_living_standard", "MED19 (médiane publiée par l'Insee, revenus 2019)", None,
         None, 21000),
    ],
)  # fmt: skip
def test_commune_indicators(indicator_id, formula, numerator, denominator, value):
    indicator, result = _results(COMMUNE, "18001")[indicator_id]
    assert indicator.formula == formula
    assert (result.numerator, result.denominator) == (numerator, denominator)
    assert result.value == pytest.approx(value)
    assert indicator.label  # French label
    assert indicator.unit in {"%", "€", "habitants"}


def test_population_change_is_an_annual_rate():
    indicator, result = _results(COMMUNE, "18001")["population_change"]
    assert result.value == pytest.approx(((1000 / 900) ** (1 / 5) - 1) * 100)


def test_rates_above_come_from_summed_numerators_and_denominators():
    results = _results(COMMUNE, "18")
    _, unemployment = results["unemployment_rate"]
    assert (unemployment.numerator, unemployment.denominator) == (80, 600)
    assert unemployment.value == pytest.approx(80 / 600 * 100)  # not (15 + 10) / 2
    _, owners = results["owner_occupied_share"]
    assert owners.value == pytest.approx(340 / 580 * 100)


@pytest.mark.parametrize("indicator_id", ["median_living_standard", "poverty_rate"])
def test_published_medians_and_rates_are_unavailable_above_with_the_reason(indicator_id):
    _, result = _results(COMMUNE, "18")[indicator_id]
    assert result.value is None
    assert result.note == SPECS_BY_ID[indicator_id].upper_level_note
    assert "Non calculable à ce niveau" in result.note


def test_a_secret_published_value_says_so():
    _, result = _results(COMMUNE, "18002")["median_living_standard"]
    assert result.value is None
    assert "secret statistique" in result.note


@pytest.mark.parametrize(
    "indicator_id, numerator, denominator",
    [
        ("under_15_share", 500, 2000),
        ("age_15_29_share", 400, 2000),
        ("over_65_share", 200, 2000),
        ("over_75_share", 80, 2000),
        ("foreign_nationals_share", 300, 2000),
        ("immigrants_share", 350, 2000),
        ("single_parent_families_share", 150, 500),
        ("single_person_households_share", 300, 800),
        ("households_without_car_share", 240, 800),
        ("social_housing_share", 640, 800),
    ],
)
def test_iris_indicators(indicator_id, numerator, denominator):
    indicator, result = _results(IRIS, "451550102")[indicator_id]
    assert (result.numerator, result.denominator) == (numerator, denominator)
    assert result.value == pytest.approx(numerator / denominator * 100)
    assert "18" in indicator.formula


def test_iris_indicators_sum_into_the_commune():
    _, result = _results(IRIS, "45155")["households_without_car_share"]
    assert (result.numerator, result.denominator) == (240 + 48, 1280)


def test_indicators_absent_when_their_variables_are():
    ids = {
        indicator.id for indicator in available_indicators(read_table(b"CODGEO;P18_POP\n18001;1\n"))
    }
    assert ids == {"population"}


def test_zero_denominator_is_unavailable():
    _, result = _results("CODGEO;P18_ACT1564;P18_CHOM1564\n18001;0;0\n", "18001")[
        "unemployment_rate"
    ]
    assert result.value is None
    assert "= 0" in result.note
