"""Read a table (CSV, XLSX or ODS) that someone uploaded, whatever state it is in.

`read_tabular(data, filename)` returns a `Table` of text cells or raises `TabularError` with a
French message meant for the person who uploaded the file: a broken, empty, encrypted or
mislabelled file is an everyday event, never a server error. No Django import.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 200
# A spreadsheet is a zip: refuse archives that would unpack to far more than they weigh.
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
EXTENSIONS = {"csv": "csv", "tsv": "csv", "txt": "csv", "xlsx": "xlsx", "ods": "ods"}
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls, and password-protected .xlsx


class TabularError(ValueError):
    """The file cannot be read as a table; `str(error)` is a French message for the user."""


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    # Line of the first data row as a spreadsheet numbers it (the header is the line before).
    start_line: int = 2

    def line_of(self, index: int) -> int:
        return self.start_line + index


def read_tabular(
    data: bytes, filename: str, *, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS
) -> Table:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    kind = EXTENSIONS.get(extension)
    if kind is None:
        raise TabularError(
            "Format de fichier non reconnu : enregistrez le tableau en CSV, XLSX (Excel) "
            "ou ODS (LibreOffice)."
        )
    if len(data) > max_bytes:
        raise TabularError(
            f"Le fichier est trop lourd (plus de {max_bytes // (1024 * 1024)} Mo). "
            "Découpez-le en plusieurs fichiers."
        )
    if not data.strip():
        raise TabularError("Le fichier est vide.")
    if data.startswith(OLE_MAGIC):
        raise TabularError(
            "Ce fichier est protégé par un mot de passe ou au vieux format Excel (.xls) : "
            "enregistrez-le sans mot de passe en XLSX, ODS ou CSV."
        )
    if kind == "csv":
        if data.startswith(ZIP_MAGIC):
            raise TabularError(
                "Ce fichier est un classeur, pas un CSV : gardez l'extension .xlsx ou .ods."
            )
        grid = _read_csv(data)
    else:
        if not data.startswith(ZIP_MAGIC):
            raise TabularError(
                f"Ce fichier n'est pas un classeur .{extension} valide : il est peut-être "
                "abîmé, ou c'est un autre format renommé."
            )
        _check_zip(data)
        try:
            grid = _read_xlsx(data, max_rows) if kind == "xlsx" else _read_ods(data, max_rows)
        except TabularError:
            raise
        except Exception as error:  # any parser failure on a hostile file: a message, not a 500
            raise TabularError(
                f"Impossible de lire ce classeur .{extension} : il est peut-être abîmé "
                "ou protégé par un mot de passe."
            ) from error
    return _to_table(grid, max_rows)


def _read_csv(data: bytes) -> list[list[str]]:
    text = _decode(data)
    if not text.strip():
        raise TabularError("Le fichier est vide.")
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r")
    if controls > max(len(text) // 20, 2):
        raise TabularError(
            "Ce fichier ne ressemble pas à un tableau CSV : son contenu est illisible. "
            "Enregistrez le tableau en CSV, XLSX ou ODS."
        )
    text = text.replace("\x00", "")
    delimiter = _sniff_delimiter(text)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise TabularError(
            "Ce fichier CSV est mal formé (guillemets non fermés ou cellule trop longue)."
        ) from error


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # "Unicode text" saved by Excel
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # A UTF-8 file with a few invalid bytes (a damaged copy, a lone surrogate) stays UTF-8: only
    # those bytes become U+FFFD, instead of the whole file turning to mojibake.
    lenient = data.decode("utf-8", "replace")
    if sum(1 for c in lenient if ord(c) > 127 and c != "\ufffd") > lenient.count("\ufffd"):
        return lenient
    # Spreadsheets saved on Windows in France: cp1252 (Latin-1 plus ’ € œ), else plain Latin-1.
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _sniff_delimiter(text: str) -> str:
    sample = text[:8192]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        first_line = sample.splitlines()[0] if sample.splitlines() else ""
        counts = {d: first_line.count(d) for d in (";", ",", "\t")}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ";"


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    # A damaged header can also claim a zip version nobody implements (NotImplementedError).
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
    ) as error:
        raise TabularError("Ce classeur est abîmé : il ne peut pas être ouvert.") from error
    if any(info.flag_bits & 0x1 for info in infos):
        raise TabularError("Ce classeur est protégé par un mot de passe : enlevez-le d'abord.")
    if sum(info.file_size for info in infos) > MAX_UNZIPPED_BYTES:
        raise TabularError("Ce classeur est trop volumineux une fois décompressé.")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float | Decimal):
        if value == int(value):
            return str(int(value))
        return str(value)
    return str(value)


def _read_xlsx(data: bytes, max_rows: int) -> list[list[str]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        if not workbook.worksheets:
            raise TabularError("Ce classeur ne contient aucune feuille.")
        grid: list[list[str]] = []
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            if len(grid) > max_rows + 1:
                break
            grid.append([_cell_text(v) for v in row[:MAX_COLUMNS]])
        return grid
    finally:
        workbook.close()


def _read_ods(data: bytes, max_rows: int) -> list[list[str]]:
    from odf import opendocument
    from odf.namespaces import OFFICENS, TABLENS
    from odf.table import Table as OdfTable
    from odf.table import TableRow

    document = opendocument.load(io.BytesIO(data))
    sheets = document.spreadsheet.getElementsByType(OdfTable) if document.spreadsheet else []
    if not sheets:
        raise TabularError("Ce classeur ne contient aucune feuille.")
    grid: list[list[str]] = []
    for row in sheets[0].getElementsByType(TableRow):
        cells: list[str] = []
        for cell in row.childNodes:
            if cell.qname[1] not in ("table-cell", "covered-table-cell"):
                continue
            # Repeats pad a sheet to its full width (1024 columns); cap them.
            repeat = _int(cell.attributes.get((TABLENS, "number-columns-repeated")), 1)
            value = _ods_value(cell, OFFICENS) if cell.qname[1] == "table-cell" else ""
            cells.extend([value] * min(repeat, MAX_COLUMNS - len(cells)))
            if len(cells) >= MAX_COLUMNS:
                break
        row_repeat = _int(row.attributes.get((TABLENS, "number-rows-repeated")), 1)
        # Trailing empty rows are often repeated a million times: keep one.
        times = min(row_repeat, max_rows + 2 - len(grid)) if any(cells) else 1
        grid.extend([list(cells) for _ in range(max(times, 0))])
        if len(grid) > max_rows + 1:
            break
    return grid


def _int(value: object, default: int) -> int:
    try:
        return max(int(str(value)), 1)
    except (TypeError, ValueError):
        return default


def _ods_value(cell, officens: str) -> str:
    value_type = cell.attributes.get((officens, "value-type"))
    if value_type in ("float", "percentage", "currency"):
        raw = cell.attributes.get((officens, "value"))
        try:
            return _cell_text(Decimal(str(raw)))
        except (ArithmeticError, ValueError):
            pass
    if value_type == "date":
        raw = str(cell.attributes.get((officens, "date-value")) or "")
        if raw.endswith("T00:00:00"):
            raw = raw[:10]
        if raw:
            return raw.replace("T", " ")
    return "\n".join(_node_text(p) for p in cell.childNodes if p.qname[1] in ("p", "h"))


def _node_text(node) -> str:
    """Text of an ODF paragraph, expanding <text:s/> (spaces), tabs and line breaks."""
    parts: list[str] = []
    for child in node.childNodes:
        if child.nodeType == child.TEXT_NODE:
            parts.append(str(child.data))
        elif child.qname[1] == "s":
            parts.append(" " * _int(child.attributes.get((child.qname[0], "c")), 1))
        elif child.qname[1] == "tab":
            parts.append("\t")
        elif child.qname[1] == "line-break":
            parts.append("\n")
        else:
            parts.append(_node_text(child))
    return "".join(parts)


def _to_table(grid: list[list[str]], max_rows: int) -> Table:
    """First non-empty row as the header; data rows padded to its width; trailing blanks cut."""
    grid = [[(c or "").strip() for c in row] for row in grid]
    first = next((i for i, row in enumerate(grid) if any(row)), None)
    if first is None:
        raise TabularError("Le fichier est vide : aucune cellule remplie.")
    body = grid[first + 1 :]
    while body and not any(body[-1]):
        body.pop()
    if len(body) > max_rows:
        raise TabularError(
            f"Le fichier compte plus de {max_rows} lignes : découpez-le en plusieurs fichiers."
        )
    width = max(len(row) for row in [grid[first], *body])
    width = min(width, MAX_COLUMNS)
    while width > 1 and not any(len(r) >= width and r[width - 1] for r in [grid[first], *body]):
        width -= 1
    header = _unique_names((grid[first] + [""] * width)[:width])
    rows = [(row + [""] * width)[:width] for row in body]
    return Table(header=header, rows=rows, start_line=first + 2)


def _unique_names(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    result = []
    for index, name in enumerate(names, start=1):
        name = " ".join(name.split()) or f"Colonne {index}"
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        result.append(name)
    return result
