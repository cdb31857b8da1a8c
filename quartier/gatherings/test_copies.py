"""The gathering's start and the person's kind copied on each attendance by the database
(quartier/gatherings/copies.py) stay true whatever writes the rows; runs on SQLite and on
PostgreSQL, each with its own triggers."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from quartier.gatherings import copies
from quartier.gatherings.models import Attendance, Gathering
from quartier.people.merging import merge_people
from quartier.people.models import Person

pytestmark = pytest.mark.django_db

START = timezone.make_aware(dt.datetime(2025, 3, 4, 14))


def copied(attendance: Attendance) -> tuple:
    attendance.refresh_from_db()
    return attendance.held_at, attendance.person_kind


@pytest.fixture
def gathering(territory):
    return Gathering.objects.create(
        kind=Gathering.Kind.ACTIVITY_SESSION, title="Cartes", start=START, territory=territory
    )


def test_a_row_written_by_save_or_in_bulk_gets_the_start_and_the_kind(gathering, aicha):
    volunteer = Person.objects.create(display_name="Bernard", kind=Person.Kind.VOLUNTEER)
    one = Attendance.objects.create(gathering=gathering, person=aicha)
    (bulk,) = Attendance.objects.bulk_create([Attendance(gathering=gathering, person=volunteer)])
    assert copied(one) == (START, Person.Kind.RESIDENT)
    assert copied(Attendance.objects.get(pk=bulk.pk)) == (START, Person.Kind.VOLUNTEER)


def test_what_the_application_writes_in_the_copies_is_replaced(gathering, aicha):
    row = Attendance.objects.create(gathering=gathering, person=aicha)
    Attendance.objects.filter(pk=row.pk).update(held_at=None, person_kind="professional")
    assert copied(row) == (START, Person.Kind.RESIDENT)
    row.role = Attendance.Role.FACILITATOR
    row.save()  # the instance in memory still holds what it was created with
    assert copied(row) == (START, Person.Kind.RESIDENT)


def test_a_moved_or_cancelled_gathering_moves_its_rows(gathering, aicha):
    row = Attendance.objects.create(gathering=gathering, person=aicha)
    later = START + dt.timedelta(days=7)
    gathering.start = later
    gathering.save()
    assert copied(row)[0] == later
    Gathering.objects.filter(pk=gathering.pk).update(cancelled_at=timezone.now())
    assert copied(row)[0] is None  # a cancelled gathering was not held
    Gathering.objects.filter(pk=gathering.pk).update(cancelled_at=None)
    assert copied(row)[0] == later


def test_a_resident_who_becomes_a_volunteer_is_counted_as_one_everywhere(gathering, aicha):
    row = Attendance.objects.create(gathering=gathering, person=aicha)
    aicha.kind = Person.Kind.VOLUNTEER
    aicha.save()
    assert copied(row)[1] == Person.Kind.VOLUNTEER
    Person.objects.filter(pk=aicha.pk).update(kind=Person.Kind.PROFESSIONAL)
    assert copied(row)[1] == Person.Kind.PROFESSIONAL


def test_merged_people_bring_their_kind_with_them(gathering, aicha):
    kept = Person.objects.create(display_name="Aïcha Benali (bénévole)", kind=Person.Kind.VOLUNTEER)
    row = Attendance.objects.create(gathering=gathering, person=aicha)
    merge_people(kept, aicha)
    assert copied(row) == (START, Person.Kind.VOLUNTEER)


def test_the_migration_fills_rows_written_before_the_triggers(gathering, aicha):
    row = Attendance.objects.create(gathering=gathering, person=aicha)
    create, drop = copies.STATEMENTS[connection.vendor]
    with connection.cursor() as cursor:
        for statement in drop:
            cursor.execute(statement)
        try:
            cursor.execute(f"UPDATE {copies.ATTENDANCE} SET held_at = NULL, person_kind = ''")  # noqa: S608
            cursor.execute(copies.FILL)
        finally:
            for statement in create:
                cursor.execute(statement)
    assert copied(row) == (START, Person.Kind.RESIDENT)


def test_rows_loaded_before_their_gathering_and_person_are_filled_when_those_arrive(territory):
    # A fixture or a restore may write attendances first: the keys are checked at commit.
    Attendance.objects.bulk_create([Attendance(gathering_id=90001, person_id=90002)])
    Gathering.objects.create(
        pk=90001, kind=Gathering.Kind.EVENT, title="Fête", start=START, territory=territory
    )
    Person.objects.create(pk=90002, display_name="Dan", kind=Person.Kind.VOLUNTEER)
    row = Attendance.objects.get(gathering_id=90001)
    assert copied(row) == (START, Person.Kind.VOLUNTEER)
