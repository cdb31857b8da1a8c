"""The large synthetic installation, built small: the shape holds (territories, sessions,
attendances close to the target, professionals stepping back), every indicator reads it."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from quartier.demo.large import build_large, large_exists
from quartier.evaluation.indicators.handover import handover
from quartier.evaluation.indicators.mobilisation import mobilisation
from quartier.evaluation.indicators.scope import YEAR, Scope
from quartier.gatherings.models import Attendance
from quartier.people.models import Territory

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_a_small_scale_keeps_the_shape_and_feeds_the_indicators():
    summary = build_large(0.002)
    assert large_exists()
    assert summary.territories == Territory.objects.count() == 2
    assert Attendance.objects.count() == summary.attendances
    assert 0.8 * 1000 <= summary.attendances <= 1.3 * 1000  # 500,000 × 0.002
    today = dt.date.today()
    scope = Scope.of(dt.date(today.year - 10, 1, 1), today, YEAR)
    assert sum(row.participants for row in mobilisation(scope)) > 0
    shares = [h.share_without_professional for h in handover(scope) if h.held]
    assert shares[-1] >= shares[0]  # professionals step back over time


def test_a_bad_scale_is_refused_in_french_before_anything_is_built():
    with pytest.raises(CommandError, match="Échelle inconnue"):
        call_command("demo", scale="énorme")
    with pytest.raises(CommandError, match="entre 0 et 1"):
        call_command("demo", scale="3")
    assert not Territory.objects.exists()
