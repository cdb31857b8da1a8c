import pytest
from django.urls import reverse

from quartier.people.models import Person
from quartier.testing.factories import make_user

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_log_in(client):
    person = Person.objects.create(display_name="Aïcha Benali")
    for url in [reverse("people:list"), person.get_absolute_url(), reverse("people:create")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert "Aïcha" not in response.content.decode()


def test_people_list_searches_by_name(client, professional):
    Person.objects.create(display_name="Aïcha Benali")
    Person.objects.create(display_name="Karim Ouali")
    client.force_login(professional)
    page = client.get(reverse("people:list"), {"q": "aicha"}).content.decode()
    assert "Aïcha Benali" in page
    assert "Karim Ouali" not in page


def test_creating_a_look_alike_asks_for_confirmation(client, professional):
    Person.objects.create(display_name="Aïcha Benali")
    client.force_login(professional)
    data = {"display_name": "Aicha Benali", "kind": "resident"}
    response = client.post(reverse("people:create"), data)
    assert response.status_code == 200
    assert "Une personne au nom proche existe déjà" in response.content.decode()
    assert Person.objects.count() == 1
    response = client.post(reverse("people:create"), {**data, "confirm_distinct": "on"})
    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_a_professional_without_organisation_is_refused_in_french(client, professional):
    client.force_login(professional)
    response = client.post(
        reverse("people:create"), {"display_name": "Claire Morin", "kind": "professional"}
    )
    assert "Un·e professionnel·le appartient à une organisation." in response.content.decode()
    assert not Person.objects.exists()


def test_a_resident_account_cannot_list_people(client):
    client.force_login(make_user("resident"))
    assert client.get(reverse("people:list")).status_code == 403
