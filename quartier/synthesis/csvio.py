"""Streaming CSV reading for the theme engine: any of UTF-8/Latin-1, `,`/`;`/tab (sniffed).

Plain Python (no Django) so the CLI, the benchmark and the app share one reader.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

csv.field_size_limit(10_000_000)


class SynthesisInputError(ValueError):
    """Bad input file or column: the message is in French, ready to show to a person."""


@dataclass(frozen=True)
class CsvFormat:
    encoding: str
    delimiter: str
    header: list[str]


def _detect_encoding(path: Path) -> str:
    """UTF-8 if the whole file decodes as UTF-8, else Windows-1252 (a superset of Latin-1)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def _open_text(path: Path, encoding: str) -> io.TextIOWrapper:
    # cp1252 leaves five bytes undefined: replace them rather than fail on a Latin-1 file.
    errors = "replace" if encoding == "cp1252" else "strict"
    return open(path, encoding=encoding, errors=errors, newline="")  # noqa: SIM115


def sniff(path: str | os.PathLike) -> CsvFormat:
    """Find encoding, delimiter and header of a CSV file, or raise SynthesisInputError."""
    path = Path(path)
    if not path.is_file():
        raise SynthesisInputError(f"Fichier introuvable ou illisible : {path}")
    try:
        encoding = _detect_encoding(path)
        with _open_text(path, encoding) as handle:
            head = handle.read(64 * 1024)
    except OSError as error:
        raise SynthesisInputError(f"Impossible de lire le fichier {path} : {error}") from error
    if not head.strip():
        raise SynthesisInputError(f"Le fichier {path} est vide.")
    first_line = head.splitlines()[0]
    try:
        delimiter = csv.Sniffer().sniff(head, delimiters=",;\t").delimiter
    except csv.Error:
        # Few columns: the sniffer may give up; count candidates on the header line.
        delimiter = max(",;\t", key=first_line.count)
    header = next(csv.reader([first_line], delimiter=delimiter))
    header = [name.strip() for name in header]
    return CsvFormat(encoding=encoding, delimiter=delimiter, header=header)


def check_columns(fmt: CsvFormat, *columns: str | None) -> None:
    for column in columns:
        if column is not None and column not in fmt.header:
            available = ", ".join(fmt.header) or "aucune"
            raise SynthesisInputError(
                f"Colonne « {column} » absente du fichier (colonnes trouvées : {available})."
            )


def iter_rows(
    path: str | os.PathLike, text_column: str, author_column: str | None = None
) -> Iterator[tuple[str, str | None]]:
    """Yield (text, author) per data row, in file order; a blank author becomes None."""
    fmt = sniff(path)
    check_columns(fmt, text_column, author_column)
    text_index = fmt.header.index(text_column)
    author_index = fmt.header.index(author_column) if author_column else None
    with _open_text(Path(path), fmt.encoding) as handle:
        reader = csv.reader(handle, delimiter=fmt.delimiter)
        next(reader, None)
        for row in reader:
            if not row:
                continue
            text = row[text_index] if text_index < len(row) else ""
            author = None
            if author_index is not None and author_index < len(row):
                author = row[author_index].strip() or None
            yield text, author
