"""Sliding-window limits kept in the database: counted in one step with the check."""

import pytest

from quartier.core import ratelimit
from quartier.core.models import RateWindow

pytestmark = pytest.mark.django_db
KEY = ratelimit.key_for("test", "10.0.0.1")


def test_attempts_are_counted_up_to_the_limit_then_refused_until_the_oldest_ages_out():
    limit = [(KEY, 3, 60.0)]
    assert [ratelimit.attempt(limit, now=1000.0 + i) for i in range(3)] == [0, 0, 0]
    assert ratelimit.attempt(limit, now=1010.0) == pytest.approx(50.0)
    assert ratelimit.retry_after(limit, now=1010.0) == pytest.approx(50.0)
    # A refused attempt is not counted: the wait does not grow.
    assert RateWindow.objects.get(key=KEY).attempts == [1000.0, 1001.0, 1002.0]
    assert ratelimit.attempt(limit, now=1060.5) == 0
    assert RateWindow.objects.get(key=KEY).attempts == [1001.0, 1002.0, 1060.5]


def test_every_limit_must_allow_and_then_each_counts():
    other = ratelimit.key_for("test", "claire")
    limits = [(KEY, 1, 60.0), (other, 5, 60.0)]
    assert ratelimit.attempt(limits, now=1000.0) == 0
    assert ratelimit.attempt(limits, now=1001.0) > 0  # KEY is full: `other` is not counted
    assert RateWindow.objects.get(key=other).attempts == [1000.0]


def test_an_attempt_taken_back_or_a_key_forgotten_no_longer_counts():
    limit = [(KEY, 2, 60.0)]
    ratelimit.attempt(limit, now=1000.0)
    ratelimit.attempt(limit, now=1001.0)
    ratelimit.withdraw(KEY, 1001.0)
    assert ratelimit.retry_after(limit, now=1002.0) == 0
    ratelimit.attempt(limit, now=1002.0)
    ratelimit.forget(KEY)
    assert ratelimit.retry_after(limit, now=1003.0) == 0


def test_keys_hold_no_address_and_rows_out_of_every_window_are_removed():
    assert "10.0.0.1" not in KEY
    ratelimit.attempt([(KEY, 2, 60.0)], now=1000.0)
    ratelimit.attempt([(ratelimit.key_for("test", "other"), 2, 60.0)], now=2000.0)
    assert list(RateWindow.objects.values_list("key", flat=True)) == [
        ratelimit.key_for("test", "other")
    ]
