"""Residents' contributions through the public form and attendance recorded by the team, all at
once, through gunicorn and PostgreSQL on 127.0.0.1: every one stored exactly once.

Run with `bin/with-postgres .venv/bin/pytest -m postgres`. The public form allows five messages
per address every ten minutes; the server is told to read the visitor's address from
X-Forwarded-For (as behind a reverse proxy), and each simulated resident sends their own.
(Both limits, the public form's and the log-in throttle, under load: quartier/tests.)
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from quartier.consultation.models import Consultation, Contribution
from quartier.gatherings.models import Attendance, Gathering
from quartier.testing.factories import TEST_PASSWORD, make_user
from quartier.testing.hostile import HOSTILE_STRINGS, as_sent, expected_stored
from quartier.testing.loadtest import Session, concurrently, gunicorn_server

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
SUBMISSIONS = 200


def _texts() -> list[str]:
    """200 distinct messages, most of them hostile (markup, formulas, RTL, emoji...)."""
    usable = [as_sent(s) for s in HOSTILE_STRINGS if expected_stored(s) and len(s) < 1000]
    return [f"{usable[i % len(usable)]} — message n°{i:03d}" for i in range(SUBMISSIONS)]


def test_two_hundred_contributions_and_attendances_at_once_are_each_stored_once(territory):
    consultation = Consultation.objects.create(
        title="Mieux vivre ensemble", territory=territory, period_start=dt.date(2026, 1, 1)
    )
    gathering = Gathering.objects.create(
        kind=Gathering.Kind.PUBLIC_MEETING,
        title="Réunion publique",
        start=timezone.now() + dt.timedelta(days=1),
        territory=territory,
    )
    make_user("volunteer", username="benevole")
    public = f"/consultations/{consultation.pk}/participer/"
    attendance = f"/rencontres/{gathering.pk}/presences/"
    texts = _texts()
    with gunicorn_server(env={"LOGIN_THROTTLE_IP_HEADER": "HTTP_X_FORWARDED_FOR"}) as base:
        residents = [Session(base) for _ in range(8)]
        for session in residents:
            status, _page = session.get(public)
            assert status == 200
        team = [Session(base) for _ in range(4)]
        for session in team:
            session.login("benevole", TEST_PASSWORD)
        contributions = [
            (
                lambda s=residents[i % 8], i=i: s.post(
                    public,
                    {"text": texts[i], "first_name": "", "age_band": "", "website": ""},
                    headers={"X-Forwarded-For": f"10.20.{i // 200}.{i % 200 + 1}"},
                )
            )
            for i in range(SUBMISSIONS)
        ]
        attendances = [
            (
                lambda s=team[i % 4], i=i: s.post(
                    attendance,
                    {"name": f"Habitant·e {i:03d}", "role": "participant", "confirm_new": "on"},
                )
            )
            for i in range(SUBMISSIONS)
        ]
        # Interleaved, so both kinds of write compete for the database at the same moment.
        calls = [call for pair in zip(contributions, attendances, strict=True) for call in pair]
        statuses = concurrently(calls, workers=60)
    assert statuses.count(200) == 2 * SUBMISSIONS, sorted(set(statuses))

    stored = list(
        Contribution.objects.filter(consultation=consultation).values_list("text", flat=True)
    )
    assert len(stored) == SUBMISSIONS
    assert sorted(stored) == sorted(expected_stored(t) for t in texts)
    assert (
        Contribution.objects.filter(
            consultation=consultation, state=Contribution.State.PENDING
        ).count()
        == SUBMISSIONS
    )

    names = list(
        Attendance.objects.filter(gathering=gathering).values_list(
            "person__display_name", flat=True
        )
    )
    assert sorted(names) == [f"Habitant·e {i:03d}" for i in range(SUBMISSIONS)]
