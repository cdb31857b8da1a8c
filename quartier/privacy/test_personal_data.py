"""One person's data: export of everything held, and erasure by anonymisation."""

import datetime as dt
import io
import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from quartier.gatherings.models import Attendance, Gathering
from quartier.people.models import Consent, Person
from quartier.privacy import registry
from quartier.privacy.collectors import collect_personal_data, empty_value
from quartier.privacy.models import AuditEvent
from quartier.privacy.services import anonymise_person, export_data
from quartier.testing.documents import pdf_words
from quartier.testing.factories import make_user

pytestmark = pytest.mark.django_db
NAME = "Zénobie Quarantotto"


@pytest.fixture
def story(territory):
    """One resident with contact details, consents, an account, at two gatherings."""
    person = Person.objects.create(
        display_name=NAME,
        territory=territory,
        phone="06 11 22 33 44",
        email="zenobie@example.org",
        languages="français, italien",
        first_met_on=dt.date(2024, 3, 18),
    )
    other = Person.objects.create(display_name="Karim Ouali", territory=territory)
    Consent.objects.create(person=person, purpose="attendance", means="signed")
    Consent.objects.create(person=person, purpose="contact", means="oral")
    gatherings = [
        Gathering.objects.create(
            kind=Gathering.Kind.PUBLIC_MEETING,
            title=f"Réunion publique {n}",
            start=timezone.now() - dt.timedelta(days=30 * n),
            territory=territory,
        )
        for n in (1, 2)
    ]
    for gathering in gatherings:
        Attendance.objects.create(gathering=gathering, person=person)
        Attendance.objects.create(gathering=gathering, person=other)
    user = make_user("resident", username="zenobie", first_name="Zénobie", person=person)
    return {"person": person, "other": other, "gatherings": gatherings, "user": user}


def _headcounts():
    return dict(
        Gathering.objects.annotate(n=Count("attendances")).values_list("pk", "n").order_by("pk")
    )


def test_export_holds_every_section(story):
    data = export_data(story["person"])
    sections = {s["titre"]: s["donnees"] for s in data["sections"]}
    assert sections["Fiche"][0]["Nom"] == NAME
    assert sections["Fiche"][0]["Téléphone"] == "06 11 22 33 44"
    assert len(sections["Consentements"]) == 2
    assert sections["Compte de connexion"][0]["Nom d’utilisateur"] == "zenobie"
    assert {r["Rencontre"] for r in sections["Présences aux rencontres"]} == {
        "Réunion publique 1",
        "Réunion publique 2",
    }


def test_a_long_section_is_cut_on_the_page_and_says_so_but_the_json_holds_everything(story):
    page = dict(collect_personal_data(story["person"], limit=1))
    (title,) = [t for t in page if t.startswith("Présences aux rencontres")]
    assert title == (
        "Présences aux rencontres (1 sur 2 ; la liste entière est dans la copie complète, "
        "en fichier informatique)"
    )
    assert len(page[title]) == 1
    sections = {s["titre"]: s["donnees"] for s in export_data(story["person"])["sections"]}
    assert len(sections["Présences aux rencontres"]) == 2


def test_the_counts_of_a_cut_section_are_written_the_french_way(story):
    territory = story["person"].territory
    start = timezone.now() - dt.timedelta(days=3000)
    gatherings = Gathering.objects.bulk_create(
        Gathering(title=f"Atelier {n}", start=start + dt.timedelta(days=n), territory=territory)
        for n in range(1_200)
    )
    Attendance.objects.bulk_create(
        Attendance(gathering=gathering, person=story["person"]) for gathering in gatherings
    )
    page = dict(collect_personal_data(story["person"], limit=1_000))
    (title,) = [t for t in page if t.startswith("Présences aux rencontres")]
    # Thousands set apart by a no-break space, as French writes them (Django's French format).
    assert title.startswith("Présences aux rencontres (1\xa0000 sur 1\xa0202 ;")


def test_the_printed_copy_is_cut_shorter_and_says_where_the_rest_is(
    client, story, administrator, monkeypatch
):
    from quartier.privacy import views

    monkeypatch.setattr(views, "PRINTED_RECORDS", 1)
    client.force_login(administrator)
    pdf = client.get(reverse("privacy:person_export_pdf", args=[story["person"].pk]))
    text = pdf_words(pdf.content)
    assert (
        "Présences aux rencontres (1 sur 2 ; la liste entière est dans la copie complète, "
        "en fichier informatique)"
    ) in text
    assert "Réunion publique 2" in text and "Réunion publique 1" not in text  # oldest first


def test_a_withdrawn_field_is_emptied_as_its_type_allows():
    assert empty_value(Person._meta.get_field("phone")) == ""
    assert empty_value(Person._meta.get_field("first_met_on")) is None


def test_other_apps_contribute_through_the_registry(story):
    def notes(person):
        return [{"Note": f"note sur {person.pk}"}]

    def forget(person):
        forgotten.append(person.display_name)

    forgotten = []
    registry.register_section("Notes de test", notes)
    registry.register_erasure_hook(forget)
    try:
        sections = {s["titre"]: s["donnees"] for s in export_data(story["person"])["sections"]}
        assert sections["Notes de test"] == [{"Note": f"note sur {story['person'].pk}"}]
        anonymise_person(story["person"])
        # The hook sees the person before the name is replaced (to find what to blank).
        assert forgotten == [NAME]
    finally:
        registry.unregister(notes)
        registry.unregister(forget)


