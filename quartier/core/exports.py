"""Spreadsheet exports (CSV, XLSX and ODS) that are safe to open in Excel or LibreOffice.

A cell that starts with = + - @ (or a tab / carriage return / line break), possibly behind
blanks or invisible characters, is read as a formula by some spreadsheets: text typed by
residents must never run as one (CSV/formula injection), so such cells are prefixed with an
apostrophe, which spreadsheets show as plain text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from django.utils.text import slugify

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
# Excel refuses longer cells (it "repairs" the workbook): longer text is cut, with an ellipsis.
XLSX_MAX_CELL = 32_767
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODS_TYPE = "application/vnd.oasis.opendocument.spreadsheet"


def neutralise(value: object) -> object:
    """Return `value` ready for a spreadsheet cell: numbers and dates stay typed, text is
    defused when a spreadsheet would read it as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int | float | Decimal | dt.date | dt.datetime):
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            return value.replace(tzinfo=None)
        return value
    text = str(value)
    if _formula_like(text):
        return "'" + text
    return text


def _formula_like(text: str) -> bool:
    """True when a spreadsheet could read `text` as a formula: it starts with a trigger, maybe
    behind spaces, control or invisible formatting characters (which some programs skip)."""
    for char in text:
        if char in FORMULA_TRIGGERS:
            return True
        if char != " " and unicodedata.category(char) not in ("Zs", "Cc", "Cf"):
            return False
    return False


def _xml_text(text: str) -> str:
    """Without the control characters XML 1.0 cannot carry (openpyxl would refuse them, or
    write a workbook no spreadsheet opens)."""
    return "".join(c for c in text if c in "\t\n\r" or ord(c) >= 32)


def _filename(name: str, extension: str) -> str:
    return f"{slugify(name) or 'export'}.{extension}"


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 with a BOM and `;` separators: what French spreadsheet software opens cleanly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence[object]], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = _sheet_title(title)
    sheet.append([_xlsx_cell(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_xlsx_cell(cell) for cell in row])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    """Sheet titles are limited to 31 characters and may not hold []:*?/\\"""
    cleaned = "".join(c for c in _xml_text(title) if c not in "[]:*?/\\").strip(" '")
    return cleaned[:31] or "Export"


def _xlsx_cell(value: object) -> object:
    cell = neutralise(value)
    if isinstance(cell, str):
        cell = _xml_text(cell)
        if _formula_like(cell) and not cell.startswith("'"):
            cell = "'" + cell
        if len(cell) > XLSX_MAX_CELL:
            cell = cell[: XLSX_MAX_CELL - 1] + "…"
    return cell


def ods_bytes(header: Sequence[str], rows: Iterable[Sequence[object]], title: str) -> bytes:
    """An OpenDocument spreadsheet (LibreOffice's own format): numbers and dates stay typed,
    text is defused as in XLSX."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name=_sheet_title(title))
    for values in [header, *rows]:
        row = TableRow()
        for value in values:
            row.addElement(_ods_cell(_xlsx_cell(value), TableCell, P))
        table.addElement(row)
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def _ods_cell(value: object, cell_class, paragraph_class):
    if isinstance(value, bool) or value == "":
        cell = cell_class()
        if value != "":
            cell.addElement(paragraph_class(text=str(value)))
        return cell
    if isinstance(value, int | float | Decimal):
        cell = cell_class(valuetype="float", value=str(value))
    elif isinstance(value, dt.datetime):
        cell = cell_class(valuetype="date", datevalue=value.strftime("%Y-%m-%dT%H:%M:%S"))
    elif isinstance(value, dt.date):
        cell = cell_class(valuetype="date", datevalue=value.isoformat())
    else:
        cell = cell_class(valuetype="string")
    cell.addElement(paragraph_class(text=str(value)))
    return cell


def spreadsheet_response(
    name: str,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    file_format: str = "csv",
) -> HttpResponse:
    """An attachment in `csv`, `xlsx` or `ods` format."""
    if file_format == "xlsx":
        response = HttpResponse(xlsx_bytes(header, list(rows), name), content_type=XLSX_TYPE)
    elif file_format == "ods":
        response = HttpResponse(ods_bytes(header, list(rows), name), content_type=ODS_TYPE)
    else:
        file_format = "csv"
        response = HttpResponse(csv_bytes(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(name, file_format)}"'
    return response
