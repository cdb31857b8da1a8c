"""The theme pages through the Django client: grouping, curation, proposals and restitution."""

import pytest
from django.urls import reverse

from quartier.consultation.actions.curation import set_hidden
from quartier.consultation.actions.grouping_run import execute_run, refresh_salience
from quartier.consultation.models import (
    Consultation,
    Contribution,
    GroupingRun,
    Theme,
    ThemeProposal,
)
from quartier.people.models import Consent, User
from quartier.testing.documents import pdf_words
from quartier.testing.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def themed(consultation, aicha):
    """Two themes made by hand, as if the engine had proposed them."""
    bus = Theme.objects.create(consultation=consultation, label="Les bus", position=0)
    jeunes = Theme.objects.create(consultation=consultation, label="Les jeunes", position=1)
    texts = [
        ("Le bus passe pas le dimanche", bus, aicha),
        ("Plus de bus après 19h", bus, None),
        ("Rien pour les ados", jeunes, None),
        ("Un terrain de foot", jeunes, None),
        ("Merci pour la réunion", None, None),
    ]
    rows = [
        Contribution.objects.create(consultation=consultation, text=t, theme=th, author=a)
        for t, th, a in texts
    ]
    bus.quotes = [rows[0].pk]
    bus.save()
    refresh_salience(consultation)
    return {"bus": bus, "jeunes": jeunes, "rows": rows}


@pytest.fixture
def client_for(client):
    def login(role="professional"):
        user = User.objects.filter(username=f"{role}-x").first()
        client.force_login(user or make_user(role, username=f"{role}-x"))
        return client

    return login


def test_the_team_sees_the_themes_page_and_a_resident_does_not(client_for, consultation, themed):
    url = reverse("consultation:themes", args=[consultation.pk])
    page = client_for("volunteer").get(url).content.decode()
    assert "Les bus" in page and "Les jeunes" in page
    assert "Hors thème : 1 contribution" in page
    assert client_for("resident").get(url).status_code == 403


def test_grouping_a_small_consultation_runs_at_once(client_for, consultation):
    for text in ["Le bus passe pas", "Plus de bus le soir", "Rien pour les jeunes"]:
        Contribution.objects.create(consultation=consultation, text=text)
    client = client_for()
    response = client.post(
        reverse("consultation:grouping_start", args=[consultation.pk]),
        {"n_themes": ""},
        follow=True,
    )
    assert "Regroupement terminé" in response.content.decode()
    assert consultation.grouping_runs.get().status == GroupingRun.Status.DONE
    # A silly number is refused next to the field.
    response = client.post(
        reverse("consultation:grouping_start", args=[consultation.pk]), {"n_themes": "1"}
    )
    assert "supérieure ou égale à 2" in response.content.decode()


def test_a_large_consultation_is_queued_with_a_progress_bar(client_for, consultation, monkeypatch):
    monkeypatch.setattr("quartier.consultation.actions.grouping.INLINE_LIMIT", 1)
    for text in ["Le bus passe pas", "Plus de bus le soir", "Rien pour les jeunes"]:
        Contribution.objects.create(consultation=consultation, text=text)
    client = client_for()
    page = client.post(
        reverse("consultation:grouping_start", args=[consultation.pk]), follow=True
    ).content.decode()
    assert '<progress id="grouping-bar" max="100" value="0"' in page
    assert "quartier db_worker" in page  # says it is queued, and what runs it
    assert "Regrouper les contributions</button>" not in page  # no second run meanwhile
    progress_url = reverse("consultation:grouping_progress", args=[consultation.pk])
    polled = client.get(progress_url + "?poll=1", HTTP_HX_REQUEST="true")
    assert "HX-Refresh" not in polled and 'hx-trigger="every 2s"' in polled.content.decode()
    execute_run(consultation.grouping_runs.get().pk)  # what the worker does
    polled = client.get(progress_url + "?poll=1", HTTP_HX_REQUEST="true")
    assert polled["HX-Refresh"] == "true"


def test_rename_and_an_empty_label_refused(client_for, consultation, themed):
    client = client_for()
    bus = themed["bus"]
    url = reverse("consultation:theme_rename", args=[consultation.pk, bus.pk])
    response = client.post(url, {"label": "   "})
    assert "Ce champ est obligatoire" in response.content.decode()
    client.post(url, {"label": "L'isolement du quartier"})
    bus.refresh_from_db()
    assert bus.label == "L'isolement du quartier" and bus.label_curated


def test_merge_two_themes_from_the_list(client_for, consultation, themed):
    client = client_for()
    url = reverse("consultation:theme_action", args=[consultation.pk, themed["jeunes"].pk])
    asked = client.post(url, {"action": "merge", "target": themed["bus"].pk})
    # First what it will do, and nothing done yet.
    assert asked.status_code == 200 and "Oui, fusionner" in asked.content.decode()
    assert "2 contributions iront dans « Les bus »." in asked.content.decode()
    assert consultation.themes.count() == 2
    response = client.post(
        url, {"action": "merge", "target": themed["bus"].pk, "confirm": "1"}, follow=True
    )
    assert "« Les jeunes » a rejoint « Les bus »." in response.content.decode()
    assert list(consultation.themes.values_list("label", flat=True)) == ["Les bus"]
    response = client.post(
        reverse("consultation:theme_action", args=[consultation.pk, themed["bus"].pk]),
        {"action": "merge", "target": ""},
        follow=True,
    )
    assert "Choisissez le thème avec lequel fusionner." in response.content.decode()


