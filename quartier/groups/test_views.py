import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quartier.groups import services
from quartier.groups.models import Action, Membership, Proposal, WorkingGroup
from quartier.people.models import Organisation, Person
from quartier.testing.documents import pdf_words
from quartier.testing.factories import make_user
from quartier.testing.queries import reads_of_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def residents(territory):
    return [
        Person.objects.create(display_name=name, territory=territory)
        for name in ["Aïcha Benali", "Karim Ouali"]
    ]


@pytest.fixture
def group(territory, residents):
    group = services.create_group(name="Les jeunes", mandate="Un club", territory=territory)
    for person in residents:
        services.add_member(group, person)
    return group


def soon(days: int) -> dt.datetime:
    return timezone.now().replace(microsecond=0) + dt.timedelta(days=days)


def test_anonymous_visitors_are_sent_to_log_in(client, group):
    session = services.schedule_session(group, start=soon(2))
    for url in [
        reverse("groups:list"),
        reverse("groups:due"),
        group.get_absolute_url(),
        session.get_absolute_url(),
    ]:
        assert client.get(url).status_code == 302


def test_create_from_theme_url_prefills_and_invites(client, professional, territory, residents):
    client.force_login(professional)
    ids = ",".join(str(p.pk) for p in residents)
    url = reverse("groups:create") + f"?theme_label=Isolement&invite={ids},abc"
    page = client.get(url).content.decode()
    assert 'value="Isolement"' in page
    assert "Aïcha Benali" in page and "checked" in page
    response = client.post(
        url,
        {
            "name": "Isolement",
            "mandate": "Rompre l'isolement",
            "territory": territory.pk,
            "theme_label": "Isolement",
            "invited": [residents[0].pk],
        },
    )
    group = WorkingGroup.objects.get()
    assert response.status_code == 302 and response.url == group.get_absolute_url()
    assert group.theme_label == "Isolement"
    assert list(group.memberships.values_list("person__display_name", "status")) == [
        ("Aïcha Benali", Membership.Status.INVITED)
    ]


