"""The home page as the team and a resident see it, on a phone and on a laptop: what waits is
listed (a message waiting in moderation, an overdue action), each one click away."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from quartier.consultation.models import Consultation, Contribution
from quartier.groups.models import Action, WorkingGroup
from quartier.people.models import Person
from quartier.testing.browser import audit_page, browser_login, screenshot
from quartier.testing.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_home_page_lists_an_overdue_action_and_a_message_waiting_in_moderation(page, territory):
    make_user("professional", username="claire", first_name="Claire")
    consultation = Consultation.objects.create(
        title="Vivre ensemble aux Montoires", territory=territory,
        period_start=dt.date(2026, 1, 5), question="Qu'attendez-vous ?",
    )  # fmt: skip
    Contribution.objects.create(
        consultation=consultation, text="Un banc devant l'école", channel="web",
        state=Contribution.State.PENDING,
    )  # fmt: skip
    group = WorkingGroup.objects.create(
        name="Jeunes et prévention", mandate="m", territory=territory
    )
    owner = Person.objects.create(display_name="Karim Ouali", territory=territory)
    Action.objects.create(
        group=group, title="Appeler la mairie", owner=owner,
        due_on=timezone.localdate() - dt.timedelta(days=5),
    )  # fmt: skip
    browser_login(page, "claire")
    page.get_by_role("heading", name="Bonjour Claire").wait_for()
    todo = page.locator(".home-todo")
    assert "1 contribution à modérer : Vivre ensemble aux Montoires" in todo.inner_text()
    assert "Appeler la mairie" in todo.inner_text() and "en retard" in todo.inner_text()
    audit_page(page)
    screenshot(page, "home-team")
    page.set_viewport_size({"width": 1280, "height": 900})
    audit_page(page)
    page.set_viewport_size({"width": 375, "height": 812})

    todo.get_by_role("link", name="1 contribution à modérer : Vivre ensemble aux Montoires").click()
    page.get_by_text("Un banc devant l'école").wait_for()
    page.go_back()
    page.locator(".home-todo").get_by_role("link", name="Appeler la mairie").click()
    page.get_by_label("Quoi").wait_for()
    assert page.get_by_label("Quoi").input_value() == "Appeler la mairie"


def test_a_residents_home_speaks_plainly(page, territory):
    me = Person.objects.create(display_name="Djamila Lambert", territory=territory)
    make_user("resident", username="djamila", person=me)
    Consultation.objects.create(
        title="Vivre ensemble aux Montoires", territory=territory,
        period_start=dt.date(2026, 1, 5), question="Qu'attendez-vous pour mieux vivre ici ?",
    )  # fmt: skip
    browser_login(page, "djamila")
    page.get_by_role("heading", name="Bonjour Djamila Lambert").wait_for()
    text = page.locator("main").inner_text()
    assert "Donner votre avis" in text and "Tableau de bord" not in text and "iCal" not in text
    audit_page(page)
    screenshot(page, "home-resident")
    page.get_by_role("link", name="Vivre ensemble aux Montoires").click()
    page.get_by_text("Qu'attendez-vous pour mieux vivre ici ?").first.wait_for()


def test_the_accessibility_statement_is_one_click_from_any_page(page, territory):
    page.goto("/connexion/")
    page.get_by_role("link", name="Accessibilité : non conforme").click()
    page.get_by_role("heading", name="Déclaration d'accessibilité").wait_for()
    audit_page(page)
    screenshot(page, "accessibility")
    page.set_viewport_size({"width": 1280, "height": 900})
    audit_page(page)