def test_hide_and_reorder(client_for, consultation, themed):
    client = client_for()
    jeunes = themed["jeunes"]
    url = reverse("consultation:theme_action", args=[consultation.pk, jeunes.pk])
    client.post(url, {"action": "hide"})
    client.post(url, {"action": "up"})
    jeunes.refresh_from_db()
    assert jeunes.hidden and jeunes.position == 0


def test_split_with_checked_contributions(client_for, consultation, themed):
    client = client_for()
    bus = themed["bus"]
    url = reverse("consultation:theme_split", args=[consultation.pk, bus.pk])
    response = client.post(url, {"label": "Le soir"})
    assert "Cochez les contributions" in response.content.decode()
    client.post(url, {"label": "Le soir", "contributions": [themed["rows"][1].pk]})
    new = consultation.themes.get(label="Le soir")
    assert list(new.contributions.all()) == [themed["rows"][1]]


def test_move_pin_and_unpin_a_contribution(client_for, consultation, themed):
    client = client_for()
    first, merci = themed["rows"][0], themed["rows"][4]
    url = reverse("consultation:contribution_theme", args=[consultation.pk, merci.pk])
    client.post(url, {"action": "move", "theme": themed["jeunes"].pk})
    merci.refresh_from_db()
    assert merci.theme == themed["jeunes"] and merci.theme_curated
    client.post(url, {"action": "move", "theme": "other"})
    merci.refresh_from_db()
    assert merci.theme is None
    url = reverse("consultation:contribution_theme", args=[consultation.pk, first.pk])
    client.post(url, {"action": "unpin"})
    first.refresh_from_db()
    assert first.is_excluded_quote
    client.post(url, {"action": "pin"})
    first.refresh_from_db()
    assert first.is_pinned_quote and not first.is_excluded_quote
    page = client.get(reverse("consultation:theme", args=[consultation.pk, themed["bus"].pk]))
    assert "citée (épinglée)" in page.content.decode()


def test_accept_a_proposal(client_for, consultation, themed):
    run = GroupingRun.objects.create(consultation=consultation, status="done")
    proposal = ThemeProposal.objects.create(
        consultation=consultation, run=run, kind="rename", theme=themed["bus"], label="Transports"
    )
    client = client_for()
    page = client.get(reverse("consultation:themes", args=[consultation.pk])).content.decode()
    assert "Renommer « Les bus » en « Transports »." in page
    client.post(
        reverse("consultation:proposal", args=[consultation.pk, proposal.pk]), {"action": "accept"}
    )
    themed["bus"].refresh_from_db()
    assert themed["bus"].label == "Transports"


def test_restitution_page_and_pdf(client_for, consultation, themed, aicha):
    set_hidden(themed["jeunes"], True)
    client = client_for()
    page = client.get(reverse("consultation:restitution", args=[consultation.pk])).content.decode()
    assert "Les bus" in page and "Les jeunes" not in page
    assert "« Le bus passe pas le dimanche »" in page
    assert "Aïcha Benali" not in page and "Une personne du quartier" in page
    assert 'style="width: 100%"' in page and "2 personnes" in page
    Consent.objects.create(person=aicha, purpose="contributions", means="signed")
    page = client.get(reverse("consultation:restitution", args=[consultation.pk])).content.decode()
    assert "Aïcha Benali" in page
    response = client.get(reverse("consultation:restitution_pdf", args=[consultation.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_words(response.content)
    assert "Les bus" in text and "Les jeunes" not in text and "Aïcha Benali" in text


def test_residents_read_the_restitution_only_once_published(client_for, consultation, themed):
    url = reverse("consultation:restitution", args=[consultation.pk])
    assert client_for("resident").get(url).status_code == 403
    client_for("professional").post(
        reverse("consultation:restitution_publish", args=[consultation.pk]), {"publish": "1"}
    )
    consultation.refresh_from_db()
    assert consultation.restitution_published
    resident = client_for("resident")
    page = resident.get(url).content.decode()
    assert "Les bus" in page and "Aïcha Benali" not in page
    assert resident.get(reverse("consultation:themes", args=[consultation.pk])).status_code == 403


def test_residents_find_open_questions_and_published_restitutions_only(client, consultation):
    closed = Consultation.objects.create(
        title="Consultation de 1998",
        territory=consultation.territory,
        period_start=consultation.period_start,
        question="Ancienne question",
        status=Consultation.Status.CLOSED,
    )
    client.force_login(make_user(User.Role.RESIDENT))
    url = reverse("consultation:for_residents")
    assert f'href="{url}"' in client.get(reverse("home")).content.decode()
    page = client.get(url).content.decode()
    assert reverse("consultation:public", args=[consultation.pk]) in page
    assert reverse("consultation:public", args=[closed.pk]) not in page
    assert reverse("consultation:restitution", args=[consultation.pk]) not in page
    consultation.restitution_published = True
    consultation.save()
    page = client.get(url).content.decode()
    assert reverse("consultation:restitution", args=[consultation.pk]) in page
    assert (
        client.get(reverse("consultation:restitution", args=[consultation.pk])).status_code == 200
    )


def test_the_residents_page_is_not_for_anonymous_visitors(client):
    response = client.get(reverse("consultation:for_residents"))
    assert response.status_code == 302 and reverse("login") in response.url
