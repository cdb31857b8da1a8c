"""Spreadsheet exports (CSV and XLSX) that are safe to open in Excel or LibreOffice.

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
    # Sheet titles are limited to 31 characters and may not hold []:*?/\
    title = "".join(c for c in _xml_text(title) if c not in "[]:*?/\\").strip(" '")
    sheet.title = title[:31] or "Export"
    sheet.append([_xlsx_cell(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_xlsx_cell(cell) for cell in row])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(value: object) -> object:
    cell = neutralise(value)
    if isinstance(cell, str):
        cell = _xml_text(cell)
        if _formula_like(cell) and not cell.startswith("'"):
            cell = "'" + cell
        if len(cell) > XLSX_MAX_CELL:
            cell = cell[: XLSX_MAX_CELL - 1] + "…"
    return cell


def spreadsheet_response(
    name: str,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    file_format: str = "csv",
) -> HttpResponse:
    """An attachment in `csv` or `xlsx` format."""
    if file_format == "xlsx":
        response = HttpResponse(xlsx_bytes(header, list(rows), name), content_type=XLSX_TYPE)
    else:
        file_format = "csv"
        response = HttpResponse(csv_bytes(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(name, file_format)}"'
    return response
