"""The evaluation pages: the team sees figures, tables and exports; a resident and an
anonymous visitor get nothing; the follow-up note is saved, or refused with a French message."""

import datetime as dt

import pytest
from django.urls import reverse

from quartier.evaluation.models import FollowUpNote
from quartier.evaluation.testing import Town, on
from quartier.people.models import Consent, User
from quartier.testing.factories import make_user

pytestmark = pytest.mark.django_db

PAGES = [
    reverse("evaluation:index"),
    reverse("evaluation:network"),
    reverse("evaluation:follow_up"),
    reverse("evaluation:export", args=["mobilisation", "csv"]),
    reverse("evaluation:export", args=["reseau", "xlsx"]),
    reverse("evaluation:follow_up_export", args=["csv"]),
    reverse("evaluation:insertion"),
]


@pytest.fixture
def town(territory):
    town = Town(territory)
    for month in (1, 2, 3, 4):
        town.gathering(on(2025, month, 5), "Ana Ben", professionals="*Claire")
    town.gathering(on(2025, 5, 5), "Ben Cleo", facilitators="Dan")
    Consent.objects.create(person=town.person("Ana"), purpose="contact", means="oral")
    return town


@pytest.mark.parametrize("url", PAGES)
def test_a_resident_and_an_anonymous_visitor_get_nothing(client, url, town):
    response = client.get(url)
    assert response.status_code == 302 and "/connexion/" in response["Location"]
    client.force_login(make_user(User.Role.RESIDENT))
    assert client.get(url).status_code == 403


def test_the_team_sees_the_figures_with_chart_and_table(client, town):
    client.force_login(make_user(User.Role.VOLUNTEER))
    response = client.get(reverse("evaluation:index"), {"by": "year", "first_year": 2025})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and "<table" in html
    assert "Personnes venues" in html


def test_a_bad_filter_is_said_and_the_defaults_are_shown(client, town, professional):
    client.force_login(professional)
    response = client.get(reverse("evaluation:index"), {"first_year": "abc", "by": "<x>"})
    assert response.status_code == 200
    assert "field-invalid" in response.content.decode()


def test_the_mobilisation_export_holds_the_table(client, town, professional):
    client.force_login(professional)
    url = reverse("evaluation:export", args=["mobilisation", "csv"])
    response = client.get(url, {"by": "year", "first_year": 2025, "last_year": 2025})
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    header, row = text.splitlines()[:2]
    assert header.startswith("Période;Personnes venues;Nouveaux venus")
    # Ana, Ben, Cleo and Dan (a resident who ran a session counts; Claire does not).
    assert row.startswith("2025;4;4;2;")


def test_the_network_page_names_people_for_the_team(client, town, professional):
    client.force_login(professional)
    html = client.get(reverse("evaluation:network"), {"first_year": 2025}).content.decode()
    assert "Ana" in html and "<svg" in html


def test_the_follow_up_list_and_a_note(client, town, professional):
    client.force_login(professional)
    html = client.get(reverse("evaluation:follow_up"), {"min_weeks": 1}).content.decode()
    assert "Ana" in html and "Ben" not in html  # Ben gave no consent to be called
    ana = town.person("Ana")
    url = reverse("evaluation:follow_up_note", args=[ana.pk])
    response = client.post(
        url, {"noted_on": "2025-06-01", "reached": "on", "note": "=HYPERLINK(1) <b>"}
    )
    assert response.status_code == 302
    note = FollowUpNote.objects.get(person=ana)
    assert note.reached and note.note == "=HYPERLINK(1) <b>" and note.recorded_by == professional
    page = client.get(response["Location"]).content.decode()
    assert "&lt;b&gt;" in page


def test_a_call_dated_tomorrow_is_refused_and_nothing_saved(client, town, professional):
    client.force_login(professional)
    ana = town.person("Ana")
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    response = client.post(
        reverse("evaluation:follow_up_note", args=[ana.pk]), {"noted_on": tomorrow}
    )
    assert response.status_code == 200
    assert "demain" in response.content.decode()
    assert not FollowUpNote.objects.exists()


def test_no_note_for_someone_who_did_not_agree_to_be_called(client, town, professional):
    client.force_login(professional)
    ben = town.person("Ben")
    response = client.post(
        reverse("evaluation:follow_up_note", args=[ben.pk]), {"noted_on": "2025-06-01"}
    )
    assert response.status_code == 404


