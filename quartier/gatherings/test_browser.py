"""A social worker prepares and records a public meeting on a phone-sized screen."""

from pathlib import Path

import pytest

from quartier.gatherings.models import Gathering
from quartier.people.models import Person
from quartier.testing.browser import audit_page, browser_login, screenshot
from quartier.testing.documents import pdf_words
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
    text = pdf_words(Path(sheet.value.path()).read_bytes())
    assert "Zoé Nouvelle" in text and "Salle polyvalente" in text

    page.goto("/")
    with page.expect_download() as feed:
        page.get_by_role("link", name="Agenda des Montoires, à ajouter à un calendrier").click()
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


def test_a_bare_first_name_offers_the_choice_then_records_the_one_picked(page, territory):
    import datetime as dt

    from django.utils import timezone

    make_user("volunteer", username="martine")
    benali = Person.objects.create(display_name="Aïcha Benali", territory=territory)
    Person.objects.create(display_name="Aïcha Traoré", territory=territory)
    gathering = Gathering.objects.create(
        kind=Gathering.Kind.EVENT,
        title="Atelier cuisine",
        start=timezone.now() - dt.timedelta(hours=2),
        territory=territory,
    )
    browser_login(page, "martine")
    page.goto(gathering.get_absolute_url())
    name = page.get_by_label("Nom", exact=True)
    name.fill("Aïcha")
    name.press("Enter")
    choice = page.get_by_role("alert").filter(has_text="nom proche")
    choice.wait_for()
    assert choice.get_by_role("button", name="C'est Aïcha Benali ?").is_visible()
    assert choice.get_by_role("button", name="C'est Aïcha Traoré ?").is_visible()
    assert choice.get_by_role("button", name="Nouvelle personne : « Aïcha »").is_visible()
    audit_page(page)
    screenshot(page, "bare-first-name")
    assert not gathering.attendances.exists()  # nothing recorded, nobody created
    assert Person.objects.count() == 2
    choice.get_by_role("button", name="C'est Aïcha Benali ?").click()
    page.locator(".attendee", has_text="Aïcha Benali").wait_for()
    assert [a.person for a in gathering.attendances.all()] == [benali]
    assert Person.objects.count() == 2
    audit_page(page)


def test_merge_two_records_and_delete_a_mistaken_gathering(page, territory):
    import datetime as dt

    from django.utils import timezone

    from quartier.gatherings.models import Attendance

    make_user("professional", username="claire")
    kept = Person.objects.create(display_name="Aïcha Benali", territory=territory)
    twin = Person.objects.create(display_name="Aicha Benalli", territory=territory)
    mistake = Gathering.objects.create(
        kind=Gathering.Kind.EVENT, title="Saisie en double", territory=territory,
        start=timezone.now() + dt.timedelta(days=1),
    )  # fmt: skip
    Attendance.objects.create(gathering=mistake, person=twin)
    browser_login(page, "claire")
    page.goto(kept.get_absolute_url())
    page.get_by_role("link", name="Fusionner avec une autre fiche").click()
    audit_page(page)
    page.get_by_role("link", name="Comparer avec Aicha Benalli").click()
    page.get_by_role("heading", name="Quelle fiche garder ?").or_(
        page.get_by_text("Quelle fiche garder ?")
    ).first.wait_for()
    audit_page(page)
    screenshot(page, "merge")
    page.get_by_role("button", name="Fusionner les deux fiches").click()
    page.get_by_text("Cochez la case pour confirmer.").wait_for()
    audit_page(page)
    page.get_by_label("Ce sont bien deux fiches de la même personne").check()
    page.get_by_role("button", name="Fusionner les deux fiches").click()
    page.get_by_text("Fiches fusionnées").wait_for()
    audit_page(page)
    assert not Person.objects.filter(pk=twin.pk).exists()
    assert [a.person for a in Attendance.objects.all()] == [kept]

    page.goto(mistake.get_absolute_url())
    page.get_by_role("link", name="Supprimer").click()
    page.get_by_text("Seront supprimés avec elle").wait_for()
    assert "1 présence" in page.locator(".warning").inner_text()
    audit_page(page)
    page.get_by_label("Je confirme").check()
    page.get_by_role("button", name="Supprimer la rencontre").click()
    page.get_by_text("est supprimée").wait_for()
    audit_page(page)
    assert not Gathering.objects.filter(pk=mistake.pk).exists()

    # A record typed by mistake, which holds nothing, is deleted; one that holds, not.
    from quartier.people.models import Consent

    Consent.objects.create(person=kept, purpose="attendance", means="signed")
    page.goto(kept.get_absolute_url())
    page.get_by_role("link", name="Supprimer la fiche").click()
    page.get_by_text("ne peut pas être supprimée").wait_for()
    audit_page(page)
    typo = Person.objects.create(display_name="Zoé Erreur", territory=territory)
    page.goto(typo.get_absolute_url())
    page.get_by_role("link", name="Supprimer la fiche").click()
    page.get_by_label("Je confirme la suppression").check()
    audit_page(page)
    page.get_by_role("button", name="Supprimer la fiche").click()
    page.get_by_text("La fiche « Zoé Erreur » est supprimée.").wait_for()
    assert not Person.objects.filter(pk=typo.pk).exists()
