"""An administrator exports a resident's data, erases them, then reads the audit log, at 375 px."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.utils import timezone

from quartier.gatherings.models import Attendance, Gathering
from quartier.people.models import Person
from quartier.testing.browser import audit_page, browser_login
from quartier.testing.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_export_then_erase_a_person_then_read_the_audit_log(page, territory):
    make_user("administrator", username="admin", is_staff=True, is_superuser=True)
    person = Person.objects.create(
        display_name="Zénobie Quarantotto", territory=territory, phone="06 11 22 33 44"
    )
    gathering = Gathering.objects.create(
        kind=Gathering.Kind.PUBLIC_MEETING,
        title="Réunion publique de printemps",
        start=timezone.now() - dt.timedelta(days=3),
        territory=territory,
    )
    Attendance.objects.create(gathering=gathering, person=person)

    browser_login(page, "admin")
    page.goto(person.get_absolute_url())
    audit_page(page)

    page.get_by_role("link", name="Enregistrer un consentement").click()
    audit_page(page)
    page.get_by_label("Objet").select_option(
        label="Être contacté·e (téléphone, courriel, courrier)"
    )
    page.get_by_label("Comment").select_option(label="À l'oral")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Consentement enregistré.").wait_for()
    # The withdrawal page, left without withdrawing: the contact details stay for the export.
    page.get_by_role("link", name="Retirer le consentement").click()
    page.get_by_role("heading", name="Retirer un consentement").wait_for()
    audit_page(page)
    page.get_by_role("link", name="Annuler").click()

    page.get_by_role("link", name="Exporter ses données").click()
    page.get_by_role("heading", name="Ses données personnelles").wait_for()
    audit_page(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger (JSON)").click()
    data = json.loads(Path(download.value.path()).read_text())
    assert data["sections"][0]["donnees"][0]["Nom"] == "Zénobie Quarantotto"

    page.goto(person.get_absolute_url())
    page.get_by_role("link", name="Effacer / anonymiser").click()
    page.get_by_text("Attention : cette action est définitive.").wait_for()
    audit_page(page)
    page.get_by_role("button", name="Effacer définitivement").click()
    page.get_by_text("Cochez la case pour confirmer l'effacement.").wait_for()
    audit_page(page)
    page.get_by_label("Je confirme l'effacement : il est définitif.").check()
    page.get_by_role("button", name="Effacer définitivement").click()
    pseudonym = f"Personne anonymisée n°{person.pk}"
    page.get_by_role("heading", name=pseudonym).wait_for()
    audit_page(page)
    assert "Zénobie" not in page.content()

    page.goto(gathering.get_absolute_url())
    page.locator(".attendee", has_text=pseudonym).wait_for()
    assert "Zénobie" not in page.content()

    page.get_by_role("link", name="Journal des accès").click()
    audit_page(page)
    page.get_by_label("Action").select_option(label="Effacement")
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_text("1 événement").wait_for()
    audit_page(page)
    rows = page.locator("table.audit-log tbody tr")
    assert rows.count() == 1
    assert f"Personne n°{person.pk}" in rows.first.inner_text()
    assert "Zénobie" not in page.content()
