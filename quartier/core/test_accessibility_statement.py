"""The accessibility statement: public, in the RGAA's form, honest about what was checked."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from quartier.core.views import COMPLIANCE

pytestmark = pytest.mark.django_db

SECTIONS = [
    "État de conformité",
    "Résultats des tests",
    "Contenus non accessibles",
    "Établissement de cette déclaration",
    "Retour d&#x27;information et contact",
    "Voies de recours",
]


def test_anyone_reads_it_without_an_account(client):
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    page = response.content.decode()
    for section in SECTIONS:
        assert f">{section}</h2>" in page or f">{section.replace('&#x27;', chr(39))}</h2>" in page
    assert "Défenseur des droits" in page and "Libre réponse 71120" in page
    assert "axe-core" in page and "Aucun audit" in page


def test_it_says_non_conforme_without_an_audit_and_the_footer_says_the_same(client, professional):
    assert COMPLIANCE in ("non conforme", "partiellement conforme")  # no full audit was done
    page = client.get(reverse("accessibility")).content.decode()
    assert f"quartier est {COMPLIANCE} avec le référentiel" in page
    client.force_login(professional)
    home = client.get(reverse("home")).content.decode()
    footer = home.split('<footer class="site-footer">')[1]
    assert f'href="{reverse("accessibility")}"' in footer
    assert f"Accessibilité : {COMPLIANCE}" in footer


def test_the_login_page_links_to_it(client):
    footer = client.get(reverse("login")).content.decode().split("site-footer")[1]
    assert reverse("accessibility") in footer


@override_settings(
    ACCESSIBILITY_ENTITY="Le centre social des Montoires",
    ACCESSIBILITY_CONTACT="accessibilite@example.org",
)
def test_it_names_who_answers_for_the_installation(client):
    page = client.get(reverse("accessibility")).content.decode()
    assert "Le centre social des Montoires s&#x27;engage" in page or (
        "Le centre social des Montoires s'engage" in page
    )
    assert "Contact : accessibilite@example.org" in page
