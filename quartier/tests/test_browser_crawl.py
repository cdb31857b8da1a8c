"""Every HTML page reachable from the home page, opened in Chromium at 375 px as each role:
no serious axe-core violation and no sideways scroll, also once every form has been sent long
words that have nowhere to break (a pasted link, a long name)."""

from __future__ import annotations

import pytest
from django.test import Client

from quartier.demo.story import DEMO_PASSWORD
from quartier.people.models import User
from quartier.testing.browser import audit_page, browser_login
from quartier.testing.crawler import crawl, distinct_forms, hostile_payloads, submit
from quartier.testing.demo import load_demo
from quartier.testing.hostile import WIDE_STRINGS

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("username", ["admin", "habitant"])
def test_every_reachable_page_is_accessible_on_a_phone(page, username):
    load_demo()
    client = Client()
    client.force_login(User.objects.get(username=username))
    urls = list(crawl(client, per_route=1).pages)
    assert "/" in urls
    browser_login(page, username, DEMO_PASSWORD)
    for url in urls:
        page.goto(url)
        audit_page(page)
    # The log-in page itself, as an anonymous visitor sees it.
    page.context.clear_cookies()
    page.goto("/connexion/")
    audit_page(page)


def test_pages_still_fit_a_phone_once_long_words_are_stored(page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_demo()
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    stored = 0
    for _route, form in distinct_forms(crawl(client).forms):
        for text in WIDE_STRINGS:
            for data in hostile_payloads(form, text):
                response = submit(client, form, data, follow=True)
                assert response.status_code < 500
                stored += bool(response.redirect_chain) and form.method.lower() == "post"
    assert stored >= 10  # the long words did get in (people, gatherings, themes, groups...)
    pages = crawl(client, per_route=1).pages
    showing = [url for url, html in pages.items() if any(w in html for w in WIDE_STRINGS)]
    assert len(showing) >= 5, showing
    browser_login(page, "admin", DEMO_PASSWORD)
    for url in pages:
        page.goto(url)
        audit_page(page)
