import datetime as dt

import pytest
from django.utils import timezone

from quartier.activities import attendance, planning
from quartier.activities.models import ActivitySession
from quartier.activities.test_recurrence import make_activity
from quartier.gatherings.models import Attendance
from quartier.people.models import Consent, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def cooking(territory):
    return make_activity(territory, "FREQ=WEEKLY;BYDAY=TU", name="Atelier cuisine")


def weekly_sessions(cooking, count: int) -> list[ActivitySession]:
    """`count` past sessions, a week apart, then this week's (the last one)."""
    today = timezone.localdate()
    days = [today - dt.timedelta(weeks=count - n) for n in range(count)] + [today]
    for day in days:
        planning.add_session(cooking, day)
    return list(ActivitySession.objects.filter(activity=cooking).order_by("gathering__start"))


def came(session: ActivitySession, *people: Person, role="participant") -> None:
    Attendance.objects.bulk_create(
        [Attendance(gathering=session.gathering, person=p, role=role) for p in people]
    )


def person(name: str, **extra) -> Person:
    return Person.objects.create(display_name=name, **extra)


def test_regulars_came_to_two_of_the_last_four_sessions(cooking):
    *past, today = weekly_sessions(cooking, 6)
    twice, once, long_ago = person("Aïcha"), person("Bernard"), person("Chantal")
    came(past[-1], twice, once)
    came(past[-3], twice)
    # Chantal came to the two oldest sessions only: beyond the last four.
    came(past[0], long_ago)
    came(past[1], long_ago)
    assert attendance.regulars(today) == [twice]


def test_a_cancelled_session_does_not_count_among_the_last_four(cooking):
    *past, today = weekly_sessions(cooking, 5)
    aicha = person("Aïcha")
    came(past[0], aicha)  # the fifth session back...
    came(past[-1], aicha)
    assert attendance.regulars(today) == []
    # ...is among the last four held once one of the four is cancelled.
    planning.cancel_session(past[2].gathering, "Neige")
    assert attendance.regulars(today) == [aicha]


def test_sessions_still_to_come_do_not_make_regulars(cooking):
    *past, today = weekly_sessions(cooking, 2)
    next_week = planning.add_session(cooking, timezone.localdate() + dt.timedelta(weeks=1))
    aicha = person("Aïcha")
    came(past[0], aicha)
    came(past[1], aicha)
    # Seen from next week, the last sessions held are still the two past ones.
    assert attendance.regulars(next_week) == [aicha]


def test_who_withdrew_consent_or_was_anonymised_is_not_offered(cooking):
    *past, today = weekly_sessions(cooking, 2)
    withdrew = person("Denise")
    Consent.objects.create(
        person=withdrew,
        purpose=Consent.Purpose.ATTENDANCE,
        means="oral",
        withdrawn_on=dt.date(2024, 1, 1),
    )
    gone = person("Personne anonymisée", anonymised_at=timezone.now())
    stays = person("Fatou")
    for session in past:
        came(session, withdrew, gone, stays)
    assert attendance.regulars(today) == [stays]


def test_the_board_lists_regulars_and_whoever_is_already_present(cooking):
    *past, today = weekly_sessions(cooking, 2)
    regular, newcomer = person("Aïcha"), person("Zoé")
    came(past[0], regular)
    came(past[1], regular)
    came(today, newcomer)
    board = attendance.board(today)
    assert [(t.person, t.present, t.regular) for t in board] == [
        (regular, False, True),
        (newcomer, True, False),
    ]


def test_marking_present_twice_or_absent_twice_changes_nothing(cooking):
    (today,) = weekly_sessions(cooking, 0)
    aicha = person("Aïcha")
    attendance.set_present(today, aicha, True)
    attendance.set_present(today, aicha, True)
    assert today.gathering.attendances.filter(person=aicha).count() == 1
    attendance.set_present(today, aicha, False)
    attendance.set_present(today, aicha, False)
    assert not today.gathering.attendances.exists()


def test_facilitators_are_chosen_among_those_present(cooking):
    (today,) = weekly_sessions(cooking, 0)
    aicha, bernard = person("Aïcha"), person("Bernard")
    came(today, aicha, bernard)
    assert attendance.set_facilitators(today, [aicha.pk]) == 1
    roles = dict(today.gathering.attendances.values_list("person__display_name", "role"))
    assert roles == {"Aïcha": "facilitator", "Bernard": "participant"}
    attendance.set_facilitators(today, [bernard.pk])
    roles = dict(today.gathering.attendances.values_list("person__display_name", "role"))
    assert roles == {"Aïcha": "participant", "Bernard": "facilitator"}


def test_guests_without_a_name_count_in_the_total(cooking):
    (today,) = weekly_sessions(cooking, 0)
    came(today, person("Aïcha"), person("Bernard"))
    attendance.set_guest_count(today, 40)
    today.gathering.refresh_from_db()
    assert today.gathering.guest_count == 40
    assert attendance.total_present(today.gathering) == 42
    assert attendance.set_guest_count(today, -3) == 0
