"""`quartier portrait`: JSON shape, every format, and failures that write nothing."""

from __future__ import annotations

import csv
import io
import json
import math

import pytest
from django.core.management import CommandError, call_command

from quartier.statistics.areas import ARRONDISSEMENT_OF
from quartier.testing.datasets import INSEE_DATA
from quartier.testing.insee import national_file

DATA = f"{INSEE_DATA}/"
CHER = DATA + "comparateur_2018_cher.csv"
META = DATA + "meta_comparateur_2018_cher.csv"


def test_json_portrait_of_a_commune(tmp_path):
    out = tmp_path / "bourges.json"
    call_command("portrait", CHER, "--meta", META, "--area", "18033", "--out", str(out))
    data = json.loads(out.read_text())
    assert data["year"] == 2018
    assert [(lv["level"], lv["code"], lv["name"]) for lv in data["levels"]] == [
        ("commune", "18033", "Bourges"),
        ("departement", "18", "Cher"),
    ]  # no France from a one-département file
    unemployment = data["levels"][0]["indicators"]["unemployment_rate"]
    assert set(unemployment) >= {"value", "label", "formula", "numerator", "denominator", "note"}
    assert unemployment["formula"] == "P18_CHOM1564 / P18_ACT1564 × 100"
    median = data["levels"][1]["indicators"]["median_living_standard"]
    assert median["value"] is None and "médiane" in median["note"]
    gap = data["gaps"][0]
    assert gap["indicator"] == "owner_occupied_share"
    assert (gap["area_level"], gap["parent_level"]) == ("commune", "departement")


@pytest.mark.parametrize("fmt, start", [("md", b"# Portrait"), ("html", b"<!DOCTYPE html>")])
def test_other_formats(tmp_path, fmt, start):
    out = tmp_path / f"p.{fmt}"
    call_command("portrait", CHER, "--area", "18", "--format", fmt, "--out", str(out))
    assert out.read_bytes().startswith(start)


@pytest.mark.slow
def test_pdf(tmp_path):
    out = tmp_path / "p.pdf"
    call_command("portrait", CHER, "--area", "18033", "--format", "pdf", "--out", str(out))
    assert out.read_bytes().startswith(b"%PDF")


def test_unreadable_file_names_line_and_column_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"CODGEO;P18_POP\r\n18001;12\r\n18002;douze\r\n")
    out = tmp_path / "out.json"
    with pytest.raises(CommandError) as caught:
        call_command("portrait", str(bad), "--area", "18001", "--out", str(out))
    assert "ligne 3, colonne P18_POP" in str(caught.value)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [bad]


def test_unknown_area_and_missing_file(tmp_path):
    out = tmp_path / "out.json"
    with pytest.raises(CommandError, match="ne figure pas"):
        call_command("portrait", CHER, "--area", "45155", "--out", str(out))
    with pytest.raises(CommandError, match="impossible d'ouvrir"):
        call_command("portrait", str(tmp_path / "nope.csv"), "--area", "1", "--out", str(out))
    assert not out.exists()


def test_exit_status_is_non_zero(tmp_path):
    import subprocess
    import sys

    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"CODGEO|P18_POP\n18001|1\n")
    done = subprocess.run(
        [sys.executable, "-m", "django", "portrait", str(bad), "--area", "18001", "--out",
         str(tmp_path / "o.json")],
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "quartier.settings", "PATH": "/usr/bin:/bin"},
        check=False,
    )  # fmt: skip
    assert done.returncode != 0
    assert "ligne 1" in done.stderr and "séparateur" in done.stderr


def test_national_file_without_mayotte_gives_france_hors_mayotte_equal_to_a_hand_sum(tmp_path):
    """INSEE's national commune file lists Mayotte's communes with empty cells: France is
    still given, as « France hors Mayotte », summed over every other commune once."""
    data = national_file(per=30, empty=["976"])
    source = tmp_path / "base_cc_comparateur.csv"
    source.write_bytes(data)
    out = tmp_path / "loiret.json"
    call_command("portrait", str(source), "--area", "45010", "--out", str(out))
    france = json.loads(out.read_text())["levels"][-1]
    assert (france["level"], france["name"]) == ("france", "France hors Mayotte")
    assert "Mayotte" in france["note"]
    rows = list(csv.DictReader(io.StringIO(data.decode("latin-1")), delimiter=";"))
    counted = [
        r
        for r in rows
        if r["CODGEO"] not in ARRONDISSEMENT_OF and not r["CODGEO"].startswith("976")
    ]
    population = math.fsum(float(r["P18_POP"]) for r in counted)
    unemployed = math.fsum(float(r["P18_CHOM1564"]) for r in counted)
    active = math.fsum(float(r["P18_ACT1564"]) for r in counted)
    indicators = france["indicators"]
    assert indicators["population"]["value"] == pytest.approx(population)
    assert indicators["unemployment_rate"]["numerator"] == pytest.approx(unemployed)
    assert indicators["unemployment_rate"]["value"] == pytest.approx(unemployed / active * 100)
    markdown = tmp_path / "loiret.md"
    call_command(
        "portrait", str(source), "--area", "45010", "--format", "md", "--out", str(markdown)
    )
    assert "France hors Mayotte" in markdown.read_text()
