"""Render a template to PDF with WeasyPrint: one place for fonts, base URL and headers."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify


def _static_only_fetcher():
    """A WeasyPrint fetcher that reads our own static files from disk and `data:` URLs, and
    refuses everything else (no network while rendering; a refused image is left out, with a
    warning, rather than failing the document)."""
    import mimetypes

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers=None):
            if url.startswith("static:"):
                path = finders.find(url.removeprefix("static:"))
                if path:
                    with open(path, "rb") as handle:
                        body = handle.read()
                    kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, body, {"Content-Type": kind})
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"refusing to fetch {url!r} while rendering a PDF")

    return StaticOnlyFetcher()


def render_pdf_bytes(template: str, context: dict, request: HttpRequest | None = None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    return HTML(string=html, url_fetcher=_static_only_fetcher(), base_url="static:").write_pdf()


def pdf_response(
    template: str, context: dict, filename: str, request: HttpRequest | None = None
) -> HttpResponse:
    response = HttpResponse(
        render_pdf_bytes(template, context, request), content_type="application/pdf"
    )
    safe_name = slugify(filename) or "document"
    response["Content-Disposition"] = f'attachment; filename="{safe_name}.pdf"'
    return response
