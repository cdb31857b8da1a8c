"""Reading the documents the app produces, for tests."""

from __future__ import annotations

import io


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def pdf_words(data: bytes) -> str:
    """The text of a PDF on one line, as a reader sees it.

    A table cell may wrap a title over two lines, and French typography puts no-break spaces
    between a figure and its unit: both read as one plain space.
    """
    return plain_words(pdf_text(data))


def plain_words(text: str) -> str:
    """Runs of whitespace, no-break spaces included, as one plain space."""
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page of a PDF."""
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]
