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
