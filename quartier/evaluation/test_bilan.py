"""The yearly bilan: figures from attendance, a draft written from them, saved words, a PDF."""

import datetime as dt

import pytest
from django.urls import reverse

from quartier.evaluation.models import Bilan
from quartier.evaluation.reports.bilan import draft, figures
from quartier.evaluation.testing import Town, on
from quartier.testing.documents import pdf_words

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(territory):
    town = Town(territory)
    town.gathering(on(2024, 1, 9), "Ana Ben Cleo", professionals="*Claire")
    town.gathering(on(2024, 2, 9), "Ana Ben", facilitators="Cleo")
    town.gathering(on(2024, 3, 9), "Ana")
    return town


def test_the_draft_restates_the_figures(town):
    f = figures(town.territory, 2024)
    assert (f.mobilisation.participants, f.mobilisation.regulars) == (3, 1)
    text = draft(f)
    assert text.startswith("En 2024, 3 personnes sont venues au moins une fois aux rencontres.")
    assert "Sur 3 rencontres, 67 % se sont tenues sans professionnel." in text


def test_the_team_saves_its_words_and_the_pdf_carries_them(client, town, professional):
    client.force_login(professional)
    url = reverse("evaluation:bilan")
    query = {"territory": town.territory.slug, "year": 2024}
    page = client.get(url, query).content.decode()
    assert "En 2024, 3 personnes" in page  # the draft, proposed
    assert not Bilan.objects.exists()  # not saved until the team saves it
    response = client.post(
        f"{url}?territory={town.territory.slug}&year=2024",
        {"summary": "Une année <b>riche</b>.", "highlights": "La fête", "reviewed": "on"},
    )
    assert response.status_code == 302
    bilan = Bilan.objects.get()
    assert (bilan.year, bilan.summary, bilan.updated_by) == (
        2024,
        "Une année <b>riche</b>.",
        professional,
    )
    pdf = client.get(reverse("evaluation:bilan_pdf"), query)
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_words(pdf.content)
    assert "Une année <b>riche</b>." in text and "Bilan de l'année 2024" in text


def test_a_bad_year_is_said_and_the_last_year_shown(client, town, professional):
    client.force_login(professional)
    response = client.get(reverse("evaluation:bilan"), {"year": "3000", "territory": "nulle-part"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "field-invalid" in html
    assert f"Bilan {dt.date.today().year - 1}" in html
