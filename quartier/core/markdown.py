"""Markdown written by residents and workers (minutes, proposals), rendered safely.

Two locks: Python-Markdown is told to treat raw HTML as text (so a `<script>` typed in minutes
is shown, not run and not silently dropped), then nh3 keeps only a short list of tags and URL
schemes, in case a Markdown construct ever produces something unexpected.
"""

from __future__ import annotations

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}


class _ShiftHeadings(Treeprocessor):
    """`# Titre` in minutes must not become a second <h1> on a page: shift every level down."""

    def __init__(self, md: markdown.Markdown, offset: int) -> None:
        super().__init__(md)
        self.offset = offset

    def run(self, root) -> None:
        for element in root.iter():
            if len(element.tag) == 2 and element.tag[0] == "h" and element.tag[1].isdigit():
                element.tag = f"h{min(int(element.tag[1]) + self.offset, 6)}"


def render_markdown(text: str | None, *, top_heading: int = 3) -> SafeString:
    """HTML for `text`; Markdown headings start at `<h{top_heading}>` (default: inside an h2)."""
    if not text:
        return mark_safe("")  # noqa: S308 (empty string)
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    # Raw HTML is shown as typed (escaped) rather than passed through.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_ShiftHeadings(md, max(top_heading - 1, 0)), "shift_headings", 0)
    html = md.convert(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 (sanitised by nh3 just above)
