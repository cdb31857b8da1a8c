"""Merging two records of one person, across every app: whatever points at the duplicate
moves to the record kept, repetitions (one attendance per gathering, one membership per
group) keep one row, and the merge is in the audit log. Whole-project, because the relations
are found from every installed app's models."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from quartier.consultation.models import Consultation, Contribution
from quartier.gatherings.models import Attendance, Gathering
from quartier.groups.models import Action, Membership, WorkingGroup
from quartier.people.merging import MergeRefused, merge_people, person_relations
from quartier.people.models import Consent, Person
from quartier.privacy.models import AuditEvent
from quartier.privacy.personal_data import accesses
from quartier.testing.factories import make_user

pytestmark = pytest.mark.django_db


def _gathering(territory, title: str, days: int) -> Gathering:
    return Gathering.objects.create(
        kind=Gathering.Kind.PUBLIC_MEETING,
        title=title,
        start=timezone.now() - dt.timedelta(days=days),
        territory=territory,
    )


def test_every_relation_to_person_of_every_app_is_found():
    """Foreign keys, one-to-ones and the tables behind many-to-manys, wherever they are."""
    found = {(r.model, r.field.name) for r in person_relations()}
    expected = set()
    for model in apps.get_models(include_auto_created=True):
        for f in model._meta.get_fields():
            if f.concrete and f.is_relation and f.related_model is Person and not f.many_to_many:
                expected.add((model, f.name))
    assert found == expected
    assert (Attendance, "person") in found and (Consent, "person") in found
    labels = {r.model._meta.label for r in person_relations()}
    assert {"people.User", "groups.Membership", "consultation.Contribution"} <= labels


def test_merging_moves_everything_to_the_record_kept(territory):
    claire = make_user("professional", username="claire")
    kept = Person.objects.create(display_name="Aïcha Benali", territory=territory)
    twin = Person.objects.create(
        display_name="Aicha", phone="06 11 22 33 44", first_met_on=dt.date(2025, 1, 10)
    )
    both_came = _gathering(territory, "Réunion publique", 30)
    only_twin = _gathering(territory, "Galette", 10)
    Attendance.objects.create(gathering=both_came, person=kept)
    Attendance.objects.create(gathering=both_came, person=twin)
    Attendance.objects.create(gathering=only_twin, person=twin)
    Consent.objects.create(person=twin, purpose="contributions", means="oral")
    consultation = Consultation.objects.create(
        title="Vivre ensemble", territory=territory, period_start=dt.date(2025, 1, 1), question="?"
    )
    said = Contribution.objects.create(consultation=consultation, text="Un local", author=twin)
    group = WorkingGroup.objects.create(name="Jeunes", mandate="m", territory=territory)
    Membership.objects.create(group=group, person=kept)
    Membership.objects.create(group=group, person=twin)
    action = Action.objects.create(group=group, title="Appeler", owner=twin, due_on=dt.date.today())
    account = make_user("resident", username="aicha", person=twin)
    AuditEvent.objects.create(
        action="view", user=claire, content_type=ContentType.objects.get_for_model(Person),
        object_id=str(twin.pk), target_repr="Personne",
    )  # fmt: skip

    report = merge_people(kept, twin, by=claire)

    assert not Person.objects.filter(pk=twin.pk).exists()
    assert sorted(kept.attendances.values_list("gathering__title", flat=True)) == [
        "Galette",
        "Réunion publique",
    ]
    assert list(kept.consents.values_list("purpose", flat=True)) == ["contributions"]
    said.refresh_from_db()
    action.refresh_from_db()
    account.refresh_from_db()
    assert said.author == kept and action.owner == kept and account.person == kept
    assert Membership.objects.filter(group=group).count() == 1  # one membership per person
    assert report.repeated == {"gatherings.attendance.person": 1, "groups.membership.person": 1}
    kept.refresh_from_db()
    assert kept.phone == "06 11 22 33 44" and kept.first_met_on == dt.date(2025, 1, 10)
    assert kept.display_name == "Aïcha Benali"  # the kept record's own fields win

    event = AuditEvent.objects.get(action="merge")
    assert event.user == claire and event.object_id == str(kept.pk)
    assert event.detail["merged"] == twin.pk
    assert event.detail["moved"]["gatherings.attendance.person"] == 1
    assert "Aicha" not in str(event.detail) and "Benali" not in event.target_repr
    # The right of access still shows who read the duplicate's record.
    assert sorted(row["Action"] for row in accesses(kept)) == [
        "Consultation",
        "Fusion de deux fiches",
    ]


def test_two_log_ins_refuse_the_merge_and_change_nothing(territory):
    kept = Person.objects.create(display_name="Karim Ouali")
    twin = Person.objects.create(display_name="Karim")
    make_user("resident", username="karim1", person=kept)
    make_user("resident", username="karim2", person=twin)
    gathering = _gathering(territory, "Réunion", 3)
    Attendance.objects.create(gathering=gathering, person=twin)
    with pytest.raises(MergeRefused, match="compte"):
        merge_people(kept, twin)
    assert Attendance.objects.get().person == twin
    assert not AuditEvent.objects.filter(action="merge").exists()


def test_a_failure_halfway_leaves_both_records_as_they_were(territory, monkeypatch):
    kept = Person.objects.create(display_name="Zoé Martin")
    twin = Person.objects.create(display_name="Zoe Martin", email="zoe@example.org")
    Consent.objects.create(person=twin, purpose="contact", means="oral")
    from quartier.people import merging

    def broken(*args, **kwargs):
        raise RuntimeError("panne")

    monkeypatch.setattr(merging, "audit", broken)
    with pytest.raises(RuntimeError):
        merge_people(kept, twin)
    assert Person.objects.filter(pk=twin.pk).exists()
    assert Consent.objects.get().person == twin
    kept.refresh_from_db()
    assert kept.email == ""


def test_relations_from_many_to_many_tables_move_too():
    """A many-to-many to Person without an explicit table (as a future app may declare) has
    its hidden table's foreign key found like any other."""
    through = [
        r
        for r in person_relations()
        if r.model._meta.auto_created and isinstance(r.field, models.ForeignKey)
    ]
    declared = [
        f
        for model in apps.get_models()
        for f in model._meta.many_to_many
        if f.related_model is Person and f.remote_field.through._meta.auto_created
    ]
    assert len(through) == len(declared)
