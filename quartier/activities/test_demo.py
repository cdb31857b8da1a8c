import datetime as dt
import random

import pytest
from django.db import transaction
from django.utils import timezone

from quartier.activities import attendance, handover
from quartier.activities.demo import build_activities
from quartier.activities.models import Activity, ActivitySession
from quartier.demo.story import Story, build_demo
from quartier.gatherings.models import Gathering
from quartier.testing.demo import UP_TO_ACTIVITIES

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """The part of the demo story the activities stand on, then the activities: built once
    for the module, rolled back after it (each test runs in a savepoint of its own)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_demo(steps=UP_TO_ACTIVITIES)
        transaction.set_rollback(True)


@pytest.fixture
def story(built, db):
    return built


def test_the_share_of_sessions_without_a_professional_rises_after_2004(story):
    weekly = Gathering.objects.filter(activity_session__activity__kind=Activity.Kind.SESSION)
    share = {int(p.label): p for p in handover.share_over_time(weekly)}
    assert share[2001].held > 100
    # Professionals at every session until 2004, then fewer each year...
    assert all(share[year].share_without_professional == 0 for year in range(2001, 2005))
    rising = [share[year].share_without_professional for year in range(2004, 2012)]
    assert rising == sorted(rising) and rising[0] < rising[-1]
    # ...while residents run more of them, alone.
    assert share[2004].share_run_by_residents == 0
    assert share[2012].share_run_by_residents >= 80
    last_year = timezone.localdate().year - 1
    assert share[last_year].share_without_professional >= 80


def test_this_weeks_cooking_session_waits_for_its_attendance(story):
    today = timezone.localdate()
    tuesday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=1)
    session = ActivitySession.objects.get(
        activity=story.activities["cooking"], gathering__start__date=tuesday
    )
    assert not session.gathering.attendances.exists()
    regulars = attendance.regulars(session)
    assert len(regulars) >= 4
    # The demo resident account cooks on Tuesdays: they find themselves among the regulars.
    assert story.residents[0] in regulars


def test_events_count_guests_and_the_galette_joins_its_series(story):
    galette = story.gatherings["galette"]
    assert galette.activity_session.activity == story.activities["galette"]
    past_events = Gathering.objects.filter(
        activity_session__activity__kind=Activity.Kind.EVENT, start__lt=timezone.now()
    )
    assert past_events.count() > 50
    assert not past_events.filter(guest_count=0).exists()
    assert Gathering.objects.filter(kind=Gathering.Kind.SUPPORT_MEETING, start__year=2003).exists()


def test_some_sessions_are_cancelled_one_of_them_next_week(story):
    cancelled = Gathering.objects.filter(activity_session__isnull=False, cancelled_at__isnull=False)
    assert cancelled.filter(start__lt=timezone.now()).count() >= 5
    assert not cancelled.filter(attendances__isnull=False).exists()
    coming = cancelled.get(start__gte=timezone.now())
    assert coming.cancellation_reason == "Local réservé pour la formation des bénévoles"


def test_the_demo_is_the_same_from_one_build_to_the_next(story):
    def rows():
        return list(
            Gathering.objects.filter(activity_session__isnull=False)
            .order_by("start", "title")
            .values_list("title", "start", "guest_count", "cancellation_reason")
        )

    first = rows()
    Gathering.objects.filter(activity_session__isnull=False).exclude(
        pk=story.gatherings["galette"].pk
    ).delete()
    Activity.objects.all().delete()
    again = Story(
        territory=story.territory,
        organisations=dict(story.organisations),
        professionals=story.professionals,
        residents=story.residents,
        gatherings=dict(story.gatherings),
    )
    build_activities(again, random.Random(1999))
    assert rows() == first
