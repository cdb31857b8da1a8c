"""What a resident reads, as rendered: their home page and its menu, the ways to give their
opinion, a restitution. Plain words: no « · » form, no jargon, no team word."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from quartier.testing.factories import make_user
from quartier.tests.test_french import INCLUSIVE, JARGON_FOR_RESIDENTS

pytestmark = pytest.mark.django_db
# Words of the team's trade that residents should not meet in their menu and pages.
TEAM_WORDS = [*JARGON_FOR_RESIDENTS, "Diagnostic", "Modération", "Consultations"]


def visible_text(page: bytes) -> str:
    text = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", page.decode())
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def test_what_a_resident_reads_is_plain_french(consultation):
    consultation.restitution_published = True
    consultation.save()
    client = Client()
    anonymous = ["/connexion/", "/avis/", f"/consultations/{consultation.pk}/participer/"]
    pages = {url: client.get(url, follow=True) for url in anonymous}
    client.force_login(make_user("resident", username="karim"))
    for url in ["/", "/consultations/habitants/", f"/consultations/{consultation.pk}/restitution/"]:
        pages[url] = client.get(url)
    found = []
    for url, response in pages.items():
        assert response.status_code == 200, url
        text = visible_text(response.content)
        found += [f"{url}: « {word} »" for word in TEAM_WORDS if word in text]
        found += [f"{url}: « {m.group()} »" for m in INCLUSIVE.finditer(text)]
    assert not found, "\n".join(found)
