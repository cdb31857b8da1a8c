"""The home page is a to-do list: every app says what waits in it, through the `home_todo`
hook, and the gatherings app (which holds the home page) imports none of the apps above it."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from quartier.consultation.models import Consultation, Contribution, ThemeProposal
from quartier.gatherings.models import Attendance, Gathering
from quartier.gatherings.todo import day, todo_for
from quartier.groups.models import Action, Membership, Proposal, ProposalStep, Session, WorkingGroup
from quartier.people.models import Organisation, Person
from quartier.testing.factories import make_user

pytestmark = pytest.mark.django_db
GATHERINGS = Path(__file__).resolve().parents[1] / "gatherings"


def test_gatherings_imports_no_app_above_it():
    """The home page lives in gatherings: upper apps reach it through hooks only."""
    for path in GATHERINGS.rglob("*.py"):
        if path.name.startswith("test_") or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                assert not name.startswith(("quartier.consultation", "quartier.groups")), path


@pytest.fixture
def waiting(territory):
    """A message sent through the public form, an overdue action, a proposal sent."""
    consultation = Consultation.objects.create(
        title="Vivre ensemble", territory=territory, period_start=dt.date(2026, 1, 5), question="?"
    )
    Contribution.objects.create(
        consultation=consultation, text="Un banc", channel="web", state=Contribution.State.PENDING
    )
    Contribution.objects.create(consultation=consultation, text="Déjà publiée")
    group = WorkingGroup.objects.create(name="Jeunes", mandate="m", territory=territory)
    owner = Person.objects.create(display_name="Aïcha Benali")
    Action.objects.create(
        group=group,
        title="Appeler la mairie",
        owner=owner,
        due_on=timezone.localdate() - dt.timedelta(days=3),
    )
    Action.objects.create(
        group=group,
        title="Plus tard",
        owner=owner,
        due_on=timezone.localdate() + dt.timedelta(days=9),
    )
    Action.objects.create(
        group=group, title="Déjà fait", owner=owner, due_on=dt.date(2025, 1, 1), status="done"
    )
    town = Organisation.objects.create(name="Mairie de Gien", kind="town")
    proposal = Proposal.objects.create(
        group=group, title="Un club de prévention", addressee=town, status=Proposal.Status.SUBMITTED
    )
    sent_on = timezone.localdate() - dt.timedelta(days=60)
    ProposalStep.objects.create(proposal=proposal, status=proposal.status, on=sent_on)
    return {"consultation": consultation, "group": group, "owner": owner}


def test_the_team_home_lists_what_waits_each_one_click_away(client, professional, waiting):
    client.force_login(professional)
    page = client.get(reverse("home")).content.decode()
    moderation = reverse("consultation:moderation", args=[waiting["consultation"].pk])
    assert f'href="{moderation}"' in page and "1 contribution à modérer : Vivre ensemble" in page
    late = Action.objects.get(title="Appeler la mairie")
    assert reverse("groups:action_update", args=[late.pk]) in page and "en retard" in page
    assert "Plus tard" not in page and "Déjà fait" not in page
    proposal = Proposal.objects.get()
    assert reverse("groups:proposal", args=[proposal.pk]) in page
    assert (
        f"adressée à Mairie de Gien depuis le {day(timezone.localdate() - dt.timedelta(days=60))}"
        in page
    )
    assert "Tableau de bord" not in page


def test_sections_come_in_app_order_and_urgent_items_first(professional, waiting):
    sections = [section.title for section in todo_for(professional)]
    assert sections == [
        "Contributions à modérer",
        "Actions en retard",
        "Propositions en attente de réponse",
    ]
    ThemeProposal.objects.create(
        consultation=waiting["consultation"],
        run=waiting["consultation"].grouping_runs.create(),
        kind="rename",
        label="Autre",
    )
    assert "Thèmes à revoir" in [section.title for section in todo_for(professional)]


def test_the_next_gatherings_come_with_their_sign_in_sheet(client, professional, territory):
    soon = Gathering.objects.create(
        kind="public_meeting", title="Réunion publique", territory=territory,
        start=timezone.now() + dt.timedelta(days=2),
    )  # fmt: skip
    client.force_login(professional)
    page = client.get(reverse("home")).content.decode()
    assert reverse("gatherings:sign_in_sheet", args=[soon.pk]) in page
    assert "Agenda des Montoires" in page and "iCal" not in page


def test_recent_attendance_is_grouped_by_gathering(client, professional, territory):
    meeting = Gathering.objects.create(
        kind="public_meeting", title="Réunion publique", territory=territory,
        start=timezone.now() - dt.timedelta(days=1),
    )  # fmt: skip
    for name in ["Aïcha", "Karim", "Zoé"]:
        Attendance.objects.create(
            gathering=meeting, person=Person.objects.create(display_name=name)
        )
    client.force_login(professional)
    page = client.get(reverse("home")).content.decode()
    recent = page.split('id="recent-title"')[1]
    assert recent.count("Réunion publique") == 1 and "3 personnes notées" in recent


def test_a_gathering_past_with_nobody_noted_is_a_thing_to_do(client, professional, territory):
    empty = Gathering.objects.create(
        kind="public_meeting", title="Atelier cuisine", territory=territory,
        start=timezone.now() - dt.timedelta(days=2),
    )  # fmt: skip
    client.force_login(professional)
    page = client.get(reverse("home")).content.decode()
    assert "Présences à noter" in page and reverse("gatherings:detail", args=[empty.pk]) in page


def test_a_residents_home_speaks_plainly_of_what_is_for_them(client, territory, waiting):
    me = Person.objects.create(display_name="Djamila Lambert")
    resident = make_user("resident", person=me)
    group = waiting["group"]
    Membership.objects.create(group=group, person=me)
    session_gathering = Gathering.objects.create(
        kind="working_group_session", title="Séance", territory=territory, place="Local C",
        start=timezone.now() + dt.timedelta(days=5),
    )  # fmt: skip
    Session.objects.create(gathering=session_gathering, group=group)
    client.force_login(resident)
    page = client.get(reverse("home")).content.decode()
    assert "Bonjour Djamila Lambert" in page
    assert "Donner votre avis" in page
    assert reverse("consultation:public", args=[waiting["consultation"].pk]) in page
    assert "Prochaine séance : Jeunes" in page and "Local C" in page
    for jargon in ["Tableau de bord", "iCal", "·e", "modérer", "en retard", "Appeler la mairie"]:
        assert jargon not in page, jargon
    assert (
        "dans l&#x27;agenda de votre téléphone" in page
        or "dans l'agenda de votre téléphone" in page
    )


def test_the_sessions_of_a_series_are_shown_once(client, professional, territory):
    """A group's weekly sessions share a title: the list says it once, with how many."""
    for weeks in (1, 2, 3):
        session = Gathering.objects.create(
            kind="working_group_session", title="Groupe « Jeunes » : séance", territory=territory,
            start=timezone.now() - dt.timedelta(weeks=weeks),
        )  # fmt: skip
        Attendance.objects.create(
            gathering=session, person=Person.objects.create(display_name=f"P{weeks}")
        )
    client.force_login(professional)
    recent = client.get(reverse("home")).content.decode().split('id="recent-title"')[1]
    assert recent.count("Groupe « Jeunes » : séance") == 1
    assert "3 fois récemment, la dernière le" in recent
