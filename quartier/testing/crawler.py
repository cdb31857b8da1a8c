"""A crawler for tests: follow every link from the home page, submit every form with hostile
text, read every export, replay pages anonymously.

It knows no URL but the start: a page added by any app is reached through the links that lead
to it, the way a new user (or an attacker) would find it.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.urls import Resolver404, resolve

from quartier.testing.hostile import FILE_NAMES, HOSTILE_STRINGS, SCRIPT_MARKERS, as_sent

__all__ = [
    "HOSTILE_STRINGS",
    "SCRIPT_MARKERS",
    "crawl",
    "distinct_forms",
    "hostile_payloads",
    "is_robot_trap",
    "submit",
]

DOWNLOAD_TYPES = (
    "application/pdf",
    "text/csv",
    "text/calendar",
    "application/vnd",
    "application/json",
)


@dataclass
class Form:
    action: str
    method: str
    fields: list[dict] = field(default_factory=list)
    page: str = ""


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag: str, attrs_list) -> None:
        attrs = {k: (v if v is not None else "") for k, v in attrs_list}
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = Form(action=attrs.get("action", ""), method=attrs.get("method", "get"))
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            self._form.fields.append({"tag": "input", **attrs})
        elif tag == "button" and attrs.get("name"):
            self._form.fields.append({"tag": "button", **attrs})
        elif tag == "textarea":
            self._textarea = {"tag": "textarea", **attrs}
            self._form.fields.append(self._textarea)
        elif tag == "select":
            self._select = {"tag": "select", "options": [], **attrs}
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select["options"].append(attrs.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def parse_page(html: str) -> tuple[list[str], list[Form]]:
    parser = _PageParser()
    parser.feed(html)
    return parser.links, parser.forms


def route_of(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


@dataclass
class CrawlResult:
    pages: dict[str, str] = field(default_factory=dict)  # url -> html
    downloads: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # url -> (type, body)
    forms: list[Form] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)


def crawl(client, start: str = "/", per_route: int = 2, skip_prefixes=("/admin/",)) -> CrawlResult:
    """Breadth-first GET of every same-site link, at most `per_route` URLs per route."""
    result = CrawlResult()
    queue = [start]
    seen: set[str] = set()
    per_route_count: dict[str | None, int] = defaultdict(int)
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        route = route_of(url)
        if route is None or url.startswith(skip_prefixes) or route == "logout":
            continue
        per_route_count[route] += 1
        if per_route_count[route] > per_route:
            continue
        response = client.get(url)
        result.statuses[url] = response.status_code
        if response.status_code != 200:
            continue
        content_type = response.get("Content-Type", "")
        body = b"".join(response) if response.streaming else response.content
        attachment = response.get("Content-Disposition", "").startswith("attachment")
        if attachment or content_type.startswith(DOWNLOAD_TYPES) or "html" not in content_type:
            result.downloads[url] = (content_type, body)
            continue
        html = body.decode("utf-8", errors="replace")
        result.pages[url] = html
        links, forms = parse_page(html)
        for form in forms:
            form.page = url
            result.forms.append(form)
        for link in links:
            absolute = urljoin(url, link)
            parts = urlsplit(absolute)
            if parts.scheme in ("http", "https", "") and parts.netloc in ("", "testserver"):
                target = parts.path + (f"?{parts.query}" if parts.query else "")
                if target not in seen:
                    queue.append(target)
    return result


# Forms whose submission ends the session or changes the language: not worth attacking.
SESSION_ROUTES = frozenset({"logout", "set_language"})


def distinct_forms(
    forms: list[Form], skipped_routes: frozenset[str] = SESSION_ROUTES
) -> Iterator[tuple[str, Form]]:
    """Each form once (same route, method and field names count as one), with its route."""
    seen: set[tuple] = set()
    for form in forms:
        route = route_of(form.action or form.page)
        key = (route, form.method.lower(), tuple(sorted(f.get("name", "") for f in form.fields)))
        if route is None or route in skipped_routes or key in seen:
            continue
        seen.add(key)
        yield route, form


# Well-formed values for typed inputs, so that the free-text fields of a form get stored.
VALID_TYPED = {
    "date": "2026-12-01",
    "datetime-local": "2026-12-01T18:00",
    "time": "18:00",
    "month": "2026-12",
    "email": "hostile@example.org",
    "tel": "06 00 00 00 00",
    "url": "https://example.org/",
    "number": "1",
}


def is_robot_trap(spec: dict) -> bool:
    """A text field out of the keyboard's way (tabindex -1, inside an aria-hidden box): a trap
    for robots, which a form that gets it filled saves nothing from, on purpose. People leave
    it empty, and so does the crawler."""
    kind = spec.get("type", "text").lower() if spec["tag"] == "input" else spec["tag"]
    return spec.get("tabindex") == "-1" and kind in ("text", "textarea", "email", "url")


def hostile_payloads(form: Form, text: str) -> Iterator[dict]:
    """Every free-text field gets `text`, choices take a real option, file fields get a file
    holding `text` under one of the hostile file names. First with `text` in every typed field
    too (dates, numbers, e-mails), then, when the form has such fields, with well-formed values
    there, so that the text is stored and comes back on other pages and in exports."""
    data: dict[str, object] = {}
    typed: dict[str, str] = {}
    for spec in form.fields:
        name = spec.get("name")
        if not name:
            continue
        kind = spec.get("type", "text").lower() if spec["tag"] == "input" else spec["tag"]
        if kind in ("hidden",):
            data[name] = spec.get("value", "")
        elif is_robot_trap(spec):
            data[name] = ""
        elif kind in ("submit", "button", "image", "reset"):
            continue
        elif kind in ("checkbox", "radio"):
            data.setdefault(name, spec.get("value", "on"))
        elif kind == "select":
            options = [o for o in spec.get("options", []) if o]
            data[name] = options[0] if options else ""
        elif kind == "file":
            data[name] = hostile_file(text)
        elif kind == "number":
            data[name] = "-1e309"
            typed[name] = VALID_TYPED["number"]
        else:
            data[name] = text
            if kind in VALID_TYPED:
                typed[name] = VALID_TYPED[kind]
    yield data
    if typed:
        again = {**data, **typed}
        for name, value in again.items():
            if hasattr(value, "read"):
                again[name] = hostile_file(text)  # an upload can be read only once
        yield again


def hostile_file(text: str, name: str | None = None):
    """An upload holding `text` as a CSV cell, named after the corpus entry's position in
    FILE_NAMES (path traversal, markup, RTL trick...); every third one ends in garbage bytes."""
    import csv

    from django.core.files.uploadedfile import SimpleUploadedFile

    index = sum(map(ord, text[:200])) + len(text)
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows([["texte", "auteur"], [text, text[:150]]])
    content = buffer.getvalue().encode("utf-8", "surrogatepass")
    if index % 3 == 0:
        content += b"\xff\xfe\x00garbage"
    return SimpleUploadedFile(name or FILE_NAMES[index % len(FILE_NAMES)], content, "text/csv")


def submit(client, form: Form, data: dict, *, follow: bool = False):
    """Send `data` the way a browser would: URL-encoded (raw bytes, so invalid UTF-8 such as a
    lone surrogate reaches the server), or multipart when there is a file."""
    from urllib.parse import urlencode

    action = form.action or form.page
    has_file = any(hasattr(v, "read") for v in data.values())
    if form.method.lower() != "post":
        query = urlencode(data, doseq=True, encoding="utf-8", errors="surrogatepass")
        return client.get(f"{urlsplit(action).path}?{query}", follow=follow)
    if has_file:
        # The multipart encoder of the test client needs valid text: decode as the server would.
        clean = {k: as_sent(v) if isinstance(v, str) else v for k, v in data.items()}
        return client.post(action, clean, follow=follow)
    body = urlencode(data, doseq=True, encoding="utf-8", errors="surrogatepass")
    return client.post(
        action, body, content_type="application/x-www-form-urlencoded", follow=follow
    )


def spreadsheet_cells(content_type: str, body: bytes) -> list[str]:
    """Every cell of a CSV or XLSX export, as text."""
    if content_type.startswith("text/csv"):
        import csv

        text = body.decode("utf-8-sig", errors="replace")
        first_line = text.split("\n", 1)[0]
        delimiter = max(";,\t", key=first_line.count)
        # Only the delimiter is guessed: a sniffed quote character would misread defused cells.
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
        return [cell for row in rows for cell in row]
    if "spreadsheetml" in content_type:
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(body))
        return [
            cell if isinstance(cell, str) else str(cell)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        ]
    return []
