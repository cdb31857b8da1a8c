"""Fixtures shared by the consultation tests."""

import datetime as dt

import pytest
from django.utils import timezone

from quartier.consultation.models import Consultation
from quartier.gatherings.models import Gathering


@pytest.fixture
def consultation(territory):
    return Consultation.objects.create(
        title="Mieux vivre ensemble",
        territory=territory,
        period_start=dt.date(1999, 3, 1),
        question="Qu'attendez-vous pour mieux vivre ensemble dans le quartier ?",
    )


@pytest.fixture
def meeting(territory):
    return Gathering.objects.create(
        kind=Gathering.Kind.PUBLIC_MEETING,
        title="Réunion publique de mars",
        start=timezone.make_aware(dt.datetime(1999, 3, 18, 18)),
        territory=territory,
    )
