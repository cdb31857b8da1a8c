"""Portraits: levels, ranked gaps, rendering, and the real INSEE files checked by hand."""

from __future__ import annotations

import csv
import io
import json
import math

import pytest

from quartier.statistics.areas import ARRONDISSEMENT_OF, departement_of
from quartier.statistics.errors import AreaNotFoundError
from quartier.statistics.portrait import Gap, build_portrait, rank_gaps
from quartier.statistics.reader import read_table
from quartier.statistics.render import level_title as render_level_title
from quartier.statistics.render import render
from quartier.testing.datasets import INSEE_DATA
from quartier.testing.insee import national_file

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


# --- a national file where a département carries no data (Mayotte in the Comparateur) -------


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("latin-1")), delimiter=";"))


def _france_by_hand(rows: list[dict[str, str]], without: str) -> dict[str, float]:
    """France as an analyst would add it up: every commune once (not the arrondissements of
    Paris, Lyon and Marseille, whose whole commune has its row), the département left out."""
    counted = [
        r
        for r in rows
        if r["CODGEO"] not in ARRONDISSEMENT_OF and departement_of(r["CODGEO"]) != without
    ]
    chom = math.fsum(float(r["P18_CHOM1564"]) for r in counted)
    act = math.fsum(float(r["P18_ACT1564"]) for r in counted)
    return {
        "population": math.fsum(float(r["P18_POP"]) for r in counted),
        "unemployment_rate": chom / act * 100,
    }


def test_a_departement_without_data_is_left_out_of_france_and_named():
    data = national_file(per=20, empty=["976"])
    portrait = build_portrait(read_table(data), "45005")
    france = portrait.levels[-1]
    assert (france.level, france.name) == ("france", "France hors Mayotte")
    assert "Mayotte n'est pas comptée" in france.note and "100 départements" in france.note
    assert render_level_title(france) == "France hors Mayotte"
    by_hand = _france_by_hand(_rows(data), without="976")
    assert france.indicators["population"].value == pytest.approx(by_hand["population"])
    assert france.indicators["unemployment_rate"].value == pytest.approx(
        by_hand["unemployment_rate"]
    )
    assert any(g.parent_level == "france" for g in portrait.gaps)
    # Mayotte itself stays visible, with nothing to compute.
    mayotte = build_portrait(read_table(data), "976").levels[0]
    assert mayotte.indicators["population"].value is None


def test_a_complete_national_file_gives_the_whole_of_france():
    data = national_file(per=20)
    france = build_portrait(read_table(data), "45005").levels[-1]
    assert france.name == "France" and "hors" not in france.note
    assert france.indicators["population"].value == pytest.approx(
        _france_by_hand(_rows(data), without="")["population"]
    )


def test_a_value_missing_for_a_few_communes_of_a_covered_departement_is_not_calculable():
    rows = national_file(per=20, empty=["976"]).decode("latin-1").split("\r\n")
    header = rows[0].split(";")
    column = header.index("P18_CHOM1564")
    for n, line in enumerate(rows):
        if line.startswith(("45001;", "45002;")):
            cells = line.split(";")
            cells[column] = ""
            rows[n] = ";".join(cells)
    portrait = build_portrait(read_table("\r\n".join(rows).encode("latin-1")), "45005")
    loiret, france = portrait.levels[1], portrait.levels[2]
    assert france.name == "France hors Mayotte"  # Mayotte still left out, nothing more
    for level in (loiret, france):
        item = level.indicators["unemployment_rate"]
        assert item.value is None and item.note.startswith("Non calculable")
    assert "2 des 20 communes" in loiret.indicators["unemployment_rate"].note
    assert france.indicators["population"].value is not None


def test_france_is_not_narrowed_to_fewer_than_a_national_file():
    """Five départements without data leave 96: France hors five; six leave too few."""
    five = ["971", "972", "973", "974", "976"]
    france = build_portrait(read_table(national_file(per=5, empty=five)), "45005").levels[-1]
    assert france.name == "France hors Guadeloupe, Martinique, Guyane, La Réunion et Mayotte"
    six = build_portrait(read_table(national_file(per=5, empty=[*five, "01"])), "45005")
    assert six.levels[-1].name == "France"
    assert six.levels[-1].indicators["population"].value is None


def test_what_stands_out_reads_as_plain_sentences_with_the_formula_behind_detail():
    portrait = build_portrait(read_table(_iris_file()), "451550101")
    html = render(portrait, "html").decode()
    section = html.split('<h2 id="ressort">')[1].split("</section>")[0]
    assert "dispersion" not in section.split("<details>")[0]
    first = section.split("<li>")[1]
    sentence, detail = first.split("<details>")
    assert sentence.startswith("Taux de chômage des 15-64 ans (au sens du recensement) : 40,0")
    assert "pour la commune 45155, soit 24,0" in sentence and "points de plus" in sentence
    assert "Peu d&#x27;autres IRIS de la commune s&#x27;en écartent autant." in sentence
    assert "<summary>détail</summary>Formule Insee : P18_CHOM1564 / P18_ACT1564 × 100" in detail
    markdown = render(portrait, "md").decode()
    assert "fois la dispersion" not in markdown and "Détail : Formule Insee" in markdown