def test_a_milestone_is_recorded_on_a_consenting_persons_path(client, town, professional):
    client.force_login(professional)
    ana = town.person("Ana")
    url = reverse("evaluation:path_add", args=[ana.pk, "milestone"])
    data = {
        "milestone-kind": "diploma",
        "milestone-happened_on": "2008-06-30",
        "milestone-title": "CAP de cuisine",
        "milestone-age": "45",
    }
    client.post(url, data)
    assert not ana.milestones.exists()  # no consent yet: nothing saved
    Consent.objects.create(person=ana, purpose="evaluation", means="oral")
    assert client.post(url, data).status_code == 302
    assert ana.milestones.get().title == "CAP de cuisine"
    page = client.get(reverse("evaluation:path", args=[ana.pk])).content.decode()
    assert "CAP de cuisine" in page


def test_a_survey_without_every_answer_is_refused(client, town, professional):
    client.force_login(professional)
    ana = town.person("Ana")
    Consent.objects.create(person=ana, purpose="evaluation", means="oral")
    url = reverse("evaluation:path_add", args=[ana.pk, "survey"])
    response = client.post(
        url, {"survey-wave": "before", "survey-answered_on": "2025-01-01", "survey-left_out": "9"}
    )
    assert response.status_code == 200 and "field-invalid" in response.content.decode()
    assert not ana.survey_responses.exists()
    client.post(
        url,
        {
            "survey-wave": "before",
            "survey-answered_on": "2025-01-01",
            "survey-lack_companionship": "3",
            "survey-left_out": "2",
            "survey-isolated": "3",
        },
    )
    assert ana.survey_responses.get().score == 8


def test_the_insertion_page_hides_the_change_below_eleven(client, town, professional):
    client.force_login(professional)
    html = client.get(reverse("evaluation:insertion")).content.decode()
    assert "n &lt; 11" in html or "n < 11" in html


def test_the_open_data_table_is_for_professionals_and_exports(client, town, professional):
    client.force_login(make_user(User.Role.VOLUNTEER))
    assert client.get(reverse("evaluation:open_data")).status_code == 403
    client.force_login(professional)
    response = client.get(reverse("evaluation:open_data"), {"year": 2025})
    assert response.status_code == 200 and "secret" in response.content.decode()
    export = client.get(reverse("evaluation:open_data_export", args=["csv"]), {"year": 2025})
    lines = export.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Activité;2025-01;2025-02")
    assert "Ana" not in export.content.decode("utf-8-sig")


def test_the_follow_up_page_goes_by_pages_most_overdue_first_and_the_export_holds_everyone(
    client, town, professional, monkeypatch
):
    from quartier.evaluation.views import follow_up as follow_up_views

    monkeypatch.setattr(follow_up_views, "PER_PAGE", 1)
    ana, ben = town.person("Ana"), town.person("Ben")
    Consent.objects.create(person=ben, purpose="contact", means="oral")
    client.force_login(professional)
    url = reverse("evaluation:follow_up")
    first = client.get(url, {"min_weeks": 1}).content.decode()
    assert "2 personnes à rappeler" in first and "Page 1 sur 2" in first
    assert "toutes dans le fichier à télécharger" in first
    # Same usual gap (a month); Ana stopped a month before Ben: she comes first.
    assert "Ana" in first and "Ben" not in first
    assert f'id="appel-{ana.pk}-note"' in first
    second = client.get(url, {"min_weeks": 1, "page": 2}).content.decode()
    assert "Ben" in second and "Ana" not in second
    export = client.get(reverse("evaluation:follow_up_export", args=["csv"]), {"min_weeks": 1})
    assert "Ana" in export.content.decode("utf-8-sig")
    assert "Ben" in export.content.decode("utf-8-sig")


def test_the_network_shows_the_last_two_years_unless_asked_for_more(town):
    from quartier.evaluation.forms import NetworkForm, ScopeForm

    town.gathering(on(2022, 3, 1), "Ana Ben")
    today = dt.date(2026, 5, 1)
    assert [p.key for p in NetworkForm({}, today=today).scope().periods] == ["2025", "2026"]
    asked = NetworkForm({"first_year": 2023}, today=today).scope()
    assert [p.key for p in asked.periods] == ["2023", "2024", "2025", "2026"]
    # The figures, by year, still start at the first gathering.
    figures = ScopeForm({}, today=today).scope()
    assert [p.key for p in figures.periods] == ["2022", "2023", "2024", "2025", "2026"]
