"""Read statistical tables as INSEE publishes them, without trusting their shape.

Accepted input, whatever the edition:

- `;`, `,` or tab separators (guessed from the header line), UTF-8 (with or without BOM) or
  Latin-1 / Windows-1252, CRLF, LF or CR line endings;
- decimal points or decimal commas; empty cells and INSEE's secret markers (`s`, `nd`, `ns`,
  `nc`, `so`, `se`...) read as missing values, never as zero;
- one row per commune (`CODGEO`, or `COM` alone) or per IRIS (`IRIS;COM;TYP_IRIS;LAB_IRIS;...`);
- INSEE's variable dictionary (`COD_VAR;LIB_VAR;LIB_VAR_LONG;COD_MOD;LIB_MOD;TYPE_VAR;LONG_VAR`)
  for variable labels and area names;
- a generic long format (area code, indicator, year, value, source) for other sources.

Variables are kept under their official names (`P18_POP`, `C18_FAMMONO`, `MED19`...): the
edition's year is part of the name and is detected from it. Columns that do not look like
INSEE variables are reported in `Table.unknown_columns` and ignored. Anything that makes the
file unreadable raises `ReadError` with the line, the column and a French message.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ReadError

Source = str | os.PathLike[str] | bytes

# INSEE marks confidential or unavailable cells with these (compared lower-cased).
MISSING_MARKERS = frozenset(
    {"s", "nd", "n.d.", "ns", "n.s.", "nc", "n.c.", "so", "se", "-", "x", "na", "n/a", "nan"}
)
# Identifiers and labels found in INSEE files: text, never parsed as numbers.
TEXT_COLUMNS = frozenset(
    {
        "CODGEO", "IRIS", "COM", "LIBGEO", "LIBCOM", "LIBIRIS", "TYP_IRIS", "LAB_IRIS",
        "MODIF_IRIS", "TRIRIS", "GRD_QUART", "REG", "DEP", "ARR", "CV", "EPCI", "NATURE_EPCI",
        "UU2010", "UU2020", "TUU2017", "TDUU2017", "ZE2010", "ZE2020", "BV2012", "BV2022",
        "AAV2020", "TAAV2017", "TDAAV2017", "CATEAAV2020",
    }
)  # fmt: skip
INSEE_NAME = re.compile(r"[A-Z][A-Z0-9_]*")
STRICT_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
COMMUNE_CODE = re.compile(r"(?:\d{5}|2[AB]\d{3})")
IRIS_CODE = re.compile(r"(?:\d{5}|2[AB]\d{3})\d{4}")
CENSUS_VARIABLE = re.compile(r"[PC](\d\d)_")
INCOME_VARIABLE = re.compile(r"(?:DISP_|DEC_)?(?:MED|TP60)(\d\d)")
SEPARATORS = (";", ",", "\t")
MAX_PROBLEMS = 50  # a report lists the problems of a file up to this many, then stops
SEPARATOR_NAMES = {";": "« ; »", ",": "« , »", "\t": "tabulation"}
META_COLUMNS = ("COD_VAR", "LIB_VAR", "LIB_VAR_LONG", "COD_MOD", "LIB_MOD", "TYPE_VAR", "LONG_VAR")
LONG_ALIASES = {
    "code": {"code", "codgeo", "codegeo", "code_geo", "code_zone", "zone", "territoire", "area",
             "area_code", "code_territoire"},
    "indicator": {"indicateur", "indicator", "variable", "cod_var", "code_indicateur"},
    "year": {"annee", "year", "millesime", "periode", "date"},
    "value": {"valeur", "value", "val"},
    "source": {"source", "producteur"},
    "name": {"nom", "libelle", "libgeo", "name", "lib_zone", "nom_territoire"},
}  # fmt: skip
DEPARTEMENT_CODE = re.compile(r"(?:\d\d|2[AB]|97\d)")
FRANCE_CODES = frozenset({"FR", "FRA", "FRANCE", "FXX", "FE"})


def year_of(two_digits: str) -> int:
    """A two-digit year in a variable name: P99_POP -> 1999, P18_POP -> 2018."""
    number = int(two_digits)
    return 1900 + number if number >= 60 else 2000 + number


def level_of_code(code: str) -> str | None:
    """The level a code names: iris, commune, departement, france; None for anything else."""
    if IRIS_CODE.fullmatch(code):
        return "iris"
    if COMMUNE_CODE.fullmatch(code):
        return "commune"
    if DEPARTEMENT_CODE.fullmatch(code):
        return "departement"
    if code.upper() in FRANCE_CODES:
        return "france"
    return None


@dataclass
class Meta:
    """INSEE's dictionary: variable labels, area names, variables holding text."""

    labels: dict[str, str] = field(default_factory=dict)
    long_labels: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    text_variables: set[str] = field(default_factory=set)


