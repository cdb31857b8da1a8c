import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from quartier.core.exports import csv_bytes, neutralise, spreadsheet_response, xlsx_bytes

HOSTILE = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", '=HYPERLINK("http://x")']


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_text_is_neutralised(text):
    assert neutralise(text) == "'" + text


def test_plain_values_keep_their_type():
    assert neutralise(3) == 3
    assert neutralise(-2) == -2
    assert neutralise(dt.date(2026, 1, 2)) == dt.date(2026, 1, 2)
    assert neutralise(None) == ""
    assert neutralise("Bonjour") == "Bonjour"


def test_csv_export_is_utf8_with_bom_and_defused_cells():
    data = csv_bytes(["texte"], [[t] for t in HOSTILE] + [["Aïcha"]])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["texte"]
    assert all(row[0].startswith("'") for row in rows[1:-1])
    assert rows[-1] == ["Aïcha"]


def test_xlsx_export_holds_no_formula_and_no_control_character():
    data = xlsx_bytes(["texte", "n"], [[t, 1] for t in HOSTILE] + [["a\x00b\x1bc", 2]], "Liste")
    sheet = load_workbook(io.BytesIO(data)).active
    values = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert all(not str(v).startswith("=") for v in values)
    assert values[-1] == "abc"
    assert sheet.cell(row=2, column=1).data_type == "s"


def test_response_names_the_attachment():
    response = spreadsheet_response("Contributions 1999", ["a"], [["b"]], "xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="contributions-1999.xlsx"'


# --- the hostile corpus (quartier.testing.hostile) ----------------------------------------------


def _csv_cells(data: bytes) -> list[str]:
    text = data.decode("utf-8-sig")
    return [
        cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=";") for cell in row
    ]


@pytest.mark.parametrize(
    "text", ["\t=1+1", "\r=1+1", "\n=1+1", " =1+1", "\u200b=1+1", "\x01@SUM(A1)", "\u00a0-1+1"]
)
def test_formulas_behind_blanks_or_invisible_characters_are_neutralised(text):
    assert neutralise(text) == "'" + text


def test_text_that_merely_contains_formula_characters_is_untouched():
    assert neutralise("a=1+1") == "a=1+1"
    assert neutralise("'déjà cité") == "'déjà cité"
    assert neutralise("  ") == "  "


def test_every_corpus_string_comes_out_of_csv_intact_and_defused():
    from quartier.testing.hostile import HOSTILE_STRINGS, as_sent, defused

    texts = [as_sent(t) for t in HOSTILE_STRINGS]
    cells = _csv_cells(csv_bytes(["texte"], [[t] for t in texts]))[1:]
    assert len(cells) == len(texts)
    for text, cell in zip(texts, cells, strict=True):
        # CSV keeps everything; a formula gets one apostrophe in front, nothing else changes.
        assert cell in (text, "'" + text), repr(text[:40])
        assert defused(cell) and not cell.lstrip(" \u200b\u202e\ufeff").startswith("="), cell[:40]


def test_every_corpus_string_gives_a_valid_xlsx_even_as_the_sheet_title():
    from quartier.testing.hostile import FORMULA_PREFIXES, HOSTILE_STRINGS, as_sent

    texts = [as_sent(t) for t in HOSTILE_STRINGS]
    for title in texts:
        data = xlsx_bytes([title[:50], "n"], [[t, -1] for t in texts], title)
        workbook = load_workbook(io.BytesIO(data))  # a corrupt workbook would raise here
        sheet = workbook.active
        assert 0 < len(sheet.title) <= 31
        for text, row in zip(texts, sheet.iter_rows(min_row=2), strict=True):
            cell, number = row
            assert cell.data_type in ("s", "inlineStr") and number.value == -1
            value = cell.value or ""
            assert not value.startswith(FORMULA_PREFIXES), repr(value[:40])
            kept = "".join(c for c in text if c in "\t\n\r" or ord(c) >= 32)
            # XML turns carriage returns into line feeds.
            kept, value = kept.replace("\r\n", "\n").replace("\r", "\n"), value.replace("\r", "\n")
            assert value in (kept, "'" + kept) or value.endswith("…"), repr(text[:40])


def test_ods_export_keeps_numbers_and_dates_and_defuses_text():
    from decimal import Decimal

    from quartier.core.exports import ods_bytes
    from quartier.core.tabular import _read_ods

    data = ods_bytes(
        ["texte", "montant", "date"],
        [["=1+1", Decimal("12.50"), dt.date(2005, 12, 10)], ["a\x01b", 3, ""]],
        "Caisse: 2005/06",
    )
    assert _read_ods(data, 10) == [
        ["texte", "montant", "date"],
        ["'=1+1", "12.50", "2005-12-10"],
        ["ab", "3", ""],
    ]
    response = spreadsheet_response("caisse", ["a"], [["b"]], "ods")
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert response["Content-Disposition"] == 'attachment; filename="caisse.ods"'
