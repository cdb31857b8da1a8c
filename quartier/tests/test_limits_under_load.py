"""The two limits of the project hold under load, through gunicorn (four processes) and
PostgreSQL: the public form's five messages per address and the log-in throttle's five failures
per account (consultation and privacy, counted by core's shared rate limits).

Run with `bin/with-postgres .venv/bin/pytest -m postgres`.
"""

from __future__ import annotations

import datetime as dt

import pytest

from quartier.consultation.actions.capture import PUBLIC_RATE_LIMIT
from quartier.consultation.models import Consultation, Contribution
from quartier.privacy.models import AuditEvent
from quartier.testing.factories import make_user
from quartier.testing.loadtest import Session, concurrently, gunicorn_server

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_limits_hold_when_one_address_sends_everything_at_once(territory):
    """Thirty messages from one address, and thirty wrong passwords for one account, all at
    once through four server processes: exactly the allowed number gets through."""
    consultation = Consultation.objects.create(
        title="Mieux vivre ensemble", territory=territory, period_start=dt.date(2026, 1, 1)
    )
    make_user("volunteer", username="benevole")
    public = f"/consultations/{consultation.pk}/participer/"
    with gunicorn_server(env={"LOGIN_THROTTLE_IP_HEADER": "HTTP_X_FORWARDED_FOR"}) as base:
        sessions = [Session(base) for _ in range(10)]
        for session in sessions:
            assert session.get(public)[0] == 200
        same_address = {"X-Forwarded-For": "10.30.0.1"}
        messages = [
            lambda s=sessions[i % 10], i=i: s.post(
                public,
                {"text": f"Message n°{i}", "first_name": "", "age_band": "", "website": ""},
                headers=same_address,
            )
            for i in range(30)
        ]
        statuses = concurrently(messages, workers=30)
        guesses = [
            lambda s=sessions[i % 10], i=i: s.post(
                "/connexion/",
                {"username": "benevole", "password": f"essai-{i}"},
                headers={"X-Forwarded-For": f"10.40.0.{i + 1}"},
            )
            for i in range(30)
        ]
        concurrently(guesses, workers=30)
    assert statuses.count(429) == 30 - PUBLIC_RATE_LIMIT
    assert Contribution.objects.filter(consultation=consultation).count() == PUBLIC_RATE_LIMIT
    events = AuditEvent.objects.filter(detail__username="benevole")
    checked = events.filter(action=AuditEvent.Action.LOGIN_FAILED).count()
    assert checked == 5  # LOGIN_THROTTLE_USERNAME_ATTEMPTS
    assert events.filter(action=AuditEvent.Action.LOGIN_BLOCKED).count() == 25