@dataclass
class Table:
    """Numeric variables of one row per area (commune or IRIS), column by column.

    `columns[name][row]` is a float or None (missing, secret). `codes[row]` is the row's area
    code and `commune_codes[row]` its commune (the same code in a commune file).
    """

    kind: str  # "commune" or "iris"
    codes: list[str]
    commune_codes: list[str]
    columns: dict[str, list[float | None]]
    names: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    unknown_columns: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    source_name: str | None = None
    # Level of each row when rows mix levels (long format); None: every row is `kind`.
    levels: list[str] | None = None

    def __post_init__(self) -> None:
        self.row_of = {code: row for row, code in enumerate(self.codes)}

    @property
    def census_year(self) -> int | None:
        """The census year of the main variables: P18_POP -> 2018 (latest edition present)."""
        with_population = [n[1:3] for n in self.columns if re.fullmatch(r"P\d\d_POP", n)]
        years = with_population or [
            m.group(1) for n in self.columns if (m := CENSUS_VARIABLE.match(n))
        ]
        return max(year_of(y) for y in years) if years else None

    @property
    def income_year(self) -> int | None:
        """The year of Filosofi income variables (MED19 -> 2019), which may differ."""
        years = [m.group(1) for n in self.columns if (m := INCOME_VARIABLE.fullmatch(n))]
        return max(year_of(y) for y in years) if years else None

    def value(self, code: str, variable: str) -> float | None:
        return self.columns[variable][self.row_of[code]]


@dataclass(frozen=True)
class Observation:
    """One value of the long format: an area, an indicator, a year."""

    code: str
    indicator: str
    year: int | None
    value: float | None
    source: str | None
    line: int
    name: str | None = None


@dataclass
class LongTable:
    observations: list[Observation]
    unknown_columns: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    source_name: str | None = None


# --- low-level CSV -------------------------------------------------------------------------


def _load(source: Source) -> tuple[bytes, str | None]:
    if isinstance(source, bytes | bytearray):
        return bytes(source), None
    path = Path(source)
    try:
        return path.read_bytes(), path.name
    except OSError as error:
        raise ReadError(
            f"impossible d'ouvrir le fichier « {path} » ({error.strerror or error})",
            source=path.name,
        ) from error