def test_export_downloads_are_for_administrators_and_audited(client, story, administrator):
    person = story["person"]
    json_url = reverse("privacy:person_export_json", args=[person.pk])
    client.force_login(make_user("professional"))
    assert client.get(json_url).status_code == 403
    client.force_login(administrator)
    response = client.get(json_url)
    assert response["Content-Disposition"] == (
        f'attachment; filename="donnees-personne-{person.pk}.json"'
    )
    payload = json.loads(response.content)
    assert payload["personne"] == person.pk
    pdf = client.get(reverse("privacy:person_export_pdf", args=[person.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_words(pdf.content)
    assert NAME in text and "Réunion publique 2" in text
    formats = set(
        AuditEvent.objects.filter(action="export").values_list("detail__format", flat=True)
    )
    assert formats == {"json", "pdf"}


def test_the_person_page_offers_export_and_erasure_to_administrators_only(
    client, story, administrator, professional
):
    url = story["person"].get_absolute_url()
    client.force_login(professional)
    assert "Exporter ses données" not in client.get(url).content.decode()
    client.force_login(administrator)
    page = client.get(url).content.decode()
    assert "Exporter ses données" in page and "Effacer / anonymiser" in page


def test_anonymising_keeps_counts_and_leaves_the_name_nowhere(client, story, administrator):
    person, user = story["person"], story["user"]
    LogEntry.objects.create(
        user=administrator,
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(person.pk),
        object_repr=NAME,
        action_flag=CHANGE,
    )
    before = _headcounts()
    assert anonymise_person(person, by=administrator) is True
    person.refresh_from_db()
    assert person.display_name == f"Personne anonymisée n°{person.pk}"
    assert person.phone == person.email == person.languages == ""
    assert person.anonymised_at is not None
    assert _headcounts() == before
    assert Attendance.objects.filter(person=person).count() == 2
    # Consent dates kept as proof, but nothing stays active.
    assert person.consents.count() == 2
    assert not person.consents.filter(withdrawn_on__isnull=True).exists()
    user.refresh_from_db()
    assert not user.is_active and user.person is None and user.first_name == ""
    assert not user.has_usable_password()
    assert AuditEvent.objects.filter(action="erase", object_id=str(person.pk)).exists()

    client.force_login(administrator)
    search = client.get(reverse("people:list"), {"q": "Quarantotto"}).content.decode()
    assert "0 personne" in search
    pages = [
        client.get(reverse("people:list")),
        client.get(story["gatherings"][0].get_absolute_url()),
        client.get(person.get_absolute_url()),
        client.get(reverse("privacy:audit_log")),
        client.get("/"),
    ]
    for response in pages:
        page = response.content.decode()
        assert "Zénobie" not in page and "Quarantotto" not in page, response.request
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    assert "Quarantotto" not in dump.getvalue()
    assert "Zénobie" not in dump.getvalue() and "zenobie" not in dump.getvalue()
    assert "06 11 22 33 44" not in dump.getvalue()
    # Idempotent: a second erasure changes nothing.
    assert anonymise_person(person) is False


def test_a_failing_erasure_hook_erases_nothing(story):
    def broken(person):
        Person.objects.filter(pk=person.pk).update(phone="")
        raise RuntimeError("boom")

    registry.register_erasure_hook(broken)
    try:
        with pytest.raises(RuntimeError):
            anonymise_person(story["person"])
    finally:
        registry.unregister(broken)
    person = Person.objects.get(pk=story["person"].pk)
    assert person.display_name == NAME and person.phone == "06 11 22 33 44"
    assert person.anonymised_at is None
    assert story["user"].__class__.objects.get(pk=story["user"].pk).is_active


def test_erasure_asks_for_confirmation_in_french(client, story, administrator):
    person = story["person"]
    url = reverse("privacy:person_erase", args=[person.pk])
    client.force_login(make_user("volunteer"))
    assert client.post(url, {"confirm": "on"}).status_code == 403
    client.force_login(administrator)
    page = client.get(url).content.decode()
    assert "Attention : cette action est définitive." in page
    assert "Ses présences à 2 rencontres restent comptées" in page
    page = client.post(url, {}).content.decode()
    assert "Cochez la case pour confirmer l&#x27;effacement." in page
    assert Person.objects.get(pk=person.pk).anonymised_at is None
    response = client.post(url, {"confirm": "on"}, follow=True)
    assert "Personne anonymisée n°" in response.content.decode()
    assert Person.objects.get(pk=person.pk).anonymised_at is not None


def test_an_administrator_cannot_erase_their_own_record(client, territory):
    person = Person.objects.create(display_name="Administratrice", territory=territory)
    admin = make_user("administrator", username="chef", person=person)
    client.force_login(admin)
    url = reverse("privacy:person_erase", args=[person.pk])
    client.post(url, {"confirm": "on"})
    assert Person.objects.get(pk=person.pk).anonymised_at is None
