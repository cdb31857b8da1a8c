"""read_tabular: any file a person may upload gives a table or a French message, never a crash."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quartier.core.tabular import Table, TabularError, read_tabular


def xlsx(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ods(rows: list[list[str]], trailing_repeat: int = 0) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table as OdfTable
    from odf.table import TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    sheet = OdfTable(name="Feuille1")
    for row in rows:
        table_row = TableRow()
        for value in row:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            table_row.addElement(cell)
        sheet.addElement(table_row)
    if trailing_repeat:
        padding = TableRow(numberrowsrepeated=trailing_repeat)
        padding.addElement(TableCell(numbercolumnsrepeated=1024))
        sheet.addElement(padding)
    document.spreadsheet.addElement(sheet)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def test_csv_in_latin1_with_semicolons():
    table = read_tabular("Texte;Auteur\nPlus de bus le soir;Gérard\n".encode("latin-1"), "a.csv")
    assert table.header == ["Texte", "Auteur"]
    assert table.rows == [["Plus de bus le soir", "Gérard"]]


def test_csv_in_utf8_with_bom_commas_and_quoted_newlines():
    data = '\ufefftexte,auteur\n"Un local, pour se voir\net parler",Aïcha\n'.encode()
    table = read_tabular(data, "export.CSV")
    assert table.header == ["texte", "auteur"]
    assert table.rows == [["Un local, pour se voir\net parler", "Aïcha"]]


def test_csv_with_tabs_blank_lines_and_missing_header_names():
    data = b"\n\ntexte\t\tage\nla poste\tx\t18-25\n\n\n"
    table = read_tabular(data, "a.tsv")
    assert table.header == ["texte", "Colonne 2", "age"]
    assert table.rows == [["la poste", "x", "18-25"]]
    assert table.start_line == 4


def test_csv_in_utf16_as_excel_saves_unicode_text():
    table = read_tabular("Texte\tÂge\r\nUn café ☕\t34\r\n".encode("utf-16"), "a.txt")
    assert table.header == ["Texte", "Âge"] and table.rows == [["Un café ☕", "34"]]


def test_binary_content_is_not_a_csv():
    with pytest.raises(TabularError, match="ne ressemble pas à un tableau"):
        read_tabular(bytes(range(256)) * 4, "a.csv")


def test_xlsx_reads_text_numbers_and_dates():
    table = read_tabular(
        xlsx([["Texte", "Date", "N"], ["Des bancs", dt.datetime(1999, 3, 18), 3.0]]), "a.xlsx"
    )
    assert table.header == ["Texte", "Date", "N"]
    assert table.rows == [["Des bancs", "1999-03-18", "3"]]


def test_ods_ignores_a_million_repeated_empty_rows():
    table = read_tabular(ods([["Texte"], ["Un café"]], trailing_repeat=1_000_000), "a.ods")
    assert table.header == ["Texte"]
    assert table.rows == [["Un café"]]


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "a.csv", "vide"),
        (b" \n\n ;; \n", "a.csv", "vide"),
        (b"texte\nx", "a.pdf", "Format de fichier non reconnu"),
        (b"texte\nx", "sans-extension", "Format de fichier non reconnu"),
        (b"PK\x03\x04garbage", "a.xlsx", "abîmé"),
        (b"not a zip", "a.ods", "pas un classeur"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "a.xlsx", "mot de passe"),
        (b"x" * 200, "a.csv", None),
    ],
)
def test_unreadable_files_raise_a_french_message(data, filename, message):
    if message is None:
        assert read_tabular(data, filename).header == ["x" * 200]
        return
    with pytest.raises(TabularError, match=message):
        read_tabular(data, filename)


def test_an_xlsx_renamed_csv_and_a_csv_renamed_xlsx_are_refused():
    with pytest.raises(TabularError, match="classeur"):
        read_tabular(xlsx([["a"]]), "a.csv")
    with pytest.raises(TabularError, match="pas un classeur"):
        read_tabular(b"texte\nx\n", "a.xlsx")
    with pytest.raises(TabularError, match="Impossible de lire"):
        read_tabular(ods([["a"]]), "a.xlsx")


def test_an_encrypted_zip_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<x/>")
    data = bytearray(buffer.getvalue())
    data[6] |= 0x1  # general purpose flag: encrypted (local header)
    central = data.rfind(b"PK\x01\x02")
    data[central + 8] |= 0x1  # and in the central directory
    with pytest.raises(TabularError, match="mot de passe"):
        read_tabular(bytes(data), "a.ods")


def test_size_and_row_limits_have_french_messages():
    with pytest.raises(TabularError, match="trop lourd"):
        read_tabular(b"texte\n" + b"x\n" * 100, "a.csv", max_bytes=50)
    with pytest.raises(TabularError, match="plus de 10 lignes"):
        read_tabular(b"texte\n" + b"x\n" * 11, "a.csv", max_rows=10)
    assert len(read_tabular(b"texte\n" + b"x\n" * 10, "a.csv", max_rows=10).rows) == 10
    with pytest.raises(TabularError, match="plus de 10 lignes"):
        read_tabular(xlsx([["texte"]] + [["x"]] * 11), "a.xlsx", max_rows=10)


@settings(max_examples=300, deadline=None)
@given(
    data=st.one_of(
        st.binary(max_size=2000),
        st.binary(max_size=500).map(lambda b: b"PK\x03\x04" + b),
        st.text(max_size=500).map(lambda t: t.encode("utf-8", "surrogatepass")),
    ),
    filename=st.sampled_from(["a.csv", "a.xlsx", "a.ods", "a.txt", "a.tsv", "a.pdf", "a"]),
)
def test_any_bytes_give_a_table_or_a_tabular_error(data, filename):
    try:
        table = read_tabular(data, filename)
    except TabularError as error:
        assert str(error)
    else:
        assert isinstance(table, Table)
        assert table.header and all(isinstance(h, str) for h in table.header)
        assert all(len(row) == len(table.header) for row in table.rows)


@settings(max_examples=60, deadline=None)
@given(cut=st.integers(min_value=1, max_value=4000), flip=st.integers(min_value=0, max_value=255))
def test_damaged_spreadsheets_give_a_table_or_a_tabular_error(cut, flip):
    for original, filename in ((xlsx([["Texte"], ["x"]]), "a.xlsx"), (ods([["T"]]), "a.ods")):
        damaged = bytearray(original[: max(cut, 4)] if cut < len(original) else original)
        damaged[cut % len(damaged)] ^= flip
        try:
            table = read_tabular(bytes(damaged), filename)
        except TabularError:
            continue
        assert isinstance(table, Table)


def test_utf8_with_a_few_invalid_bytes_stays_utf8():
    data = "Texte\nCafé « été »\n".encode() + b"abc\xed\xa0\x80def\n"
    table = read_tabular(data, "a.csv")
    assert table.rows == [["Café « été »"], ["abc\ufffd\ufffd\ufffddef"]]
    # A genuine Windows file is still read as cp1252.
    assert read_tabular("Texte\nCafé € œ\n".encode("cp1252"), "a.csv").rows == [["Café € œ"]]
