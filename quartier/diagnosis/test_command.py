"""`quartier portrait`: JSON shape, every format, and failures that write nothing."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from quartier.testing.datasets import INSEE_DATA

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
