"""The FEC export: 18 tab-separated columns of the French standard, dates YYYYMMDD, amounts with a
comma, every entry balanced; named after the SIREN; `quartier fec` fails in French, writing
nothing, when there is no such year."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from quartier.association.actions import ledger
from quartier.association.actions.fec import COLUMNS, fec_bytes, fec_filename
from quartier.association.models import Entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(association):
    association.siret = "44306184100013"
    association.save()
    for label, amount, means in [
        ("Cotisations", 1000, Entry.Means.CASH),
        ("Subvention du Département", 45_000, Entry.Means.BANK),
        ("Courses pour l'atelier cuisine", 2450, Entry.Means.CASH),
    ]:
        category = association.categories.get(label=label)
        ledger.record_money(
            association,
            kind=category.kind,
            date=dt.date(2005, 3, 12),
            amount=amount,
            means=means,
            category=category,
            label=f"{label}\tavec\nretour à la ligne",
        )
    return ledger.financial_year_for(association, dt.date(2005, 1, 1))


def _rows(data: bytes) -> list[list[str]]:
    text = data.decode("iso-8859-15")
    assert text.endswith("\r\n")
    return [line.split("\t") for line in text.split("\r\n")[:-1]]


def test_the_fec_has_the_18_columns_of_the_standard(year):
    rows = _rows(fec_bytes(year))
    assert rows[0] == COLUMNS
    assert COLUMNS == [
        "JournalCode",
        "JournalLib",
        "EcritureNum",
        "EcritureDate",
        "CompteNum",
        "CompteLib",
        "CompAuxNum",
        "CompAuxLib",
        "PieceRef",
        "PieceDate",
        "EcritureLib",
        "Debit",
        "Credit",
        "EcritureLet",
        "DateLet",
        "ValidDate",
        "Montantdevise",
        "Idevise",
    ]
    assert all(len(row) == 18 for row in rows)
    first = dict(zip(COLUMNS, rows[1], strict=True))
    assert first["EcritureDate"] == "20050312" and first["PieceDate"] == "20050312"
    assert first["JournalCode"] == "CA" and first["JournalLib"] == "Caisse"
    assert first["Debit"] == "10,00" and first["Credit"] == "0,00"
    assert first["EcritureLib"] == "Cotisations avec retour à la ligne"
    assert len(first["ValidDate"]) == 8 and first["ValidDate"].isdigit()


def test_every_entry_of_the_fec_is_balanced(year):
    totals: dict[str, int] = {}
    for row in _rows(fec_bytes(year))[1:]:
        cents = int(row[11].replace(",", "")) - int(row[12].replace(",", ""))
        totals[row[2]] = totals.get(row[2], 0) + cents
    assert totals and set(totals.values()) == {0}


def test_the_fec_is_named_after_the_siren_and_the_closing_date(year):
    assert fec_filename(year) == "443061841FEC20051231.txt"
    year.association.siret = ""
    assert fec_filename(year) == "FEC20051231.txt"


def test_the_cli_writes_the_file(year, tmp_path):
    call_command("fec", "--year", "2005", "--out", str(tmp_path))
    written = tmp_path / "443061841FEC20051231.txt"
    rows = _rows(written.read_bytes())
    assert {row[4] for row in rows[1:]} >= {"743", "756", "6068", "512", "530"}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".fec-")]


def test_the_cli_refuses_a_year_that_does_not_exist_and_writes_nothing(year, tmp_path):
    out = tmp_path / "fec.txt"
    with pytest.raises(CommandError, match="pas d'exercice 1990 : aucun fichier"):
        call_command("fec", "--year", "1990", "--out", str(out))
    assert list(tmp_path.iterdir()) == []


def test_the_cli_exits_non_zero_in_french(year, tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from quartier.cli import main; main()",
            "fec",
            "--year",
            "1990",
            "--out",
            str(tmp_path / "x.txt"),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**__import__("os").environ, "QUARTIER_VAR_DIR": str(tmp_path / "var")},
    )
    assert result.returncode != 0
    assert not (tmp_path / "x.txt").exists()
