"""The public form's per-visitor limit counts the visitor's address, also behind a proxy."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from quartier.consultation.actions.capture import PUBLIC_RATE_LIMIT
from quartier.consultation.models import Consultation, Contribution

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(territory):
    consultation = Consultation.objects.create(
        title="Mieux vivre ensemble", territory=territory, period_start=dt.date(2026, 1, 1)
    )
    return reverse("consultation:public", args=[consultation.pk])


def _send(client, url, **headers):
    return client.post(url, {"text": "Un banc", "age_band": ""}, **headers).status_code


def test_behind_a_proxy_each_resident_has_their_own_limit(client, url, settings):
    settings.LOGIN_THROTTLE_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    # The proxy appends the address it saw; what the client sent in front is ignored.
    for i in range(PUBLIC_RATE_LIMIT):
        assert _send(client, url, HTTP_X_FORWARDED_FOR=f"198.51.100.{i}, 203.0.113.7") == 302
    assert _send(client, url, HTTP_X_FORWARDED_FOR="198.51.100.99, 203.0.113.7") == 429
    # Another resident behind the same proxy is not blocked by the first one.
    assert _send(client, url, HTTP_X_FORWARDED_FOR="203.0.113.8") == 302
    assert Contribution.objects.count() == PUBLIC_RATE_LIMIT + 1


def test_without_a_proxy_a_forged_header_does_not_lift_the_limit(client, url, settings):
    settings.LOGIN_THROTTLE_IP_HEADER = ""
    codes = [_send(client, url, HTTP_X_FORWARDED_FOR=f"198.51.100.{i}") for i in range(8)]
    assert codes == [302] * PUBLIC_RATE_LIMIT + [429] * (8 - PUBLIC_RATE_LIMIT)
