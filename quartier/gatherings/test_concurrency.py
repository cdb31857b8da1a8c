"""Attendance recorded by many people at once, through gunicorn and PostgreSQL:
every record stored exactly once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from quartier.gatherings.models import Attendance, Gathering
from quartier.people.models import Person
from quartier.testing.factories import TEST_PASSWORD, make_user
from quartier.testing.loadtest import Session, concurrently, gunicorn_server

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_two_hundred_concurrent_attendance_records_are_each_stored_once(territory):
    make_user("professional", username="claire")
    gathering = Gathering.objects.create(
        kind=Gathering.Kind.PUBLIC_MEETING,
        title="Réunion publique",
        start=timezone.now() + dt.timedelta(days=1),
        territory=territory,
    )
    regular = Person.objects.create(display_name="Aïcha Benali", territory=territory)
    url = f"/rencontres/{gathering.pk}/presences/"
    with gunicorn_server() as base:
        sessions = [Session(base) for _ in range(4)]
        for session in sessions:
            session.login("claire", TEST_PASSWORD)
        newcomers = [
            (
                lambda s=sessions[i % 4], i=i: s.post(
                    url,
                    {
                        "name": f"Nouvelle Personne {i:03d}",
                        "role": "participant",
                        "confirm_new": "on",
                    },
                )
            )
            for i in range(200)
        ]
        # The same person recorded 40 times at once (several volunteers, one paper sheet).
        same = [
            (lambda s=sessions[i % 4]: s.post(url, {"person": regular.pk, "role": "participant"}))
            for i in range(40)
        ]
        statuses = concurrently(newcomers + same)
    assert statuses.count(200) == 240, sorted(set(statuses))
    attendances = Attendance.objects.filter(gathering=gathering)
    assert attendances.count() == 201
    assert attendances.filter(person=regular).count() == 1
    names = list(
        Person.objects.filter(display_name__startswith="Nouvelle Personne").values_list(
            "display_name", flat=True
        )
    )
    assert sorted(names) == [f"Nouvelle Personne {i:03d}" for i in range(200)]
