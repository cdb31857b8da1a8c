"""Render a template to PDF with WeasyPrint: one place for fonts, base URL and headers."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify


def _fetch_static(url: str) -> dict:
    """Let WeasyPrint read our own static files from disk, and nothing from the network."""
    from weasyprint import default_url_fetcher

    if url.startswith("static:"):
        path = finders.find(url.removeprefix("static:"))
        if path:
            with open(path, "rb") as handle:
                return {"string": handle.read()}
    if url.startswith("data:"):
        return default_url_fetcher(url)
    raise ValueError(f"refusing to fetch {url!r} while rendering a PDF")


def render_pdf_bytes(template: str, context: dict, request: HttpRequest | None = None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    return HTML(string=html, url_fetcher=_fetch_static, base_url="static:").write_pdf()


def pdf_response(
    template: str, context: dict, filename: str, request: HttpRequest | None = None
) -> HttpResponse:
    response = HttpResponse(
        render_pdf_bytes(template, context, request), content_type="application/pdf"
    )
    safe_name = slugify(filename) or "document"
    response["Content-Disposition"] = f'attachment; filename="{safe_name}.pdf"'
    return response
