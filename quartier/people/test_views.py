import pytest
from django.urls import reverse

from quartier.people.models import Person
from quartier.testing.audit import audit_requests
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
    assert "Indiquez l&#x27;organisation où travaille cette personne." in response.content.decode()
    assert not Person.objects.exists()


def test_a_resident_account_cannot_list_people(client):
    client.force_login(make_user("resident"))
    assert client.get(reverse("people:list")).status_code == 403


def test_creating_a_bare_first_name_of_someone_known_asks_first(client, professional):
    Person.objects.create(display_name="Aïcha Benali")
    client.force_login(professional)
    response = client.post(reverse("people:create"), {"display_name": "Aïcha", "kind": "resident"})
    assert "Aïcha Benali" in response.content.decode()
    assert Person.objects.count() == 1


def test_merge_page_offers_close_names_then_compares_and_merges(client, professional):
    from quartier.people.models import Consent

    kept = Person.objects.create(display_name="Aïcha Benali")
    twin = Person.objects.create(display_name="Aïcha")
    Person.objects.create(display_name="Karim Ouali")
    Consent.objects.create(person=twin, purpose="contact", means="oral")
    client.force_login(professional)
    url = reverse("people:merge", args=[kept.pk])
    first = client.get(url).content.decode()
    assert f"?other={twin.pk}" in first and "Karim" not in first
    compare = client.get(url, {"other": twin.pk}).content.decode()
    assert "1 consentements" in compare or "1 consentement" in compare
    assert "Quelle fiche garder" in compare
    # Without the confirmation nothing happens.
    refused = client.post(url, {"other": twin.pk, "keep": "this"})
    assert "Cochez la case pour confirmer." in refused.content.decode()
    assert Person.objects.filter(pk=twin.pk).exists()
    done = client.post(url, {"other": twin.pk, "keep": "this", "confirm": "on"})
    assert done.status_code == 302 and done["Location"] == kept.get_absolute_url()
    assert not Person.objects.filter(pk=twin.pk).exists()
    assert kept.consents.count() == 1


def test_merge_keeps_the_other_record_when_asked(client, professional):
    this = Person.objects.create(display_name="Zoe")
    other = Person.objects.create(display_name="Zoé Martin")
    client.force_login(professional)
    response = client.post(
        reverse("people:merge", args=[this.pk]),
        {"other": other.pk, "keep": "other", "confirm": "on"},
    )
    assert response["Location"] == other.get_absolute_url()
    assert list(Person.objects.all()) == [other]


def test_hostile_merge_input_is_refused_in_french(client, professional):
    person = Person.objects.create(display_name="Zoé Martin")
    client.force_login(professional)
    url = reverse("people:merge", args=[person.pk])
    for data in [{"other": "<script>", "keep": "x"}, {"other": person.pk, "confirm": "on"}, {}]:
        response = client.post(url, data)
        assert response.status_code == 200
        assert "<script>" not in response.content.decode()
    assert Person.objects.count() == 1
    for query in ["<script>alert(1)</script>", "nul\x00byte", "x" * 500]:
        assert client.get(url, {"q": query}).status_code == 200


def test_a_record_that_holds_nothing_can_be_deleted_and_one_that_holds_something_cannot(
    client, professional
):
    from quartier.people.models import Consent

    mistake = Person.objects.create(display_name="Aicha Benali")
    kept = Person.objects.create(display_name="Aïcha Benali")
    Consent.objects.create(person=kept, purpose="contact", means="oral")
    client.force_login(professional)
    held = client.get(reverse("people:delete", args=[kept.pk])).content.decode()
    assert "ne peut pas être supprimée" in held and "consentement" in held
    client.post(reverse("people:delete", args=[kept.pk]), {"confirm": "on"})
    assert Person.objects.filter(pk=kept.pk).exists()
    url = reverse("people:delete", args=[mistake.pk])
    assert "Rien n'est rattaché" in client.get(url).content.decode()
    client.post(url, {})
    assert Person.objects.filter(pk=mistake.pk).exists()
    with audit_requests() as audited:
        response = client.post(url, {"confirm": "on"})
    assert response["Location"] == reverse("people:list")
    assert not Person.objects.filter(pk=mistake.pk).exists()
    assert [(a["action"], a["detail"], a["user"]) for a in audited] == [
        ("delete", {"person": mistake.pk}, professional)
    ]


@pytest.mark.parametrize("role", ["volunteer", "resident"])
def test_volunteers_and_residents_can_neither_merge_nor_delete_records(client, role):
    person = Person.objects.create(display_name="Zoé Martin")
    client.force_login(make_user(role))
    for name in ["people:merge", "people:delete"]:
        assert client.get(reverse(name, args=[person.pk])).status_code == 403
        assert client.post(reverse(name, args=[person.pk]), {"confirm": "on"}).status_code == 403
    assert Person.objects.filter(pk=person.pk).exists()