def test_an_action_without_owner_or_date_is_refused_in_french(client, professional, group):
    client.force_login(professional)
    response = client.post(
        reverse("groups:action_create", args=[group.pk]), {"title": "Écrire", "status": "todo"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Indiquez qui s&#x27;en charge" in page
    assert "Indiquez pour quand" in page
    assert not Action.objects.exists()


def test_an_action_is_recorded_against_its_session(client, professional, group, residents):
    session = services.schedule_session(group, start=soon(-1))
    client.force_login(professional)
    response = client.post(
        reverse("groups:action_create", args=[group.pk]) + f"?seance={session.pk}",
        {
            "title": "Écrire à la mairie",
            "owner": residents[1].pk,
            "due_on": "2030-05-01",
            "status": "todo",
            "decided_in": session.pk,
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.decided_in == session and action.owner == residents[1]
    page = client.get(reverse("groups:due")).content.decode()
    assert "Écrire à la mairie" in page and "Les jeunes" in page


def test_minutes_with_a_script_show_as_text(client, professional, group):
    session = services.schedule_session(group, start=soon(-1))
    client.force_login(professional)
    client.post(
        reverse("groups:minutes", args=[session.pk]),
        {"minutes_draft": "Bonne séance <script>alert('x')</script>"},
    )
    page = client.get(session.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert" in page
    assert "<script>alert" not in page


def test_a_resident_member_sees_the_group_and_approves_minutes(client, group, residents):
    user = make_user("resident", username="aicha", person=residents[0])
    first = services.schedule_session(group, start=soon(-8))
    second = services.schedule_session(group, start=soon(-1))
    services.save_minutes(first, "Compte rendu")
    client.force_login(user)
    assert client.get(group.get_absolute_url()).status_code == 200
    page = client.get(second.get_absolute_url()).content.decode()
    assert "Les membres approuvent ce compte rendu" in page
    assert "Qui est venu" not in page  # attendance lists stay with the team
    client.post(reverse("groups:approve", args=[second.pk]))
    first.refresh_from_db()
    assert first.is_approved and first.approved_in == second
    # But a resident cannot edit minutes or create actions.
    assert client.get(reverse("groups:minutes", args=[second.pk])).status_code == 403


def test_a_session_page_reads_the_session_once_with_its_group_and_gathering(
    client, group, residents
):
    session = services.schedule_session(group, start=soon(2))
    client.force_login(make_user("resident", person=residents[0]))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(session.get_absolute_url()).status_code == 200
    read = queries.captured_queries
    assert reads_of_row(read, "groups_session", "gathering_id", session.pk) == 1
    assert reads_of_row(read, "groups_workinggroup", "id", group.pk) == 0  # joined
    assert reads_of_row(read, "gatherings_gathering", "id", session.pk) == 0  # joined


def test_a_resident_outside_the_group_is_refused(client, group, territory):
    outsider = Person.objects.create(display_name="Denise", territory=territory)
    client.force_login(make_user("resident", username="denise", person=outsider))
    assert client.get(group.get_absolute_url()).status_code == 403
    assert "Les jeunes" not in client.get(reverse("groups:list")).content.decode()


def test_proposal_steps_and_bad_transition_message(client, professional, group):
    town = Organisation.objects.create(name="Commune de Gien", kind="town")
    client.force_login(professional)
    client.post(
        reverse("groups:proposal_create", args=[group.pk]),
        {"title": "Club de prévention", "addressee": town.pk, "body": "Nous proposons"},
    )
    proposal = Proposal.objects.get()
    response = client.post(
        reverse("groups:proposal_step", args=[proposal.pk]),
        {"status": "submitted", "on": "2030-07-03", "note": "Remise au maire"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("groups:proposal_step", args=[proposal.pk]),
        {"status": "submitted", "on": "2030-08-01"},
    )
    assert response.status_code == 200  # not an allowed next step: said next to the field
    assert "Sélectionnez un choix valide" in response.content.decode()
    response = client.post(
        reverse("groups:proposal_step", args=[proposal.pk]),
        {"status": "accepted", "on": "2030-06-01"},
    )
    assert "ne peut pas précéder" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Remise au maire" in page and "Déposée" in page


def test_documents_are_attached_and_downloaded_by_the_team(
    client, professional, group, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    town = Organisation.objects.create(name="Commune de Gien", kind="town")
    proposal = services.create_proposal(group, title="Club", addressee=town)
    client.force_login(professional)
    bad = client.post(
        reverse("groups:document_add", args=[proposal.pk]),
        {"title": "Virus", "file": SimpleUploadedFile("x.exe", b"MZ")},
    )
    assert "Format non accepté" in bad.content.decode()
    client.post(
        reverse("groups:document_add", args=[proposal.pk]),
        {"title": "Courrier au maire", "file": SimpleUploadedFile("courrier.pdf", b"%PDF-1.4")},
    )
    document = proposal.documents.get()
    response = client.get(reverse("groups:document", args=[document.pk]))
    assert b"".join(response.streaming_content) == b"%PDF-1.4"
    client.logout()
    assert client.get(reverse("groups:document", args=[document.pk])).status_code == 302


def test_invitation_letters_for_members_without_email(client, professional, group, residents):
    residents[0].email = "aicha@example.org"
    residents[0].save()
    services.schedule_session(group, start=soon(3), place="Local de la rue des Lilas")
    client.force_login(professional)
    response = client.get(reverse("groups:invitations", args=[group.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_words(response.content)
    assert "Karim Ouali" in text and "Local de la rue des Lilas" in text
    assert "Aïcha Benali" not in text
    response = client.post(reverse("groups:reminders", args=[group.pk]))
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["aicha@example.org"]]


def test_group_calendar_is_public_and_names_no_one(client, group, residents):
    services.schedule_session(group, start=soon(3), place="Local C")
    response = client.get(reverse("groups:calendar", args=[group.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body and "Local C" in body
    assert "Aïcha" not in body and "Karim" not in body


def test_group_page_shows_members_next_session_actions_and_proposals(
    client, professional, group, residents
):
    past = services.schedule_session(group, start=soon(-7))
    services.schedule_session(group, start=soon(7), place="Salle B")
    Action.objects.create(
        group=group, title="Préparer le courrier", owner=residents[0], due_on=dt.date(2030, 1, 1)
    )
    town = Organisation.objects.create(name="Commune de Gien", kind="town")
    services.create_proposal(group, title="Club de prévention", addressee=town, decided_in=past)
    client.force_login(professional)
    page = client.get(group.get_absolute_url()).content.decode()
    for text in [
        "Aïcha Benali",
        "Salle B",
        "Préparer le courrier",
        "Club de prévention",
        "0 présence",
    ]:
        assert text in page
