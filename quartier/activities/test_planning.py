import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from quartier.activities import planning
from quartier.activities.models import ActivitySession
from quartier.activities.test_recurrence import make_activity
from quartier.gatherings.models import Attendance, Gathering
from quartier.people.models import Person

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 3, 2)


def session_days(activity) -> list[dt.date]:
    return [
        timezone.localtime(g.start).date()
        for g in Gathering.objects.filter(activity_session__activity=activity).order_by("start")
    ]


def test_planning_makes_the_next_weeks_of_sessions_as_gatherings(territory):
    cooking = make_activity(
        territory, "FREQ=WEEKLY;BYDAY=TU", name="Atelier cuisine", place="Local"
    )
    outcome = planning.plan_sessions(cooking, today=MONDAY, weeks=4)
    assert session_days(cooking) == [MONDAY + dt.timedelta(days=1 + 7 * n) for n in range(4)]
    assert len(outcome.created) == 4
    first = Gathering.objects.filter(activity_session__activity=cooking).earliest("start")
    assert first.kind == Gathering.Kind.ACTIVITY_SESSION
    assert first.title == "Atelier cuisine" and first.place == "Local"
    assert timezone.localtime(first.start).time() == dt.time(14)
    assert timezone.localtime(first.end).time() == dt.time(16)


def test_planning_twice_plans_each_day_once(territory):
    cooking = make_activity(territory, "FREQ=WEEKLY;BYDAY=TU")
    planning.plan_sessions(cooking, today=MONDAY, weeks=4)
    again = planning.plan_sessions(cooking, today=MONDAY, weeks=4)
    assert again.created == [] and again.removed == 0
    assert ActivitySession.objects.filter(activity=cooking).count() == 4


def test_a_cancelled_session_is_kept_and_not_planned_again(territory):
    cooking = make_activity(territory, "FREQ=WEEKLY;BYDAY=TU")
    planning.plan_sessions(cooking, today=MONDAY, weeks=2)
    first = Gathering.objects.filter(activity_session__activity=cooking).earliest("start")
    planning.cancel_session(first, "  Local fermé pour travaux ")
    planning.plan_sessions(cooking, today=MONDAY, weeks=2)
    first.refresh_from_db()
    assert first.is_cancelled and first.cancellation_reason == "Local fermé pour travaux"
    assert ActivitySession.objects.filter(activity=cooking).count() == 2
    planning.reinstate_session(first)
    first.refresh_from_db()
    assert not first.is_cancelled and first.cancellation_reason == ""


def test_a_changed_rule_moves_untouched_sessions_and_keeps_those_with_attendance(territory):
    cooking = make_activity(territory, "FREQ=WEEKLY;BYDAY=TU")
    planning.plan_sessions(cooking, today=MONDAY, weeks=3)
    kept = Gathering.objects.filter(activity_session__activity=cooking).earliest("start")
    Attendance.objects.create(gathering=kept, person=Person.objects.create(display_name="Aïcha"))
    cooking.rule = "FREQ=WEEKLY;BYDAY=WE"
    cooking.start_time = dt.time(15)
    cooking.save()
    outcome = planning.plan_sessions(cooking, today=MONDAY, weeks=3)
    assert outcome.removed == 2
    days = session_days(cooking)
    assert days[0] == MONDAY + dt.timedelta(days=1)  # the Tuesday someone came to stays
    assert days[1:] == [MONDAY + dt.timedelta(days=2 + 7 * n) for n in range(3)]


def test_new_hours_reach_the_sessions_nobody_touched(territory):
    cooking = make_activity(territory, "FREQ=WEEKLY;BYDAY=TU")
    planning.plan_sessions(cooking, today=MONDAY, weeks=2)
    cooking.start_time, cooking.place = dt.time(9, 30), "Salle B"
    cooking.save()
    outcome = planning.plan_sessions(cooking, today=MONDAY, weeks=2)
    assert outcome.updated == 2 and outcome.created == []
    for gathering in Gathering.objects.filter(activity_session__activity=cooking):
        assert timezone.localtime(gathering.start).time() == dt.time(9, 30)
        assert gathering.place == "Salle B"


def test_holidays_in_the_horizon_are_reported_not_planned(territory):
    mondays = make_activity(territory, "FREQ=WEEKLY;BYDAY=MO")
    outcome = planning.plan_sessions(mondays, today=dt.date(2026, 4, 1), weeks=2)
    assert [p.day for p in outcome.skipped] == [dt.date(2026, 4, 6)]
    assert session_days(mondays) == [dt.date(2026, 4, 13)]


def test_a_date_added_by_hand_is_not_the_rules(territory):
    galette = make_activity(territory, "", name="Galette des rois", kind="event")
    session = planning.add_session(
        galette, dt.date(2027, 1, 14), start_time=dt.time(15), end_time=dt.time(18)
    )
    assert session.planned_for is None
    assert session.gathering.kind == Gathering.Kind.EVENT
    assert planning.plan_sessions(galette, today=dt.date(2027, 1, 1)).removed == 0
    assert Gathering.objects.filter(pk=session.pk).exists()


def test_the_command_plans_every_running_activity(territory, capsys):
    today = timezone.localdate()
    running = make_activity(territory, "FREQ=WEEKLY;BYDAY=TU", starts_on=today)
    ended = make_activity(territory, "FREQ=WEEKLY;BYDAY=TH", ends_on=dt.date(2021, 1, 1))
    make_activity(territory, "")
    call_command("plan_activities", "--weeks", "2")
    expected = planning.planned_days(running, today, today + dt.timedelta(weeks=2))
    made = len([p for p in expected if not p.skipped_because])
    assert f"{made} séance(s) prévue(s)" in capsys.readouterr().out
    assert ActivitySession.objects.filter(activity=running).count() == made >= 1
    assert not ActivitySession.objects.filter(activity=ended).exists()
