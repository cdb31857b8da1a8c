"""Capture where it happens: from a gathering's page, with that gathering and the channel
« réunion » chosen, its people first among the authors; menus of gatherings with their dates;
the team can change who said a contribution, recorded in the audit log."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quartier.consultation.models import Consultation, Contribution
from quartier.gatherings.models import Attendance
from quartier.people.models import Person, Territory
from quartier.testing.audit import audit_requests
from quartier.testing.factories import make_user

pytestmark = pytest.mark.django_db


def test_a_gathering_page_offers_to_capture_for_each_open_consultation_of_its_territory(
    client, professional, consultation, meeting
):
    elsewhere = Territory.objects.create(name="Ailleurs", slug="ailleurs", town="Orléans")
    for title, territory, status in [
        ("Close", meeting.territory, Consultation.Status.CLOSED),
        ("Autre quartier", elsewhere, Consultation.Status.OPEN),
    ]:
        Consultation.objects.create(
            title=title, territory=territory, period_start=consultation.period_start,
            question="?", status=status,
        )  # fmt: skip
    client.force_login(professional)
    page = client.get(meeting.get_absolute_url()).content.decode()
    capture = reverse("consultation:capture", args=[consultation.pk])
    assert "Saisir ce qui est dit : Mieux vivre ensemble" in page
    assert f'href="{capture}?rencontre={meeting.pk}&amp;canal=meeting"' in page
    assert "Close" not in page and "Autre quartier" not in page


def test_a_resident_is_not_offered_the_capture(client, consultation, meeting):
    client.force_login(make_user("resident"))
    assert "Saisir ce qui est dit" not in client.get(meeting.get_absolute_url()).content.decode()


def test_the_capture_from_a_gathering_has_it_and_the_meeting_channel_chosen(
    client, professional, consultation, meeting
):
    client.force_login(professional)
    url = reverse("consultation:capture", args=[consultation.pk])
    page = client.get(f"{url}?rencontre={meeting.pk}&canal=meeting").content.decode()
    assert f'name="gathering" value="{meeting.pk}"' in page
    assert 'name="channel" value="meeting"' in page


def test_gathering_menus_show_the_date_beside_the_title(
    client, professional, consultation, meeting
):
    client.force_login(professional)
    for url in [
        reverse("consultation:capture", args=[consultation.pk]),
        reverse("consultation:contributions", args=[consultation.pk]),
    ]:
        assert (
            "18 mars 1999 — Réunion publique de mars</option>" in client.get(url).content.decode()
        )


def test_people_present_at_the_gathering_come_first_among_the_authors(
    client, professional, consultation, meeting, territory
):
    Person.objects.create(display_name="Aïcha Abdi", territory=territory)
    present = Person.objects.create(display_name="Aïcha Zerrouk", territory=territory)
    Attendance.objects.create(gathering=meeting, person=present)
    client.force_login(professional)
    url = reverse("consultation:author_suggestions", args=[consultation.pk])
    alone = client.get(url, {"author_query": "aicha"}).content.decode()
    assert alone.index("Aïcha Abdi") < alone.index("Aïcha Zerrouk")
    there = client.get(url, {"author_query": "aicha", "gathering": meeting.pk}).content.decode()
    assert there.index("Aïcha Zerrouk") < there.index("Aïcha Abdi")
    assert "(à cette rencontre)" in there


@pytest.fixture
def said(consultation, meeting):
    return Contribution.objects.create(
        consultation=consultation, text="Un banc", gathering=meeting, author_name="Aïcha"
    )


def _edit(client, contribution, **changes) -> object:
    data = {
        "text": contribution.text,
        "kind": contribution.kind,
        "channel": contribution.channel,
        "gathering": contribution.gathering_id or "",
        "age_band": "",
        "said_on": "",
        "state": contribution.state,
        **changes,
    }
    url = reverse(
        "consultation:contribution_update", args=[contribution.consultation_id, contribution.pk]
    )
    return client.post(url, data)


def test_the_team_changes_the_author_and_the_audit_log_says_so(client, professional, said, aicha):
    client.force_login(professional)
    with audit_requests() as caught:
        response = _edit(client, said, author=aicha.pk)
    assert response.status_code == 302
    said.refresh_from_db()
    assert said.author == aicha and said.author_name == ""
    (event,) = caught
    assert event["action"] == "change" and event["target"] == said
    assert event["detail"] == {
        "fields": ["author"],
        "author_before": None,
        "author_after": aicha.pk,
    }


def test_a_name_that_is_nobodys_is_refused_next_to_the_field_and_nothing_saved(
    client, professional, said
):
    client.force_login(professional)
    with audit_requests() as caught:
        response = _edit(client, said, text="Autre texte", author_query="Personne Inconnue")
    assert response.status_code == 200
    assert "exactement ainsi" in response.content.decode()
    said.refresh_from_db()
    assert said.text == "Un banc" and said.author is None and not caught


def test_an_emptied_author_box_makes_the_contribution_anonymous(client, professional, said, aicha):
    Contribution.objects.filter(pk=said.pk).update(author=aicha, author_name="")
    said.refresh_from_db()
    client.force_login(professional)
    assert _edit(client, said, author="", author_query="").status_code == 302
    said.refresh_from_db()
    assert said.author is None


def test_a_tampered_author_value_is_read_as_nobody_picked(client, professional, said):
    client.force_login(professional)
    assert _edit(client, said, author="<script>", author_query="").status_code == 302
    said.refresh_from_db()
    assert said.author is None
