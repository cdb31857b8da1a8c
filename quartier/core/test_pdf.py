"""PDF rendering reads our own static files and data: URLs, and nothing from the network."""

from __future__ import annotations

import base64

from django.template import engines

from quartier.core import pdf

# A one-pixel PNG.
PIXEL = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360f80f0000010100005f2f8a8a0000000049454e44ae426082"
    )
).decode()


def _render(body: str, monkeypatch) -> bytes:
    template = engines["django"].from_string(f"<html lang='fr'><body>{body}</body></html>")
    monkeypatch.setattr(pdf, "render_to_string", lambda *a, **k: template.render({}))
    return pdf.render_pdf_bytes("unused.html", {})


def test_a_document_with_a_data_image_and_a_static_file_renders(monkeypatch):
    body = (
        f'<img src="data:image/png;base64,{PIXEL}" alt="">'
        '<link rel="stylesheet" href="static:quartier/app.css"><p>Bonjour</p>'
    )
    assert _render(body, monkeypatch).startswith(b"%PDF")


def test_a_network_address_in_a_document_is_refused_not_a_failure(monkeypatch):
    fetched = []
    monkeypatch.setattr(
        "urllib.request.OpenerDirector.open", lambda *a, **k: fetched.append(a) or None
    )
    document = _render(
        '<img src="https://example.org/tracker.png" alt=""><p>Bonjour</p>', monkeypatch
    )
    assert document.startswith(b"%PDF")
    assert not fetched
