"""The hostile corpus: text and files a hostile or careless user may send, and the checks every
form, importer and export must pass with them (shown as text, stored intact, defused in
spreadsheets, never a server error).

This is the one list the whole suite uses (crawler, importer and export tests). More strings
can be added without touching the repository: point QUARTIER_HOSTILE_FILE at a UTF-8 file
holding one string per line (blank lines ignored; `\\n`, `\\r`, `\\t`, `\\xNN` and `\\uNNNN`
escapes are decoded, so tabs, line breaks and control characters fit on a line), or a JSON list
of strings. No Django import at module level: tabular-level tests use it too.

What the application deliberately does not keep as typed (see docs/security.md):
- blanks around a value are trimmed (Django form fields, `clean_text`);
- NUL characters are refused in forms with a French message (Django's
  ProhibitNullCharactersValidator; PostgreSQL cannot store them) and removed from imported CSV;
- lone surrogates (invalid UTF-8) are replaced by U+FFFD when a request or file is decoded;
- text longer than a field allows is refused with a French message, never cut silently;
- XLSX exports drop the control characters XML 1.0 cannot carry (the CSV keeps them).
"""

from __future__ import annotations

import functools
import io
import json
import os
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

LONG_TEXT = "Très long texte. " * 6000  # about 100 000 characters
BASE_STRINGS = [
    # Markup: a tag, an event handler, an attribute break-out, a javascript: link.
    "<script>alert('quartier')</script>",
    '"><img src=x onerror=alert(1)>',
    "' autofocus onfocus=alert(2) x='",
    "<svg/onload=alert(3)>",
    "javascript:alert(4)",
    "</textarea><b>gras</b>{{ 7|add:7 }}{% now 'Y' %}",
    # SQL fragments.
    "'; DROP TABLE people_person; --",
    "1' OR '1'='1",
    # Spreadsheet formulas (CSV/formula injection), also behind a tab or a carriage return.
    '=HYPERLINK("http://example.invalid","clic")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    # Control characters, NUL, right-to-left override, invisible characters.
    "contrôle \x01\x02\x1b\x7f fin",
    "avant\x00après",
    "\u202eevil\u202c texte à l'envers",
    "zéro\u200blargeur\ufeff",
    "ligne 1\r\nligne 2\nligne 3",
    # Scripts, emoji (with joiners and skin tones), combining characters.
    "Ωμέγα 中文 العربية עברית 🙂 👩🏽‍🦱",
    "e\u0301 Z\u0351\u0300\u0364a\u0313\u0308l\u0346g\u0310o\u0336",
    # Invalid UTF-16 (a lone surrogate): only bytes can carry it, decoded as U+FFFD.
    "surrogate \ud800 seul",
    # Very long text, and long words with no place to break a line (a pasted link, a name).
    LONG_TEXT,
    "https://exemple.org/" + "chemin/" * 40 + "?q=" + "x" * 120,
    "Anticonstitutionnellement" * 3,
]
# The strings that test whether a page still fits a phone screen once they are shown.
WIDE_STRINGS = [BASE_STRINGS[-2], BASE_STRINGS[-1]]
# Strings a spreadsheet would run as a formula, before any trimming.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
# Strings that carry markup meant to run: never to be found verbatim in an HTML page.
SCRIPT_MARKERS = [
    "<script>alert('quartier')</script>",
    "<img src=x onerror=alert(1)>",
    "onfocus=alert(2) x='",
    "<svg/onload=alert(3)>",
]
# Hostile names for uploaded files (path traversal, markup, RTL trick, no extension, long).
FILE_NAMES = [
    "hostile.csv",
    "../../../../etc/passwd.csv",
    "<script>alert('quartier')</script>.txt",
    "facture\u202efdp.exe.csv",
    "x" * 300 + ".csv",
    "données ☕ «1».ods",
    "sans-extension",
    "C:\\Windows\\win.ini.xlsx",
]


def _decode_line(line: str) -> str:
    if "\\" not in line:
        return line
    return re.sub(
        r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[nrt\\])",
        lambda m: (
            {"n": "\n", "r": "\r", "t": "\t", "\\": "\\"}.get(m.group(1))
            or chr(int(m.group(1)[1:], 16))
        ),
        line,
    )