def _decode(data: bytes, name: str | None, warnings: list[str]) -> str:
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise ReadError(
            "ce fichier est un classeur (Excel ou LibreOffice), pas un CSV : "
            "enregistrez-le au format CSV",
            line=1,
            source=name,
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ReadError(
                "fichier UTF-16 illisible : enregistrez-le en CSV UTF-8", line=1, source=name
            ) from None
    if b"\x00" in data[:4096]:
        raise ReadError("ce fichier n'est pas un fichier texte (CSV)", line=1, source=name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    warnings.append("Encodage Latin-1 (Windows-1252) détecté.")
    return text


Records = tuple[list[str], Iterator[tuple[int, list[str]]], str | None, list[str]]


def _records(source: Source) -> Records:
    """Open a delimited text file: its header, then (line number, cells) for each data row.

    Blank lines are skipped; rows longer than the header are accepted only when the extra
    cells are empty (spreadsheet exports add trailing separators); other ragged rows raise.
    """
    data, name = _load(source)
    warnings: list[str] = []
    text = _decode(data, name, warnings)
    if not text.strip():
        raise ReadError("le fichier est vide", line=1, source=name)
    header_line = re.split(r"\r\n|\r|\n", text.lstrip("\r\n"), maxsplit=1)[0]
    separator = max(SEPARATORS, key=header_line.count)
    if header_line.count(separator) == 0:
        raise ReadError(
            "une seule colonne trouvée : le séparateur n'est ni « ; » ni « , » ni une tabulation "
            f"(en-tête lu : « {_shown(header_line)} »)",
            line=1,
            source=name,
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    header: list[str] | None = None
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                header = [cell.strip() for cell in row]
                break
    except csv.Error as error:
        raise ReadError(f"en-tête illisible ({error})", line=reader.line_num, source=name) from None
    if header is None:
        raise ReadError("le fichier est vide", line=1, source=name)
    header_line_number = reader.line_num
    while header and not header[-1]:
        header.pop()  # trailing separator on the header line
    seen: dict[str, int] = {}
    for position, column in enumerate(header, start=1):
        if column in seen:
            raise ReadError(
                f"la colonne « {_shown(column)} » apparaît deux fois (colonnes {seen[column]} "
                f"et {position})",
                line=header_line_number,
                source=name,
            )
        seen[column] = position

    def rows() -> Iterator[tuple[int, list[str]]]:
        width = len(header)
        try:
            for row in reader:
                if len(row) != width:
                    if not any(cell.strip() for cell in row):
                        continue
                    if len(row) > width and not any(cell.strip() for cell in row[width:]):
                        row = row[:width]
                    elif len(row) < width:
                        raise ReadError(
                            f"la ligne n'a que {len(row)} cellules au lieu de {width} "
                            "(ligne incomplète ou mauvais séparateur)",
                            line=reader.line_num,
                            column=header[len(row)] or f"n° {len(row) + 1}",
                            source=name,
                        )
                    else:
                        raise ReadError(
                            f"la ligne a {len(row)} cellules au lieu de {width} (une valeur "
                            "contient-elle le séparateur sans guillemets ?)",
                            line=reader.line_num,
                            column=f"n° {width + 1}",
                            source=name,
                        )
                elif not any(row):
                    continue
                yield reader.line_num, row
        except csv.Error as error:
            raise ReadError(
                f"ligne CSV mal formée ({error})", line=reader.line_num, source=name
            ) from None

    if separator != ";":
        warnings.append(f"Séparateur {SEPARATOR_NAMES[separator]} détecté.")
    return header, rows(), name, warnings


def _shown(text: str, limit: int = 40) -> str:
    """Quote a cell safely in a message: no control characters, bounded length."""
    clean = "".join(c if unicodedata.category(c)[0] != "C" else "�" for c in text.strip())
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


class _NotANumber(Exception):
    pass


def _parse_slow(cell: str) -> float | None:
    """Cells `float()` refused or misread: markers, decimal commas, spaced thousands."""
    text = cell.strip()
    if not text or text.lower() in MISSING_MARKERS:
        return None
    text = text.replace(",", ".").replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if not STRICT_NUMBER.fullmatch(text):
        raise _NotANumber
    value = float(text)
    if not math.isfinite(value):
        raise _NotANumber
    return value


def parse_number(cell: str) -> float | None:
    """One cell as a number, None when empty or secret; raises ValueError on text."""
    try:
        return _number(cell)
    except _NotANumber:
        raise ValueError(f"« {_shown(cell)} » n'est pas un nombre") from None


def _number(cell: str) -> float | None:
    if not cell:
        return None
    try:
        value = float(cell)
    except ValueError:
        return _parse_slow(cell)
    # float() also takes "nan", "inf" and "1_000": none of them is a published figure.
    if "_" in cell or not math.isfinite(value):
        return _parse_slow(cell)
    return value


def _normalise_code(raw: str, lengths: dict[int, int]) -> tuple[str, bool]:
    """Upper-case a geographic code and restore a leading zero lost in a spreadsheet."""
    code = raw.strip().upper()
    if code.isdigit() and len(code) in lengths:
        return code.zfill(lengths[len(code)]), True
    return code, False


def normalise_area_code(raw: str) -> str:
    """A code as typed by a user: `1001` -> `01001`, `2a004` -> `2A004`, `1` -> `01`."""
    return _normalise_code(raw, {1: 2, 4: 5, 8: 9})[0]


# --- dictionary --------------------------------------------------------------------------


def read_meta(source: Source) -> Meta:
    """Read INSEE's dictionary file: variable labels, and area names (COD_VAR = CODGEO...)."""
    header, rows, name, _ = _records(source)
    upper = [column.upper() for column in header]
    if "COD_VAR" not in upper or "LIB_VAR" not in upper:
        raise ReadError(
            "ce fichier n'est pas un dictionnaire des variables de l'Insee : colonnes COD_VAR "
            f"et LIB_VAR attendues, trouvé {', '.join(header[:8])}",
            line=1,
            source=name,
        )
    index = {column: upper.index(column) for column in META_COLUMNS if column in upper}
    meta = Meta()

    def cell(row: list[str], column: str) -> str:
        return row[index[column]].strip() if column in index else ""

    for _, row in rows:
        variable = cell(row, "COD_VAR")
        if not variable:
            continue
        modality = cell(row, "COD_MOD")
        if variable.upper() in {"CODGEO", "COM", "IRIS", "DEP", "LIBGEO"}:
            if modality:
                code = normalise_area_code(modality)
                meta.names[code] = cell(row, "LIB_MOD") or meta.names.get(code, "")
            continue
        meta.labels.setdefault(variable, cell(row, "LIB_VAR"))
        meta.long_labels.setdefault(variable, cell(row, "LIB_VAR_LONG") or cell(row, "LIB_VAR"))
        # Coded variables (TYP_IRIS: H, A, D, Z) and CHAR ones are text, never numbers.
        if modality or cell(row, "TYPE_VAR").upper() == "CHAR":
            meta.text_variables.add(variable)
    return meta


# --- wide INSEE files ----------------------------------------------------------------------


DATED_VARIABLE = re.compile(r"[A-Z][A-Z0-9_]*\d\d")


def _is_dated_variable(column: str, meta: Meta | None) -> bool:
    """Named as INSEE names its variables (the edition's year in the name), or so described."""
    return bool(
        CENSUS_VARIABLE.match(column)
        or INCOME_VARIABLE.fullmatch(column)
        or DATED_VARIABLE.fullmatch(column)
        or (meta and column in meta.labels)
    )


def read_table(source: Source, meta: Source | Meta | None = None) -> Table:
    """Read an INSEE file with one row per commune or per IRIS (or a long-format file).

    `meta` is INSEE's dictionary (a path, bytes or an already read `Meta`): it labels the
    variables and names the areas. Raises `ReadError` when the file cannot be read.
    """
    if meta is not None and not isinstance(meta, Meta):
        meta = read_meta(meta)
    header, rows, name, warnings = _records(source)
    upper = [column.upper() for column in header]
    if "IRIS" in upper:
        code_column = upper.index("IRIS")
    elif "CODGEO" in upper:
        code_column = upper.index("CODGEO")
    elif "COM" in upper:
        code_column = upper.index("COM")
    elif _long_columns(header):
        return long_to_table(_read_long(header, rows, name, warnings), meta)
    else:
        raise ReadError(
            "aucune colonne de code géographique (CODGEO, IRIS ou COM) ; colonnes trouvées : "
            + ", ".join(_shown(column, 20) for column in header[:10])
            + (" …" if len(header) > 10 else ""),
            line=1,
            source=name,
        )
    commune_column = upper.index("COM") if "COM" in upper and upper[code_column] == "IRIS" else None
    text_variables = meta.text_variables if meta else set()
    numeric: list[tuple[int, str]] = []
    unknown: list[str] = []
    label_columns: dict[str, int] = {}
    for position, column in enumerate(header):
        if upper[position] in {"LIBGEO", "LIBCOM", "LIBIRIS"}:
            label_columns[upper[position]] = position
        if (
            upper[position] in TEXT_COLUMNS
            or upper[position].startswith("LIB")
            or column in text_variables
        ):
            continue
        if INSEE_NAME.fullmatch(upper[position]) or (meta and column in meta.labels):
            # Variables keep INSEE's capitalised names, whatever case the file used.
            numeric.append(
                (position, upper[position] if INSEE_NAME.fullmatch(upper[position]) else column)
            )
        else:
            unknown.append(column or f"(colonne {position + 1} sans nom)")
    if unknown:
        warnings.append(
            "Colonnes inconnues ignorées : " + ", ".join(_shown(c, 30) for c in unknown) + "."
        )
    if meta:
        undescribed = [c for _, c in numeric if c not in meta.labels]
        if undescribed:
            warnings.append(
                "Variables absentes du dictionnaire : " + ", ".join(undescribed[:20]) + "."
            )

    # Columns named like a dated INSEE variable (P18_POP, MED19, NAIS1318) must hold numbers:
    # text there is an error. Other columns (SUPERF, or a REMARQUE a user added) are numbers
    # only if every cell is one; a column with text is reported and ignored, not fatal.
    uncertain = {
        slot for slot, (_, column) in enumerate(numeric) if not _is_dated_variable(column, meta)
    }
    textual: set[int] = set()
    codes: list[str] = []
    commune_codes: list[str] = []
    values: list[list[float | None]] = [[] for _ in numeric]
    names: dict[str, str] = {}
    first_line: dict[str, int] = {}
    kind: str | None = None
    padded = False
    code_name = header[code_column]
    problems: list[ReadError] = []

    def report(message: str, line: int, column: str) -> None:
        problems.append(ReadError(message, line=line, column=column, source=name))
        if len(problems) >= MAX_PROBLEMS:
            raise ReadError.several(problems)

    try:
        for line, row in rows:
            code, fixed = _normalise_code(row[code_column], {4: 5, 8: 9})
            padded = padded or fixed
            if kind is None:
                kind = "iris" if len(code) == 9 else "commune"
            pattern = IRIS_CODE if kind == "iris" else COMMUNE_CODE
            if not pattern.fullmatch(code):
                expected = "d'IRIS (9 caractères" if kind == "iris" else "de commune (5 caractères"
                example = "180330101" if kind == "iris" else "18033"
                report(
                    f"« {_shown(row[code_column])} » n'est pas un code {expected}, ex. {example})",
                    line,
                    code_name,
                )
                continue
            if code in first_line:
                report(
                    f"le code {code} apparaît deux fois (déjà ligne {first_line[code]})",
                    line,
                    code_name,
                )
                continue
            commune = code[:5] if kind == "iris" else code
            if kind == "iris" and commune_column is not None and row[commune_column].strip():
                commune, fixed = _normalise_code(row[commune_column], {4: 5})
                if not COMMUNE_CODE.fullmatch(commune):
                    report(
                        f"« {_shown(row[commune_column])} » n'est pas un code de commune",
                        line,
                        header[commune_column],
                    )
                    continue
            first_line[code] = line
            codes.append(code)
            commune_codes.append(commune)
            for label_column, position in label_columns.items():
                label = row[position].strip()
                if label:
                    target = code if label_column != "LIBCOM" or kind == "commune" else commune
                    names.setdefault(target, label)
            for slot, (position, column) in enumerate(numeric):
                cell = row[position]
                try:
                    values[slot].append(_number(cell))
                except _NotANumber:
                    values[slot].append(None)
                    if slot in uncertain:
                        textual.add(slot)
                    else:
                        report(f"« {_shown(cell)} » n'est pas un nombre", line, column)
    except ReadError as fatal:
        if fatal.problems is problems or fatal in problems:
            raise
        raise ReadError.several([*problems, fatal]) from None
    if problems:
        raise ReadError.several(problems)
    if not codes:
        raise ReadError("aucune ligne de données après l'en-tête", line=2, source=name)
    if textual:
        dropped = [numeric[slot][1] for slot in sorted(textual)]
        unknown.extend(dropped)
        warnings.append("Colonnes de texte ignorées : " + ", ".join(dropped) + ".")
        numeric = [pair for slot, pair in enumerate(numeric) if slot not in textual]
        values = [column for slot, column in enumerate(values) if slot not in textual]
    if padded:
        warnings.append("Zéros initiaux rétablis dans des codes (01001 lu « 1001 »).")
    if meta:
        for code, label in meta.names.items():
            names.setdefault(code, label)
    return Table(
        kind=kind or "commune",
        codes=codes,
        commune_codes=commune_codes,
        columns={column: values[slot] for slot, (_, column) in enumerate(numeric)},
        names=names,
        labels=dict(meta.long_labels) if meta else {},
        unknown_columns=unknown,
        warnings=warnings,
        source_name=name,
    )


# --- long format ---------------------------------------------------------------------------


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace(" ", "_")


def _long_columns(header: list[str]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for position, column in enumerate(header):
        for role, aliases in LONG_ALIASES.items():
            if _folded(column) in aliases and role not in found:
                found[role] = position
    return found if {"code", "indicator", "value"} <= found.keys() else None


def read_long(source: Source) -> LongTable:
    """Read the generic long format: one value per line (area code, indicator, year, value,
    source), e.g. `code;indicateur;annee;valeur;source`. Year and source may be absent."""
    header, rows, name, warnings = _records(source)
    if not _long_columns(header):
        raise ReadError(
            "format long attendu : colonnes code, indicateur, annee, valeur, source ; "
            f"trouvé {', '.join(_shown(c, 20) for c in header[:8])}",
            line=1,
            source=name,
        )
    return _read_long(header, rows, name, warnings)


def _read_long(
    header: list[str],
    rows: Iterator[tuple[int, list[str]]],
    name: str | None,
    warnings: list[str],
) -> LongTable:
    roles = _long_columns(header) or {}
    unknown = [c for position, c in enumerate(header) if position not in roles.values()]
    observations = []
    for line, row in rows:
        code = normalise_area_code(row[roles["code"]])
        indicator = row[roles["indicator"]].strip()
        if not code:
            raise ReadError(
                "code de territoire vide", line=line, column=header[roles["code"]], source=name
            )
        if not indicator:
            raise ReadError(
                "indicateur vide", line=line, column=header[roles["indicator"]], source=name
            )
        year = None
        if "year" in roles and row[roles["year"]].strip():
            text = row[roles["year"]].strip()
            if not re.fullmatch(r"(19|20)\d\d", text):
                raise ReadError(
                    f"« {_shown(text)} » n'est pas une année",
                    line=line,
                    column=header[roles["year"]],
                    source=name,
                )
            year = int(text)
        try:
            value = _number(row[roles["value"]])
        except _NotANumber:
            raise ReadError(
                f"« {_shown(row[roles['value']])} » n'est pas un nombre",
                line=line,
                column=header[roles["value"]],
                source=name,
            ) from None
        source_text = row[roles["source"]].strip() if "source" in roles else ""
        area_name = row[roles["name"]].strip() if "name" in roles else ""
        observations.append(
            Observation(code, indicator, year, value, source_text or None, line, area_name or None)
        )
    if not observations:
        raise ReadError("aucune ligne de données après l'en-tête", line=2, source=name)
    if unknown:
        warnings.append("Colonnes inconnues ignorées : " + ", ".join(unknown) + ".")
    return LongTable(observations, unknown, warnings, name)


def long_to_table(long: LongTable, meta: Meta | None = None, year: int | None = None) -> Table:
    """Pivot long-format observations into a `Table` whose rows may mix levels.

    IRIS, communes, départements (`45`, `2A`, `971`) and France (`FR`) are kept, each with its
    level: a value given for a département or for France is used as published there. Other
    areas (régions, EPCI...) are left out, with a warning. Indicator names become column names;
    for each area and indicator the value of `year` is kept, or the latest year when None.
    """
    warnings = list(long.warnings)
    kept = [o for o in long.observations if level_of_code(o.code)]
    if year is not None:
        kept = [o for o in kept if o.year in (year, None)]
    if not kept:
        raise ReadError(
            "aucune valeur pour un IRIS, une commune, un département ou la France dans ce "
            "fichier au format long",
            line=2,
            source=long.source_name,
        )
    if skipped := len(long.observations) - len(kept):
        warnings.append(f"{skipped} lignes d'autres territoires ou d'autres années ignorées.")
    chosen: dict[tuple[str, str], Observation] = {}
    names: dict[str, str] = dict(meta.names) if meta else {}
    for obs in kept:
        code = "FR" if level_of_code(obs.code) == "france" else obs.code
        key = (code, obs.indicator)
        if key not in chosen or (obs.year or 0) > (chosen[key].year or 0):
            chosen[key] = obs
        if obs.name:
            names.setdefault(code, obs.name)
    years = Counter(o.indicator for o in kept) - Counter(k[1] for k in chosen)
    if years:
        warnings.append(
            "Plusieurs années pour " + ", ".join(sorted(years)) + " : la plus récente est gardée."
        )
    order = {"iris": 0, "commune": 1, "departement": 2, "france": 3}
    codes = sorted({code for code, _ in chosen}, key=lambda c: (order[level_of_code(c) or ""], c))
    levels = [level_of_code(code) or "commune" for code in codes]
    row_of = {code: row for row, code in enumerate(codes)}
    columns: dict[str, list[float | None]] = {}
    for (code, indicator), obs in chosen.items():
        columns.setdefault(indicator, [None] * len(codes))[row_of[code]] = obs.value
    return Table(
        kind="iris" if "iris" in levels else "commune",
        codes=codes,
        commune_codes=[c[:5] for c in codes],
        columns=columns,
        names=names,
        labels=dict(meta.long_labels) if meta else {},
        unknown_columns=long.unknown_columns,
        warnings=warnings,
        sources=sorted({o.source for o in kept if o.source}),
        source_name=long.source_name,
        levels=levels,
    )
