"""Every page reachable from the home page, for every role, on the demo story:
no server error, hostile text shown as text, spreadsheet exports defused, and no resident's
name on any page replayed anonymously.

These tests know no URL but "/": pages added later are covered as soon as a link leads there.
"""

from __future__ import annotations

import pytest
from django.test import Client

from quartier.core.crawler import (
    HOSTILE_STRINGS,
    SCRIPT_MARKERS,
    crawl,
    hostile_payloads,
    route_of,
    spreadsheet_cells,
)
from quartier.demo.story import build_demo
from quartier.people.models import Person, User

pytestmark = [pytest.mark.slow, pytest.mark.django_db]
ROLES = ["admin", "claire", "benevole", "habitant"]
# Forms whose submission ends the session or changes the language: not worth attacking here.
SKIPPED_ROUTES = {"logout", "set_language"}


@pytest.fixture
def demo():
    build_demo()


def _resident_names() -> list[str]:
    return list(
        Person.objects.filter(kind=Person.Kind.RESIDENT).values_list("display_name", flat=True)
    )


def _client_for(username: str) -> Client:
    client = Client(raise_request_exception=True)
    client.force_login(User.objects.get(username=username))
    return client


@pytest.mark.parametrize("username", ROLES)
def test_every_reachable_page_answers_without_error(demo, username):
    result = crawl(_client_for(username))
    assert "/" in result.pages
    errors = {url: status for url, status in result.statuses.items() if status >= 500}
    assert not errors
    if username != "habitant":
        assert len(result.pages) >= 5, sorted(result.pages)


def test_hostile_text_in_every_form_is_never_an_error_nor_markup(demo):
    client = _client_for("admin")
    result = crawl(client)
    submitted: set[tuple] = set()
    for form in result.forms:
        action = form.action or form.page
        route = route_of(action)
        key = (route, form.method.lower(), tuple(sorted(f.get("name", "") for f in form.fields)))
        if route is None or route in SKIPPED_ROUTES or key in submitted:
            continue
        submitted.add(key)
        for text in HOSTILE_STRINGS:
            for data in hostile_payloads(form, text):
                if form.method.lower() == "post":
                    response = client.post(action, data)
                else:
                    response = client.get(action, {k: v for k, v in data.items()})
                assert response.status_code < 500, (action, text[:40])
                body = response.content.decode("utf-8", errors="replace")
                if response.get("Content-Type", "").startswith("text/html"):
                    for marker in SCRIPT_MARKERS:
                        assert marker not in body, (action, marker)
    assert submitted, "the crawl found no form to submit"

    # What was stored comes back out of every export defused.
    after = crawl(client)
    for url, (content_type, body) in after.downloads.items():
        for cell in spreadsheet_cells(content_type, body):
            for text in HOSTILE_STRINGS[3:7]:
                if text in cell:
                    assert cell.startswith("'"), (url, cell[:60])


def test_no_resident_name_on_any_page_replayed_anonymously(demo):
    names = _resident_names()
    visited = crawl(_client_for("admin"))
    anonymous = Client()
    for url in list(visited.pages) + list(visited.downloads):
        response = anonymous.get(url)
        body = response.content.decode("utf-8", errors="replace")
        leaked = [name for name in names if name in body]
        assert not leaked, (url, leaked[:3])
