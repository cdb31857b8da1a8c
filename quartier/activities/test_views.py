import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from quartier.activities import planning
from quartier.activities.models import Activity, ActivitySession
from quartier.activities.test_attendance import came, person, weekly_sessions
from quartier.activities.test_recurrence import make_activity
from quartier.gatherings.models import Attendance, Gathering
from quartier.people.models import Person
from quartier.testing.documents import pdf_words
from quartier.testing.factories import make_user

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def volunteer(db):
    return make_user("volunteer", username="martine")


@pytest.fixture
def cooking(territory):
    return make_activity(
        territory, "FREQ=WEEKLY;BYDAY=TU", name="Atelier cuisine", place="Local de l'association"
    )


@pytest.fixture
def sessions(cooking):
    *past, today = weekly_sessions(cooking, 3)
    aicha, bernard = person("Aïcha Benali"), person("Bernard Colin")
    for session in past:
        came(session, aicha, bernard)
    return past, today


def test_a_volunteer_sees_the_regulars_as_large_toggles(client, volunteer, sessions):
    _past, today = sessions
    client.force_login(volunteer)
    response = client.get(reverse("activities:session", args=[today.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('aria-pressed="false"') == 2
    assert "Aïcha Benali" in body and "Bernard Colin" in body
    assert "hx-request='{\"timeout\": 10000}'" in body
    assert "Pas enregistré. Touchez encore pour réessayer." in body


def test_one_tap_marks_present_and_answers_with_the_button_alone(client, volunteer, sessions):
    _past, today = sessions
    aicha = Person.objects.get(display_name="Aïcha Benali")
    client.force_login(volunteer)
    url = reverse("activities:toggle", args=[today.pk, aicha.pk])
    response = client.post(url, {"present": "1"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'aria-pressed="true"' in body and "Enregistré" in body
    assert 'id="present-total" class="count" hx-swap-oob="true"' in body
    assert "<html" not in body and len(body) < 3000
    assert today.gathering.attendances.get().person == aicha
    # The same tap sent again (its answer was lost) changes nothing; the undo removes it.
    client.post(url, {"present": "1"}, **HTMX)
    assert today.gathering.attendances.count() == 1
    response = client.post(url, {"present": "0"}, **HTMX)
    assert 'aria-pressed="false"' in response.content.decode()
    assert not today.gathering.attendances.exists()


def test_without_javascript_a_tap_reloads_the_page_at_the_person(client, volunteer, sessions):
    _past, today = sessions
    aicha = Person.objects.get(display_name="Aïcha Benali")
    client.force_login(volunteer)
    response = client.post(
        reverse("activities:toggle", args=[today.pk, aicha.pk]), {"present": "1"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/activites/seances/{today.pk}/#personne-{aicha.pk}")
    assert today.gathering.attendances.filter(person=aicha).exists()


def test_a_newcomer_is_added_by_name_through_the_fast_entry(client, volunteer, sessions):
    _past, today = sessions
    client.force_login(volunteer)
    url = reverse("activities:newcomer", args=[today.pk])
    response = client.post(url, {"name": "Zoé Nouvelle", "role": "participant"}, **HTMX)
    body = response.content.decode()
    assert "Présence notée : Zoé Nouvelle (nouvelle fiche)." in body
    assert body.count('aria-pressed="true"') == 1
    assert Person.objects.get(display_name="Zoé Nouvelle").first_met_on == timezone.localdate()
    # A name close to a known one records nothing and asks.
    response = client.post(url, {"name": "Aicha Benalli", "role": "participant"}, **HTMX)
    body = response.content.decode()
    assert "une personne au nom proche existe déjà" in body
    assert "C&#x27;est Aïcha Benali" in body or "C'est Aïcha Benali" in body
    assert today.gathering.attendances.count() == 1
    response = client.post(
        url, {"name": "Aicha Benalli", "role": "participant", "confirm_new": "on"}, **HTMX
    )
    assert Person.objects.filter(display_name="Aicha Benalli").exists()


def test_an_empty_name_is_refused_next_to_the_field(client, volunteer, sessions):
    _past, today = sessions
    client.force_login(volunteer)
    response = client.post(reverse("activities:newcomer", args=[today.pk]), {"role": "participant"})
    assert response.status_code == 200
    assert "Tapez un nom ou choisissez une personne." in response.content.decode()


def test_guests_without_names_are_counted_in_the_total(client, volunteer, sessions):
    _past, today = sessions
    came(today, Person.objects.get(display_name="Aïcha Benali"))
    client.force_login(volunteer)
    url = reverse("activities:guests", args=[today.pk])
    response = client.post(url, {"guest_count": "12"}, **HTMX)
    assert "13 personnes" in response.content.decode()
    client.post(url, {"guest_count": "12", "set": "13"}, **HTMX)
    today.gathering.refresh_from_db()
    assert today.gathering.guest_count == 13
    response = client.post(url, {"guest_count": "-4"})
    assert response.status_code == 302
    today.gathering.refresh_from_db()
    assert today.gathering.guest_count == 13


def test_facilitators_are_recorded_and_the_session_says_who_ran_it(client, volunteer, sessions):
    _past, today = sessions
    aicha = Person.objects.get(display_name="Aïcha Benali")
    claire = Person.objects.create(display_name="Claire Morin", kind=Person.Kind.PROFESSIONAL)
    came(today, aicha, claire)
    client.force_login(volunteer)
    client.post(reverse("activities:facilitators", args=[today.pk]), {"facilitators": [aicha.pk]})
    assert today.gathering.attendances.get(role="facilitator").person == aicha
    body = client.get(reverse("activities:session", args=[today.pk])).content.decode()
    assert "Animée par des habitants : Aïcha Benali" in body
    assert "Un professionnel était là</dt><dd>oui" in body


def test_a_resident_sees_the_session_but_no_name_and_cannot_tap(client, sessions):
    past, today = sessions
    resident = make_user("resident", username="karim")
    client.force_login(resident)
    body = client.get(reverse("activities:session", args=[past[-1].pk])).content.decode()
    assert "Aïcha" not in body and "Bernard" not in body
    assert "Animation" in body
    aicha = Person.objects.get(display_name="Aïcha Benali")
    response = client.post(
        reverse("activities:toggle", args=[today.pk, aicha.pk]), {"present": "1"}
    )
    assert response.status_code == 403


def test_a_resident_who_facilitates_keeps_the_list(client, sessions):
    _past, today = sessions
    aicha = Person.objects.get(display_name="Aïcha Benali")
    resident = make_user("resident", username="aicha", person=aicha)
    came(today, aicha, role="facilitator")
    client.force_login(resident)
    bernard = Person.objects.get(display_name="Bernard Colin")
    response = client.post(
        reverse("activities:toggle", args=[today.pk, bernard.pk]), {"present": "1"}, **HTMX
    )
    assert response.status_code == 200
    assert today.gathering.attendances.filter(person=bernard).exists()


def test_a_cancelled_session_says_so_and_takes_no_attendance(client, volunteer, sessions):
    _past, today = sessions
    client.force_login(volunteer)
    url = reverse("activities:cancel", args=[today.pk])
    assert client.post(url, {"reason": ""}).status_code == 200  # the reason is required
    response = client.post(url, {"reason": "Local fermé pour travaux"})
    assert response.status_code == 302
    body = client.get(reverse("activities:session", args=[today.pk])).content.decode()
    assert "Séance annulée" in body and "Local fermé pour travaux" in body
    assert "aria-pressed" not in body
    aicha = Person.objects.get(display_name="Aïcha Benali")
    client.post(reverse("activities:toggle", args=[today.pk, aicha.pk]), {"present": "1"})
    assert not today.gathering.attendances.exists()
    client.post(reverse("activities:reinstate", args=[today.pk]))
    today.gathering.refresh_from_db()
    assert not today.gathering.is_cancelled


def test_a_cancelled_session_is_cancelled_in_the_feeds_with_its_reason(client, cooking, territory):
    planning.plan_sessions(cooking, weeks=3)
    cancelled, *others = Gathering.objects.filter(activity_session__activity=cooking).order_by(
        "start"
    )
    came(ActivitySession.objects.get(pk=others[0].pk), person("Aïcha Benali"))
    planning.cancel_session(cancelled, "Local fermé pour travaux")
    for url in (
        reverse("activities:calendar", args=[cooking.pk]),
        reverse("activities:territory_calendar", args=[territory.slug]),
        reverse("gatherings:calendar", args=[territory.slug]),
    ):
        response = client.get(url)  # anonymous: calendar apps cannot log in
        assert response.status_code == 200, url
        assert "Aïcha" not in response.content.decode()
        events = {str(e["uid"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}
        event = next(e for uid, e in events.items() if uid.startswith(f"gathering-{cancelled.pk}@"))
        assert event["status"] == "CANCELLED"
        assert str(event["summary"]) == "Annulé : Atelier cuisine"
        assert str(event["description"]) == "Local fermé pour travaux"
        other = next(e for uid, e in events.items() if uid.startswith(f"gathering-{others[0].pk}@"))
        assert other["status"] == "CONFIRMED"


def test_the_agenda_shows_a_cancelled_session_as_cancelled(client, volunteer, cooking):
    planning.plan_sessions(cooking, weeks=1)
    session = ActivitySession.objects.filter(activity=cooking).first()
    planning.cancel_session(session.gathering, "Neige")
    client.force_login(volunteer)
    body = client.get(reverse("activities:detail", args=[cooking.pk])).content.decode()
    assert "Annulée" in body and "Neige" in body
    body = client.get(reverse("gatherings:list")).content.decode()
    assert "Annulée" in body and "Neige" in body


def test_creating_an_activity_plans_its_sessions(client, volunteer, territory):
    client.force_login(volunteer)
    response = client.post(
        reverse("activities:create"),
        {
            "name": "Atelier couture",
            "kind": "activity_session",
            "frequency": "monthly",
            "weekday": "5",
            "nth": "1",
            "month": "1",
            "start_time": "14:00",
            "end_time": "17:00",
            "starts_on": timezone.localdate().isoformat(),
            "territory": territory.pk,
        },
    )
    activity = Activity.objects.get(name="Atelier couture")
    assert response.status_code == 302
    assert activity.rule == "FREQ=MONTHLY;BYDAY=1SA"
    assert activity.created_by == volunteer
    assert ActivitySession.objects.filter(activity=activity).exists()
    body = client.get(activity.get_absolute_url()).content.decode()
    assert "Le premier samedi du mois, de 14h00 à 17h00" in body


def test_a_bad_rule_is_refused_next_to_its_field(client, volunteer, territory):
    client.force_login(volunteer)
    response = client.post(
        reverse("activities:create"),
        {
            "name": "Atelier",
            "kind": "activity_session",
            "frequency": "custom",
            "custom_rule": "FREQ=SECONDLY",
            "weekday": "1",
            "nth": "1",
            "month": "1",
            "start_time": "14:00",
            "end_time": "13:00",
            "starts_on": "2026-01-01",
            "territory": territory.pk,
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "FREQ doit valoir DAILY" in body
    assert "La fin doit être après le début." in body
    assert not Activity.objects.exists()


def test_the_activity_page_shows_the_share_without_professionals(client, volunteer, cooking):
    claire = Person.objects.create(display_name="Claire Morin", kind=Person.Kind.PROFESSIONAL)
    aicha = person("Aïcha Benali")
    for year, with_professional in ((2003, True), (2004, True), (2005, False), (2006, False)):
        start = timezone.make_aware(dt.datetime(year, 3, 4, 14))
        for n in range(2):
            session = planning.add_session(cooking, (start + dt.timedelta(weeks=n)).date())
            came(session, aicha, role="facilitator")
            if with_professional or n == 0 and year == 2005:
                came(session, claire)
    client.force_login(volunteer)
    body = client.get(reverse("activities:detail", args=[cooking.pk]) + "?par=annee").content
    text = body.decode()
    assert '<th scope="row">2004</th><td class="number">2</td><td class="number">2</td>' in text
    assert '<th scope="row">2005</th><td class="number">2</td><td class="number">1</td>' in text
    assert "width: 50%" in text and "width: 100%" in text
    # By quarter, only the last three years: 2003 is out, a session last month is in.
    recent = timezone.localdate() - dt.timedelta(days=31)
    came(planning.add_session(cooking, recent), aicha, role="facilitator")
    quarter = (recent.month - 1) // 3 + 1
    label = f"{quarter}e trimestre {recent.year}" if quarter > 1 else f"1er trimestre {recent.year}"
    quarters = client.get(reverse("activities:detail", args=[cooking.pk]) + "?par=trimestre")
    text = quarters.content.decode()
    assert f'<th scope="row">{label}</th>' in text
    assert '<th scope="row">2003' not in text and "trimestre 2003" not in text


def test_the_month_programme_is_a_printable_pdf(client, volunteer, cooking, territory):
    planning.add_session(cooking, dt.date(2026, 12, 1))
    cancelled = planning.add_session(cooking, dt.date(2026, 12, 8))
    planning.cancel_session(cancelled.gathering, "Local fermé")
    Attendance.objects.create(gathering=cancelled.gathering, person=person("Aïcha Benali"))
    client.force_login(volunteer)
    response = client.get(reverse("activities:month_pdf", args=[territory.slug, 2026, 12]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_words(response.content)
    assert "programme des activités" in text.lower() and "Décembre 2026" in text
    assert "Mardi 1er" in text and "Atelier cuisine" in text
    assert "ANNULÉ : Local fermé" in text
    assert "Aïcha" not in text
    missing = client.get(reverse("activities:month_pdf", args=[territory.slug, 2026, 13]))
    assert missing.status_code == 404


def test_the_list_leads_to_this_weeks_sessions(client, volunteer, sessions):
    _past, today = sessions
    client.force_login(volunteer)
    body = client.get(reverse("activities:list")).content.decode()
    assert f'href="/activites/seances/{today.pk}/"' in body
    assert "Cette semaine" in body
