"""The audit log: reads of contact details and changes are recorded, administrators read it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from quartier.core.audit import audit as audit_hook
from quartier.people.models import Person
from quartier.privacy.models import AuditEvent
from quartier.privacy.services import audit
from quartier.testing.factories import make_user

pytestmark = pytest.mark.django_db


def test_audit_names_the_target_without_its_name(professional):
    person = Person.objects.create(display_name="Aïcha Benali")
    event = audit(professional, "view", person, fields=["phone"])
    assert event.target_repr == f"Personne n°{person.pk}"
    assert event.user_repr == professional.username
    assert event.detail == {"fields": ["phone"]}
    assert "Aïcha" not in str(event)


def test_apps_above_privacy_audit_through_the_core_hook():
    person = Person.objects.create(display_name="Karim Ouali")
    audit_hook(None, "view", person, page="restitution")
    event = AuditEvent.objects.get()
    assert event.user is None and event.object_id == str(person.pk)
    assert event.detail == {"page": "restitution"}


def test_viewing_contact_details_is_logged(client, professional):
    with_phone = Person.objects.create(display_name="Aïcha Benali", phone="06 12 34 56 78")
    without = Person.objects.create(display_name="Karim Ouali")
    client.force_login(professional)
    assert "06 12 34 56 78" in client.get(with_phone.get_absolute_url()).content.decode()
    client.get(without.get_absolute_url())
    events = AuditEvent.objects.filter(action="view")
    assert [(e.user, e.object_id) for e in events] == [(professional, str(with_phone.pk))]


def test_a_resident_viewing_their_own_record_is_not_shown_contacts(client):
    person = Person.objects.create(display_name="Karim Ouali", phone="06 00 00 00 00")
    client.force_login(make_user("resident", person=person))
    assert "06 00 00 00 00" not in client.get(person.get_absolute_url()).content.decode()
    assert not AuditEvent.objects.exists()


def test_changing_a_person_is_logged_with_field_names_only(client, professional):
    person = Person.objects.create(display_name="Aïcha Benali")
    client.force_login(professional)
    response = client.post(
        reverse("people:update", args=[person.pk]),
        {"display_name": "Aïcha Benali", "kind": "resident", "phone": "06 99 99 99 99"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="change")
    assert event.detail == {"fields": ["phone"]}
    assert "06 99" not in str(event.detail)


def test_only_administrators_read_the_log(client, professional, administrator):
    url = reverse("privacy:audit_log")
    assert client.get(url).status_code == 302
    client.force_login(professional)
    assert client.get(url).status_code == 403
    client.force_login(make_user("volunteer"))
    assert client.get(url).status_code == 403
    client.force_login(administrator)
    assert client.get(url).status_code == 200


def test_the_log_filters_and_exports_csv(client, administrator, professional):
    aicha = Person.objects.create(display_name="Aïcha Benali")
    karim = Person.objects.create(display_name="Karim Ouali")
    audit(professional, "view", aicha)
    audit(professional, "change", karim)
    old = audit(None, "login_failed", username="=cmd|' /C calc'!A0")
    old.at = timezone.now() - dt.timedelta(days=40)
    old.save()
    client.force_login(administrator)
    url = reverse("privacy:audit_log")
    page = client.get(url, {"person": aicha.pk}).content.decode()
    assert f"Personne n°{aicha.pk}</a>" in page and f"Personne n°{karim.pk}</a>" not in page
    page = client.get(url, {"action": "change"}).content.decode()
    assert f"Personne n°{karim.pk}</a>" in page and f"Personne n°{aicha.pk}</a>" not in page
    since = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    page = client.get(url, {"since": since}).content.decode()
    assert "<td>Échec de connexion</td>" not in page
    assert "<td>Consultation</td>" in page
    response = client.get(url, {"action": "login_failed", "export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    assert "Échec de connexion" in body
    assert "'username : =cmd" not in body  # the detail cell starts with the key, not '='
    assert "Aïcha" not in body


def test_a_bad_date_range_is_explained_in_french(client, administrator):
    client.force_login(administrator)
    page = client.get(
        reverse("privacy:audit_log"), {"since": "2030-01-02", "until": "2030-01-01"}
    ).content.decode()
    assert "Cette date doit être après la date de début." in page