def extra_strings(path: str | os.PathLike | None = None) -> list[str]:
    """Strings from QUARTIER_HOSTILE_FILE (or `path`): a JSON list, or one string per line."""
    path = path or os.environ.get("QUARTIER_HOSTILE_FILE", "")
    if not path:
        return []
    text = Path(path).read_text(encoding="utf-8", errors="surrogateescape")
    try:
        loaded = json.loads(text)
    except ValueError:
        loaded = None
    if isinstance(loaded, list) and all(isinstance(s, str) for s in loaded):
        return loaded
    return [_decode_line(line) for line in text.splitlines() if line.strip()]


def hostile_strings() -> list[str]:
    """The built-in corpus followed by the strings from QUARTIER_HOSTILE_FILE."""
    return [*BASE_STRINGS, *(s for s in extra_strings() if s not in BASE_STRINGS)]


HOSTILE_STRINGS = hostile_strings()


# --- what a string becomes on its way in -----------------------------------------------------


def as_sent(text: str) -> str:
    """`text` as the server decodes it from a UTF-8 request: lone surrogates become U+FFFD."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def expected_stored(text: str, *, max_length: int | None = None) -> str | None:
    """What a form field should store for `text`, or None when the app must refuse it with a
    message (NUL character, too long)."""
    value = as_sent(text).strip()
    if not value or "\x00" in value:
        return None
    if max_length is not None and len(value) > max_length:
        return None
    return value


def looks_like_formula(cell: str) -> bool:
    return cell.startswith(FORMULA_PREFIXES)


def defused(cell: str) -> bool:
    """A spreadsheet cell that is safe: it does not start like a formula, or it is quoted."""
    return not looks_like_formula(cell)


# --- what a page must not contain -------------------------------------------------------------


PAYLOAD_CALL = re.compile(r"\b(alert|prompt|confirm|eval)\s*\(|\bimport\s*\(")


class _ActiveMarkup(HTMLParser):
    """Event handlers (the application's templates use none), javascript: links, and scripts
    that call a payload function (alert, prompt, confirm, eval)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction", "data") and (
                (value or "").strip().lower().startswith(("javascript:", "data:text/html"))
            ):
                self.found.append(f"<{tag} {name}={value!r}>")
        self._in_script = tag == "script"

    def handle_endtag(self, tag) -> None:
        self._in_script = False

    def handle_data(self, data) -> None:
        if self._in_script and PAYLOAD_CALL.search(data):
            self.found.append(f"<script>{data[:60]}")


def injected_markup(html: str, texts: list[str] | None = None) -> list[str]:
    """What in `html` shows that hostile text was rendered as markup instead of text.

    Every event handler attribute, javascript: link and script calling alert/prompt/confirm/
    eval, and every string of `texts` holding a tag that appears verbatim (escaped text never
    does), unless it is markup a sanitiser would keep as it is (bold text in Markdown).
    """
    parser = _ActiveMarkup()
    parser.feed(html)
    found = list(parser.found)
    for text in texts if texts is not None else HOSTILE_STRINGS:
        sent = as_sent(text)
        needle = sent.strip()
        if "<" in needle and len(needle) < 5000 and needle in html and not _harmless(needle):
            found.append(f"verbatim: {sent[:60]!r}")
    return found


def _harmless(markup: str) -> bool:
    """Markup a sanitiser keeps as it is, or that the templates themselves write (a corpus
    string "<script>" is found in any page with a script of the application's own)."""
    import nh3

    return nh3.clean(markup) == markup or markup in _template_sources()


@functools.cache
def _template_sources() -> str:
    root = Path(__file__).resolve().parents[1]
    return "\n".join(p.read_text(encoding="utf-8") for p in root.glob("**/templates/**/*.html"))


# --- importers: all or nothing ----------------------------------------------------------------


def row_counts() -> dict[str, int]:
    """Rows in every table of the default database (to prove a failed import wrote nothing)."""
    from django.db import connection

    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


# Tables an importer may write to even when it refuses a file (the session, the audit log, and
# any app's `ImportDraft`: the parsed file kept between upload and confirmation).
BOOKKEEPING_TABLES = {"django_session", "privacy_auditevent"}


def _bookkeeping(table: str) -> bool:
    return table in BOOKKEEPING_TABLES or table.endswith("_importdraft")


