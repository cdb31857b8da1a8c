import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from quartier.gatherings.models import Attendance, Gathering
from quartier.people.models import Organisation, Person
from quartier.testing.audit import audit_requests
from quartier.testing.documents import pdf_pages, pdf_words
from quartier.testing.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def gathering(territory):
    return Gathering.objects.create(
        kind=Gathering.Kind.PUBLIC_MEETING,
        title="Réunion publique",
        start=timezone.now() + dt.timedelta(days=2),
        place="Salle polyvalente",
        territory=territory,
    )


def test_home_page_is_french_and_lists_upcoming_gatherings(client, professional, gathering):
    client.force_login(professional)
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="fr">' in page
    assert "Réunion publique" in page


def test_anonymous_visitors_see_no_gathering_page(client, gathering):
    for url in [reverse("home"), reverse("gatherings:list"), gathering.get_absolute_url()]:
        assert client.get(url).status_code == 302


def test_an_invalid_gathering_form_says_why_in_french_and_saves_nothing(
    client, professional, territory
):
    client.force_login(professional)
    response = client.post(
        reverse("gatherings:create"),
        {
            "kind": "public_meeting",
            "title": "",
            "start": "2026-12-01T18:00",
            "end": "2026-12-01T17:00",
            "territory": territory.pk,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in page
    assert "La fin doit être après le début." in page
    assert not Gathering.objects.exists()


def test_creating_a_gathering_leads_to_its_page(client, professional, territory):
    client.force_login(professional)
    response = client.post(
        reverse("gatherings:create"),
        {
            "kind": "public_meeting",
            "title": "Vivre ensemble",
            "start": "2026-12-01T18:00",
            "place": "Salle",
            "territory": territory.pk,
        },
    )
    gathering = Gathering.objects.get()
    assert response["Location"] == gathering.get_absolute_url()
    assert gathering.created_by == professional


def test_fast_entry_over_htmx_returns_the_refreshed_list(client, professional, gathering):
    client.force_login(professional)
    url = reverse("gatherings:attendance_add", args=[gathering.pk])
    for name in ["Aïcha Benali", "Karim Ouali", "Zoé Nouvelle"]:
        response = client.post(url, {"name": name, "role": "participant"}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        assert name in response.content.decode()
    assert gathering.attendances.count() == 3


def test_fast_entry_with_tampered_values_records_the_name_or_says_why(
    client, professional, gathering
):
    client.force_login(professional)
    url = reverse("gatherings:attendance_add", args=[gathering.pk])
    page = client.post(
        url,
        {"name": "Zoé Nouvelle", "role": "participant", "person": "<b>1</b>"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "Zoé Nouvelle" in page
    assert gathering.attendances.get().person.display_name == "Zoé Nouvelle"
    page = client.post(
        url, {"name": "Karim Ouali", "role": "<b>chef</b>"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Choisissez un rôle dans la liste." in page
    assert gathering.attendances.count() == 1


def test_suggestions_offer_people_not_yet_recorded(client, professional, gathering):
    aicha = Person.objects.create(display_name="Aïcha Benali")
    Person.objects.create(display_name="Aurélie Benoît")
    Attendance.objects.create(gathering=gathering, person=aicha)
    client.force_login(professional)
    page = client.get(
        reverse("gatherings:suggestions", args=[gathering.pk]), {"name": "ben"}
    ).content.decode()
    assert "Aurélie Benoît" in page
    assert "Aïcha Benali" not in page


def test_a_resident_account_sees_the_gathering_but_not_who_came(client, gathering):
    Attendance.objects.create(
        gathering=gathering, person=Person.objects.create(display_name="Aïcha Benali")
    )
    client.force_login(make_user("resident"))
    page = client.get(gathering.get_absolute_url()).content.decode()
    assert "Réunion publique" in page
    assert "Aïcha" not in page
    url = reverse("gatherings:attendance_add", args=[gathering.pk])
    assert client.post(url, {"name": "Intrus", "role": "participant"}).status_code == 403


def test_sign_in_sheet_pre_prints_regulars_and_a_consent_notice(client, professional, gathering):
    Attendance.objects.create(
        gathering=gathering, person=Person.objects.create(display_name="Aïcha Benali")
    )
    client.force_login(professional)
    response = client.get(reverse("gatherings:sign_in_sheet", args=[gathering.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_words(response.content)
    assert "Feuille d'émargement" in text
    assert "Aïcha Benali" in text
    assert "Salle polyvalente" in text
    assert "acceptez" in text


def test_poster_is_one_page_with_date_place_what_happens_and_who_invites(
    client, professional, gathering
):
    Organisation.objects.create(name="Caisse d'allocations familiales du Loiret")
    Organisation.objects.create(name="Commune de Gien")
    client.force_login(professional)
    response = client.get(reverse("gatherings:poster", args=[gathering.pk]))
    pages = pdf_pages(response.content)
    assert len(pages) == 1
    text = " ".join(pages[0].split())
    assert "Réunion publique" in text and "Salle polyvalente" in text
    assert "Venez dire ce qui va bien" in text
    assert "QUI VOUS INVITE" in text  # the heading, in capitals
    assert "Caisse d'allocations familiales du Loiret" in text and "Commune de Gien" in text


def _sign_in_sheet_for(client, gathering, attendees: int) -> list[str]:
    """The pages of the sign-in sheet of `gathering` once `attendees` people came."""
    for number in range(attendees):
        Attendance.objects.create(
            gathering=gathering, person=Person.objects.create(display_name=f"Voisin {number}")
        )
    return pdf_pages(client.get(reverse("gatherings:sign_in_sheet", args=[gathering.pk])).content)


def test_sign_in_sheet_of_a_usual_gathering_is_one_page_with_its_consent_notice(
    client, professional, gathering
):
    client.force_login(professional)
    pages = _sign_in_sheet_for(client, gathering, 12)
    assert len(pages) == 1
    assert "Voisin 11" in pages[0] and "acceptez" in pages[0]


def test_a_long_sign_in_sheet_repeats_the_consent_notice_on_every_page(
    client, professional, gathering
):
    client.force_login(professional)
    pages = _sign_in_sheet_for(client, gathering, 40)
    assert len(pages) >= 2
    assert all("acceptez" in page for page in pages)


def test_territory_calendar_is_public(client, gathering, territory):
    response = client.get(reverse("gatherings:calendar", args=[territory.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in response.content


def test_a_resident_who_facilitates_keeps_the_sign_in_list_of_that_gathering_only(
    client, gathering, territory
):
    leader = Person.objects.create(display_name="Fatou Diallo")
    Attendance.objects.create(gathering=gathering, person=leader, role="facilitator")
    other = Gathering.objects.create(
        kind=Gathering.Kind.PUBLIC_MEETING,
        title="Autre réunion",
        start=gathering.start,
        territory=territory,
    )
    client.force_login(make_user("resident", person=leader))
    page = client.get(gathering.get_absolute_url()).content.decode()
    assert 'name="name"' in page and "Fatou Diallo" in page
    # Names are shown as text: a resident cannot open other people's records.
    assert leader.get_absolute_url() not in page
    response = client.post(
        reverse("gatherings:attendance_add", args=[gathering.pk]),
        {"name": "Marcel Petit", "role": "participant"},
    )
    assert response.status_code == 302
    assert gathering.attendances.filter(person__display_name="Marcel Petit").exists()
    url = reverse("gatherings:attendance_add", args=[other.pk])
    assert client.post(url, {"name": "Intrus", "role": "participant"}).status_code == 403
    assert 'name="name"' not in client.get(other.get_absolute_url()).content.decode()


def test_deleting_a_gathering_says_what_goes_with_it_then_asks_to_confirm(
    client, professional, gathering
):
    aicha = Person.objects.create(display_name="Aïcha Benali")
    Attendance.objects.create(gathering=gathering, person=aicha)
    client.force_login(professional)
    detail = client.get(gathering.get_absolute_url()).content.decode()
    url = reverse("gatherings:delete", args=[gathering.pk])
    assert url in detail
    page = client.get(url).content.decode()
    assert "Seront supprimés avec elle" in page and "1 présence" in page
    client.post(url, {})
    assert Gathering.objects.filter(pk=gathering.pk).exists()
    with audit_requests() as audited:
        response = client.post(url, {"confirm": "on"})
    assert response["Location"] == reverse("gatherings:list")
    assert not Gathering.objects.filter(pk=gathering.pk).exists()
    assert Person.objects.filter(pk=aicha.pk).exists()  # people stay
    assert [(a["action"], a["detail"]) for a in audited] == [
        ("delete", {"gathering": gathering.pk, "attendances": 1})
    ]


def test_a_resident_cannot_delete_a_gathering(client, gathering):
    client.force_login(make_user("resident"))
    url = reverse("gatherings:delete", args=[gathering.pk])
    assert client.post(url, {"confirm": "on"}).status_code == 403
    assert Gathering.objects.filter(pk=gathering.pk).exists()


@pytest.mark.parametrize(
    ("params", "when", "kind"),
    [
        ({}, "all", ""),
        ({"page": "1"}, "all", ""),
        ({"when": "past"}, "past", ""),
        ({"when": "upcoming", "kind": "event"}, "upcoming", "event"),
        ({"when": "past", "kind": "<script>"}, "all", ""),  # nothing valid: all is listed
    ],
)
def test_the_filter_menus_show_what_is_listed(client, professional, territory, params, when, kind):
    Gathering.objects.create(
        kind="event",
        title="Galette",
        territory=territory,
        start=timezone.now() + dt.timedelta(days=3),
    )
    Gathering.objects.create(
        kind="public_meeting", title="Réunion passée", territory=territory,
        start=timezone.now() - dt.timedelta(days=3),
    )  # fmt: skip
    client.force_login(professional)
    response = client.get(reverse("gatherings:list"), params)
    form = response.context["filter_form"]
    assert (form["when"].value(), form["kind"].value()) == (when, kind)
    page = response.content.decode()
    assert f'<option value="{when}" selected>' in page
    titles = [g.title for g in response.context["object_list"]]
    expected = {
        "all": {"Galette", "Réunion passée"},
        "upcoming": {"Galette"},
        "past": {"Réunion passée"},
    }
    assert set(titles) == expected[when]
