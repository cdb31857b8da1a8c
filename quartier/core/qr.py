"""QR codes for printed documents: drawn by segno as SVG markup, placed inline in the HTML
WeasyPrint turns into PDF (vector, sharp at any size, nothing to fetch)."""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(text: str) -> SafeString:
    """A QR code of `text` as inline <svg>, black on white with its quiet zone, sized by the
    page's CSS (it has a viewBox, no size). Error correction M: a poster that is folded,
    stained or half covered still reads."""
    svg = segno.make(text, error="m").svg_inline(dark="#000", light="#fff", border=4, omitsize=True)
    # segno draws paths only: nothing of `text` itself is written into the markup.
    return mark_safe(svg)  # noqa: S308


def printed_address(url: str) -> str:
    """`url` as people type it: without « https:// », which phones add themselves."""
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            return url.removeprefix(scheme)
    return url
