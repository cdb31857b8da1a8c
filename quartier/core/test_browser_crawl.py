"""Every HTML page reachable from the home page, opened in Chromium at 375 px as each role:
no serious axe-core violation and no sideways scroll."""

from __future__ import annotations

import pytest
from django.test import Client

from quartier.core.crawler import crawl
from quartier.core.testing import audit_page, browser_login
from quartier.demo.story import DEMO_PASSWORD, build_demo
from quartier.people.models import User

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("username", ["admin", "habitant"])
def test_every_reachable_page_is_accessible_on_a_phone(page, username):
    build_demo()
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