def check_all_or_nothing(
    run: Callable[[], object],
    *,
    imported_table: str,
    expected_rows: int | None = None,
    ignore: Callable[[str], bool] = _bookkeeping,
) -> object:
    """Run one import and check it wrote everything or nothing.

    `run` performs the import and returns a true value when it reports success, a false one
    (or raises nothing) when it reported a problem to the user. On failure no table may change
    (except bookkeeping tables); on success `imported_table` grows, by `expected_rows` if given.
    Reusable by every importer: pass a closure calling the view or the service.
    """
    before = row_counts()
    outcome = run()
    after = row_counts()
    changed = {
        t: (before.get(t, 0), n)
        for t, n in after.items()
        if n != before.get(t, 0) and not ignore(t)
    }
    if outcome:
        grown = after.get(imported_table, 0) - before.get(imported_table, 0)
        assert grown > 0, f"a reported success imported nothing into {imported_table}"
        if expected_rows is not None:
            assert grown == expected_rows, (imported_table, grown, expected_rows)
    else:
        assert not changed, f"a refused import changed {changed}"
    return outcome


# --- files for importers ----------------------------------------------------------------------


def xml_safe(text: str) -> str:
    """`text` without what XML 1.0 (XLSX, ODS) cannot hold or discourages: most control
    characters and lone surrogates. A spreadsheet program cannot save them either."""
    return "".join(
        c
        for c in as_sent(text)
        if (c in "\t\n\r" or ord(c) >= 32)
        and not (0x7F <= ord(c) <= 0x9F and c != "\x85")  # discouraged by XML 1.0
        and c not in "\ufffe\uffff"
    )


def table_bytes(rows: list[list[str]], file_format: str) -> bytes:
    """A CSV (UTF-8, `;`), XLSX or ODS file holding `rows`, as a person would upload it."""
    import csv

    if file_format == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
        return buffer.getvalue().encode("utf-8", "surrogatepass")
    if file_format == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        for row in rows:
            # Typed as text, as a spreadsheet stores a cell typed '=1+1 (not a formula).
            workbook.active.append([xml_safe(value) for value in row])
            for cell in workbook.active[workbook.active.max_row]:
                cell.data_type = "s"
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    if file_format == "ods":
        from odf.opendocument import OpenDocumentSpreadsheet
        from odf.table import Table, TableCell, TableRow
        from odf.text import P

        document = OpenDocumentSpreadsheet()
        sheet = Table(name="Feuille1")
        for row in rows:
            table_row = TableRow()
            for value in row:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=xml_safe(value)))
                table_row.addElement(cell)
            sheet.addElement(table_row)
        document.spreadsheet.addElement(sheet)
        buffer = io.BytesIO()
        document.write(buffer)
        return buffer.getvalue()
    raise ValueError(file_format)


def importer_files():
    """A hypothesis strategy of (bytes, file name) an importer may receive: random bytes, random
    text in various encodings, tables of corpus and random strings in CSV/XLSX/ODS, and those
    files damaged (cut short, a byte flipped) or misnamed."""
    from hypothesis import strategies as st

    names = st.sampled_from(["import.csv", "import.xlsx", "import.ods", "import.txt", "import"])
    cell = st.one_of(st.sampled_from(HOSTILE_STRINGS[:-1]), st.text(max_size=40))
    rows = st.lists(st.lists(cell, min_size=1, max_size=4), min_size=1, max_size=6)
    header_rows = rows.map(lambda r: [["texte", "auteur", "date", "âge"][: len(r[0])], *r])
    table = st.tuples(header_rows, st.sampled_from(["csv", "xlsx", "ods"])).map(
        lambda t: (table_bytes(t[0], t[1]), f"import.{t[1]}")
    )

    def damage(file: tuple[bytes, str], cut: int, flip: int) -> tuple[bytes, str]:
        data = bytearray(file[0][: max(cut, 1)])
        data[cut % len(data)] ^= flip or 1
        return bytes(data), file[1]

    return st.one_of(
        st.tuples(st.binary(max_size=2000), names),
        st.tuples(
            st.tuples(st.text(max_size=300), st.sampled_from(["utf-8", "utf-16", "cp1252"])).map(
                lambda t: t[0].encode(t[1], "replace")
            ),
            names,
        ),
        table,
        table,
        st.builds(damage, table, st.integers(0, 5000), st.integers(0, 255)),
        table.map(lambda f: (f[0], "import.csv" if f[1].endswith("s") else "import.xlsx")),
    )
