"""A social worker prepares and records a public meeting on a phone-sized screen."""

from pathlib import Path

import pytest

from quartier.gatherings.models import Gathering
from quartier.people.models import Person
from quartier.testing.browser import audit_page, browser_login
from quartier.testing.documents import pdf_text
from quartier.testing.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_record_a_public_meeting_from_login_to_sign_in_sheet(page, territory):
    make_user("professional", username="claire")
    Person.objects.create(display_name="Aïcha Benali", territory=territory)
    Person.objects.create(display_name="Karim Ouali", territory=territory)

    browser_login(page, "claire")
    audit_page(page)
    assert page.locator("html").get_attribute("lang") == "fr"

    page.get_by_role("link", name="Nouvelle rencontre").first.click()
    audit_page(page)
    page.get_by_label("Type").select_option(label="Réunion publique")
    page.get_by_label("Titre").fill("Réunion publique de printemps")
    page.get_by_label("Début").fill("2030-03-18T18:00")
    page.get_by_label("Fin").fill("2030-03-18T20:30")
    page.get_by_label("Lieu").fill("Salle polyvalente")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("heading", name="Réunion publique de printemps").wait_for()
    audit_page(page)

    name = page.get_by_label("Nom", exact=True)
    # An existing person picked from the suggestions after typing a few letters.
    name.fill("aïch")
    page.get_by_role("button", name="Aïcha Benali").click()
    page.locator(".attendee", has_text="Aïcha Benali").wait_for()
    # An existing person typed in full, then Enter.
    page.get_by_label("Nom", exact=True).fill("karim ouali")
    page.get_by_label("Nom", exact=True).press("Enter")
    page.locator(".attendee", has_text="Karim Ouali").wait_for()
    # A newcomer created inline: the name is enough.
    page.get_by_label("Nom", exact=True).fill("Zoé Nouvelle")
    page.get_by_label("Nom", exact=True).press("Enter")
    page.locator(".attendee", has_text="Zoé Nouvelle").wait_for()
    audit_page(page)

    # A near-duplicate name raises a warning instead of creating a twin.
    page.get_by_label("Nom", exact=True).fill("Aicha Benalli")
    page.get_by_label("Nom", exact=True).press("Enter")
    page.get_by_role("alert").filter(has_text="nom proche").wait_for()
    audit_page(page)

    gathering = Gathering.objects.get(title="Réunion publique de printemps")
    assert sorted(a.person.display_name for a in gathering.attendances.all()) == [
        "Aïcha Benali",
        "Karim Ouali",
        "Zoé Nouvelle",
    ]
    assert Person.objects.filter(display_name="Zoé Nouvelle", territory=territory).exists()

    with page.expect_download() as sheet:
        page.get_by_role("link", name="Feuille d'émargement (PDF)").click()
    text = pdf_text(Path(sheet.value.path()).read_bytes())
    assert "Zoé Nouvelle" in text and "Salle polyvalente" in text

    page.goto("/")
    with page.expect_download() as feed:
        page.get_by_role("link", name="Agenda de Les Montoires (iCal)").click()
    ical = Path(feed.value.path()).read_bytes()
    assert b"Printemps" in ical.title() and b"Zo" not in ical


def test_people_pages_are_accessible_and_searchable(page, territory):
    make_user("volunteer", username="martine")
    Person.objects.create(display_name="Aïcha Benali", territory=territory)
    Person.objects.create(display_name="Karim Ouali", territory=territory)
    browser_login(page, "martine")
    page.get_by_role("link", name="Personnes").click()
    audit_page(page)
    page.get_by_label("Rechercher", exact=True).fill("karim")
    page.locator("#people-results", has_text="1 personne").wait_for()
    assert page.locator("#people-results").get_by_text("Aïcha Benali").count() == 0
    page.get_by_role("link", name="Karim Ouali").click()
    audit_page(page)
    page.get_by_role("link", name="Modifier").click()
    audit_page(page)
    page.get_by_label("Nom (obligatoire)").fill("")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Ce champ est obligatoire.").wait_for()
    audit_page(page)
    page.goto("/personnes/nouvelle/")
    audit_page(page)
    page.goto("/rencontres/")
    audit_page(page)
