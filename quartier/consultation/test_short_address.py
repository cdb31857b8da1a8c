"""Residents reach the public form without an account: from the log-in page (« Donner mon
avis ») and from the short address printed on posters."""

from __future__ import annotations

import pytest
from django.test import Client

from quartier.consultation.models import Consultation, Contribution

pytestmark = pytest.mark.django_db


def test_login_page_offers_to_give_an_opinion_without_an_account():
    page = Client().get("/connexion/").content.decode()
    assert 'href="/avis/"' in page and "Donner mon avis" in page


def test_give_opinion_lists_open_consultations_only_and_no_name(consultation, aicha):
    Contribution.objects.create(consultation=consultation, text="Un banc", author=aicha)
    Consultation.objects.create(
        title="Ancienne consultation",
        territory=consultation.territory,
        period_start=consultation.period_start,
        question="?",
        status=Consultation.Status.CLOSED,
    )
    response = Client().get("/avis/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mieux vivre ensemble" in page and f'href="/avis/{consultation.pk}"' in page
    assert "Ancienne consultation" not in page
    assert "Aïcha" not in page


@pytest.mark.parametrize("suffix", ["", "/"])
def test_short_address_leads_to_the_public_form_with_or_without_slash(consultation, suffix):
    response = Client().get(f"/avis/{consultation.pk}{suffix}")
    assert response.status_code == 302
    assert response["Location"] == f"/consultations/{consultation.pk}/participer/"


def test_short_address_of_an_unknown_consultation_is_not_found(db):
    assert Client().get("/avis/999999").status_code == 404


@pytest.mark.parametrize("document", ["poster", "sign_in_sheet"])
def test_poster_and_sign_in_sheet_print_the_short_address_of_the_open_consultation(
    client, professional, consultation, meeting, document
):
    from django.urls import reverse

    from quartier.testing.documents import pdf_pages

    closed = Consultation.objects.create(
        title="Close",
        territory=consultation.territory,
        period_start=consultation.period_start,
        question="?",
        status=Consultation.Status.CLOSED,
    )
    client.force_login(professional)
    response = client.get(reverse(f"gatherings:{document}", args=[meeting.pk]))
    pages = pdf_pages(response.content)
    text = "".join(pages[0].split())
    assert len(pages) == 1
    assert f"testserver/avis/{consultation.pk}" in text
    assert f"/avis/{closed.pk}" not in text
    assert b"<svg" not in response.content  # drawn into the PDF, not left as markup


def test_a_poster_with_two_open_consultations_prints_both_addresses_on_one_page(
    client, professional, consultation, meeting
):
    from django.urls import reverse

    from quartier.testing.documents import pdf_pages

    second = Consultation.objects.create(
        title="Les jeunes et le quartier",
        territory=consultation.territory,
        period_start=consultation.period_start,
        question="?",
    )
    client.force_login(professional)
    pages = pdf_pages(client.get(reverse("gatherings:poster", args=[meeting.pk])).content)
    text = "".join(pages[0].split())
    assert len(pages) == 1
    assert f"testserver/avis/{consultation.pk}" in text and f"testserver/avis/{second.pk}" in text
