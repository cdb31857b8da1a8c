"""Portraits: levels, ranked gaps, rendering, and the real INSEE files checked by hand."""

from __future__ import annotations

import csv
import json
import math

import pytest

from quartier.statistics.errors import AreaNotFoundError
from quartier.statistics.portrait import Gap, build_portrait, rank_gaps
from quartier.statistics.reader import read_table
from quartier.statistics.render import render
from quartier.testing.datasets import INSEE_DATA

DATA = INSEE_DATA
COMPARATEUR = DATA / "comparateur_2018_cher.csv"
META = DATA / "meta_comparateur_2018_cher.csv"


def _iris_file() -> bytes:
    """Five IRIS in one commune: the first has many unemployed; owners vary little."""
    lines = ["IRIS;COM;P18_POP;P18_ACT1564;P18_CHOM1564;P18_RP;P18_RP_PROP"]
    rows = [(40, 50), (10, 52), (11, 48), (9, 50), (10, 51)]
    for n, (unemployed, owners) in enumerate(rows, start=1):
        lines.append(f"45155010{n};45155;1000;100;{unemployed};100;{owners}")
    return ("\n".join(lines) + "\n").encode()


def test_gaps_are_ranked_by_difference_over_the_spread_of_siblings():
    portrait = build_portrait(read_table(_iris_file()), "451550101")
    assert [level.level for level in portrait.levels] == ["iris", "commune", "departement"]
    first = portrait.gaps[0]
    assert first.indicator == "unemployment_rate"
    assert (first.area_level, first.parent_level) == ("iris", "commune")
    assert first.difference == pytest.approx(40 - 80 / 5)
    siblings = [10, 11, 9, 10]
    mean = sum(siblings) / 4
    spread = math.sqrt(sum((v - mean) ** 2 for v in siblings) / 4)
    assert first.spread == pytest.approx(spread)
    assert first.score == pytest.approx(first.difference / spread)
    owners = [g for g in portrait.gaps if g.indicator == "owner_occupied_share"]
    assert abs(owners[0].score) < abs(first.score)
    assert all(g.indicator != "population" for g in portrait.gaps)  # counts are not compared


def test_unscored_gaps_come_last():
    def gap(score):
        return Gap("x", "x", "%", "commune", "1", "departement", "1", 1, 0, 1, None, 0, score)

    ranked = rank_gaps([gap(None), gap(0.5), gap(-3.0), gap(1.0)])
    assert [g.score for g in ranked] == [-3.0, 1.0, 0.5, None]


def test_json_shape():
    data = json.loads(render(build_portrait(read_table(_iris_file()), "451550101"), "json"))
    assert data["year"] == 2018
    level = data["levels"][0]
    assert level["level"] == "iris" and level["code"] == "451550101" and level["name"] is None
    item = level["indicators"]["unemployment_rate"]
    assert set(item) >= {"value", "label", "formula", "numerator", "denominator", "note"}
    assert item["value"] == 40.0
    assert {"indicator", "area_level", "parent_level"} <= set(data["gaps"][0])


def test_every_format_renders_and_escapes_names():
    table = read_table(
        b'CODGEO;LIBGEO;P18_POP;P18_ACT1564;P18_CHOM1564\n18001;"<script>x</script>";1;2;1\n'
        b"18002;B;1;2;0\n"
    )
    portrait = build_portrait(table, "18001")
    html = render(portrait, "html").decode()
    assert "<script>x" not in html and "&lt;script&gt;" in html
    assert '<html lang="fr">' in html
    assert "# Portrait de territoire" in render(portrait, "md").decode()


@pytest.mark.slow
def test_pdf_renders():
    portrait = build_portrait(read_table(b"CODGEO;P18_POP\n18001;1\n"), "18001")
    assert render(portrait, "pdf").startswith(b"%PDF")


# --- the real files ------------------------------------------------------------------------


def _by_hand() -> list[dict[str, str]]:
    with COMPARATEUR.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def _number(cell: str) -> float:
    return float(cell)


def test_real_file_commune_figures_equal_the_csv():
    portrait = build_portrait(read_table(COMPARATEUR, meta=META), "18033")
    row = next(r for r in _by_hand() if r["CODGEO"] == "18033")
    bourges = portrait.levels[0].indicators
    assert portrait.levels[0].name == "Bourges"
    assert bourges["population"].value == _number(row["P18_POP"])
    assert bourges["unemployment_rate"].value == pytest.approx(
        _number(row["P18_CHOM1564"]) / _number(row["P18_ACT1564"]) * 100
    )
    assert bourges["median_living_standard"].value == _number(row["MED19"]) == 20810
    assert bourges["poverty_rate"].value == _number(row["TP6019"]) == 19


def test_real_file_departement_sums_and_no_france():
    rows = _by_hand()
    portrait = build_portrait(read_table(COMPARATEUR, meta=META), "18033")
    assert [level.level for level in portrait.levels] == ["commune", "departement"]
    cher = portrait.levels[1]
    assert (cher.code, cher.name) == ("18", "Cher")
    assert len(rows) == 287
    assert cher.indicators["population"].value == pytest.approx(
        sum(_number(r["P18_POP"]) for r in rows)
    )
    assert cher.indicators["population"].value == 303408
    chom = math.fsum(_number(r["P18_CHOM1564"]) for r in rows)
    act = math.fsum(_number(r["P18_ACT1564"]) for r in rows)
    assert cher.indicators["unemployment_rate"].value == pytest.approx(chom / act * 100)
    assert cher.indicators["median_living_standard"].value is None
    assert "médiane" in cher.indicators["median_living_standard"].note
    # Small communes have no published median: an empty cell, not a zero.
    achere = build_portrait(read_table(COMPARATEUR), "18001").levels[0]
    assert achere.indicators["poverty_rate"].value is None


def test_real_file_cannot_give_france():
    with pytest.raises(AreaNotFoundError, match="France"):
        build_portrait(read_table(COMPARATEUR), "FR")


def test_income_only_file_takes_its_year_from_income():
    portrait = build_portrait(read_table(b"CODGEO;MED21;TP6021\n18001;20000;12\n"), "18001")
    assert portrait.year == 2021
    assert portrait.levels[0].indicators["poverty_rate"].value == 12
