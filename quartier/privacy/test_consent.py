"""Recording and withdrawing consent, and what a withdrawal hides."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from quartier.gatherings.models import Attendance, Gathering
from quartier.gatherings.services import regulars_for
from quartier.people.models import Consent, Person
from quartier.people.services import consent_withdrawn, has_active_consent
from quartier.privacy.models import AuditEvent
from quartier.privacy.services import withdraw_consent

pytestmark = pytest.mark.django_db


def test_has_active_consent_and_withdrawn_are_different_things():
    never = Person.objects.create(display_name="Karim Ouali")
    person = Person.objects.create(display_name="Aïcha Benali")
    consent = Consent.objects.create(person=person, purpose="contributions", means="oral")
    assert has_active_consent(person, "contributions")
    assert not has_active_consent(never, "contributions")
    assert not consent_withdrawn(never, "contributions")
    withdraw_consent(consent)
    assert not has_active_consent(person, "contributions")
    assert consent_withdrawn(person, "contributions")
    # Given again later: active again.
    Consent.objects.create(person=person, purpose="contributions", means="signed")
    assert has_active_consent(person, "contributions")
    assert not consent_withdrawn(person, "contributions")


def test_recording_consent_from_the_person_page(client, professional):
    person = Person.objects.create(display_name="Aïcha Benali")
    client.force_login(professional)
    assert "Enregistrer un consentement" in client.get(person.get_absolute_url()).content.decode()
    url = reverse("privacy:consent_add", args=[person.pk])
    page = client.post(url, {"purpose": "contact"}).content.decode()
    assert "Ce champ est obligatoire." in page
    assert not person.consents.exists()
    response = client.post(url, {"purpose": "contact", "given_on": "2025-03-18", "means": "signed"})
    assert response.status_code == 302
    consent = person.consents.get()
    assert consent.given_on == dt.date(2025, 3, 18)
    assert AuditEvent.objects.filter(action="consent_given", object_id=str(person.pk)).exists()


def test_withdrawing_contact_blanks_phone_and_email(client, professional):
    person = Person.objects.create(
        display_name="Aïcha Benali", phone="06 12 34 56 78", email="a@example.org"
    )
    consent = Consent.objects.create(person=person, purpose="contact", means="oral")
    client.force_login(professional)
    url = reverse("privacy:consent_withdraw", args=[person.pk, consent.pk])
    page = client.get(url).content.decode()
    assert "Le téléphone et le courriel de la personne seront effacés" in page
    assert client.post(url).status_code == 302
    person.refresh_from_db()
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()
    assert person.phone == "" and person.email == ""
    event = AuditEvent.objects.get(action="consent_withdrawn")
    assert event.detail["blanked"] == ["phone", "email"]
    assert "06 12" not in str(event.detail)


def test_a_resident_account_cannot_withdraw_for_someone(client):
    from quartier.testing.factories import make_user

    person = Person.objects.create(display_name="Aïcha Benali")
    consent = Consent.objects.create(person=person, purpose="contact", means="oral")
    client.force_login(make_user("resident"))
    url = reverse("privacy:consent_withdraw", args=[person.pk, consent.pk])
    assert client.post(url).status_code == 403
    assert Consent.objects.get(pk=consent.pk).withdrawn_on is None


def test_withdrawing_attendance_hides_the_name_but_keeps_the_count(client, professional, territory):
    gathering = Gathering.objects.create(
        kind=Gathering.Kind.PUBLIC_MEETING,
        title="Réunion publique",
        start=timezone.now() + dt.timedelta(days=1),
        territory=territory,
    )
    person = Person.objects.create(display_name="Aïcha Benali", territory=territory)
    other = Person.objects.create(display_name="Karim Ouali", territory=territory)
    for p in (person, other):
        Attendance.objects.create(gathering=gathering, person=p)
    consent = Consent.objects.create(person=person, purpose="attendance", means="signed")
    withdraw_consent(consent)
    client.force_login(professional)
    page = client.get(gathering.get_absolute_url()).content.decode()
    assert "Aïcha" not in page
    assert "Personne (consentement retiré)" in page
    assert "Karim Ouali" in page
    assert "(2)" in page
    assert "Aïcha" not in client.get("/").content.decode()
    assert [p.display_name for p in regulars_for(gathering)] == ["Karim Ouali"]
    detail = client.get(person.get_absolute_url()).content.decode()
    assert "le détail de ses présences n" in detail
    assert "Réunion publique" not in detail
