"""A volunteer on a phone (375 px) takes this Tuesday's cooking attendance in one tap a person,
on the demo story; a lost request says it was not saved; without JavaScript it still works."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone

from quartier.activities import attendance
from quartier.activities.models import ActivitySession
from quartier.demo.story import DEMO_PASSWORD
from quartier.people.models import Person
from quartier.testing.browser import audit_page, browser_login
from quartier.testing.demo import UP_TO_ACTIVITIES, load_demo
from quartier.testing.documents import pdf_words

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    """The part of the story the page stands on (built once per process, then copied)."""
    return load_demo(steps=UP_TO_ACTIVITIES)


def this_tuesdays_cooking(story) -> ActivitySession:
    today = timezone.localdate()
    tuesday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=1)
    return ActivitySession.objects.get(
        activity=story.activities["cooking"], gathering__start__date=tuesday
    )


def toggle(page, person: Person):
    return page.locator(f"#personne-{person.pk} button.toggle")


def tap_and_wait(page, person: Person, pressed: str) -> None:
    toggle(page, person).click()
    page.locator(f'#personne-{person.pk} button.toggle[aria-pressed="{pressed}"]').wait_for()
    page.locator(f"#personne-{person.pk} .tap-status", has_text="Enregistré").wait_for()


def test_a_volunteer_takes_this_tuesdays_attendance_in_one_tap_each(page, demo):
    session = this_tuesdays_cooking(demo)
    regulars = attendance.regulars(session)
    assert len(regulars) >= 4

    browser_login(page, "benevole", DEMO_PASSWORD)
    page.get_by_role("navigation").get_by_role("link", name="Activités").click()
    page.get_by_role("heading", name="Cette semaine").wait_for()
    audit_page(page)
    page.locator(".week-list a", has_text="Atelier cuisine").click()
    page.get_by_role("heading", name="Qui est là ?").wait_for()
    audit_page(page)
    assert page.locator("button.toggle").count() == len(regulars)

    for person in regulars:
        tap_and_wait(page, person, "true")
    audit_page(page)
    assert set(session.gathering.attendances.values_list("person", flat=True)) == {
        p.pk for p in regulars
    }
    assert page.locator("#present-total").inner_text().startswith(f"{len(regulars)} personnes")

    # A second tap undoes.
    undone = regulars[0]
    tap_and_wait(page, undone, "false")
    assert not session.gathering.attendances.filter(person=undone).exists()

    # A newcomer is added by name, and shows as present.
    page.get_by_label("Quelqu'un d'autre ? Son nom").fill("Zoé Nouvelle")
    page.get_by_role("button", name="Ajouter").click()
    page.locator("button.toggle[aria-pressed='true']", has_text="Zoé Nouvelle").wait_for()
    page.get_by_role("status").filter(has_text="Présence notée : Zoé Nouvelle").wait_for()
    audit_page(page)
    zoe = Person.objects.get(display_name="Zoé Nouvelle")
    assert session.gathering.attendances.filter(person=zoe).exists()

    # The network drops: the tap says it was not saved, and a tap once it is back saves it.
    page.route(re.compile(r".*/presence/.*"), lambda route: route.abort("internetdisconnected"))
    toggle(page, undone).click()
    failed = page.locator(f"#personne-{undone.pk} .tap-status", has_text="Pas enregistré")
    failed.wait_for()
    assert toggle(page, undone).get_attribute("aria-pressed") == "false"
    audit_page(page)
    page.unroute(re.compile(r".*/presence/.*"))
    tap_and_wait(page, undone, "true")
    assert session.gathering.attendances.filter(person=undone).exists()

    # The sign-in sheet carries today's names; the activity page says who ran past sessions.
    with page.expect_download() as sheet:
        page.get_by_role("link", name="Feuille d'émargement (PDF)").click()
    assert "Zoé Nouvelle" in pdf_words(Path(sheet.value.path()).read_bytes())
    page.get_by_role("link", name="Atelier cuisine").first.click()
    page.get_by_role("heading", name="Passage de relais : séances sans professionnel").wait_for()
    audit_page(page)
    page.get_by_role("link", name="Voir par trimestre").click()
    page.get_by_text("Ces trois dernières années, par trimestre.").wait_for()
    audit_page(page)


def test_an_event_counts_its_guests_and_a_session_is_cancelled(page, demo):
    browser_login(page, "benevole", DEMO_PASSWORD)
    galette = demo.gatherings["galette"]
    page.goto(f"/activites/seances/{galette.pk}/")
    page.get_by_role("heading", name="Venus sans donner leur nom").wait_for()
    audit_page(page)
    page.get_by_role("button", name="Une personne de plus").click()
    page.locator("#sans-nom .tap-status", has_text="Enregistré").wait_for()
    page.get_by_role("button", name="Une personne de plus").click()
    page.locator("#guest-count[value='2']").wait_for()
    galette.refresh_from_db()
    assert galette.guest_count == 2
    assert page.locator("#present-total").inner_text() == "2 personnes (dont 2 sans nom)"

    page.get_by_role("link", name="Annuler la séance").click()
    audit_page(page)
    page.get_by_label("Pourquoi est-elle annulée ?").fill("Local fermé pour travaux")
    page.get_by_role("button", name="Annuler la séance").click()
    page.get_by_role("alert").filter(has_text="Local fermé pour travaux").wait_for()
    audit_page(page)
    page.goto("/activites/")
    audit_page(page)
    page.goto(f"/activites/{demo.activities['galette'].pk}/")
    page.get_by_text("Local fermé pour travaux").wait_for()
    audit_page(page)
    page.goto("/activites/nouvelle/")
    audit_page(page)
    page.goto(f"/activites/{demo.activities['galette'].pk}/dates/nouvelle/")
    audit_page(page)


def test_without_javascript_a_tap_still_records(chromium, live_server, demo):
    session = this_tuesdays_cooking(demo)
    person = attendance.regulars(session)[0]
    context = chromium.new_context(
        viewport={"width": 375, "height": 812},
        locale="fr-FR",
        base_url=live_server.url,
        java_script_enabled=False,
    )
    page = context.new_page()
    try:
        browser_login(page, "benevole", DEMO_PASSWORD)
        page.goto(f"/activites/seances/{session.pk}/")
        toggle(page, person).click()
        page.locator(f'#personne-{person.pk} button.toggle[aria-pressed="true"]').wait_for()
        assert session.gathering.attendances.filter(person=person).exists()
        page.get_by_label("Quelqu'un d'autre ? Son nom").fill("Zoé Nouvelle")
        page.get_by_role("button", name="Ajouter").click()
        page.locator("button.toggle[aria-pressed='true']", has_text="Zoé Nouvelle").wait_for()
    finally:
        context.close()
