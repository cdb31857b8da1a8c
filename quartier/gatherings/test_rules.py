"""The object-level rule of gatherings at its edges: whoever facilitated a gathering keeps its
list of who came, and only that gathering's; coming as a participant or a guest gives nothing."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from quartier.gatherings.models import Attendance, Gathering
from quartier.people.models import Person
from quartier.testing.factories import make_user

pytestmark = pytest.mark.django_db

ATTENDANCE_PERMS = ["gatherings.view_attendance", "gatherings.record_attendance"]


def gathering(territory, title: str) -> Gathering:
    return Gathering.objects.create(
        kind=Gathering.Kind.EVENT,
        title=title,
        start=timezone.now() + dt.timedelta(days=1),
        territory=territory,
    )


@pytest.fixture
def galette(territory):
    return gathering(territory, "Galette des rois")


def resident_who_came(gathering, role, username="aicha"):
    person = Person.objects.create(display_name=username.title(), territory=gathering.territory)
    Attendance.objects.create(gathering=gathering, person=person, role=role)
    return make_user("resident", username=username, person=person)


def allowed(user, obj) -> dict[str, bool]:
    return {perm: user.has_perm(perm, obj) for perm in ATTENDANCE_PERMS}


def test_the_resident_who_facilitated_keeps_the_list_of_who_came(galette):
    leader = resident_who_came(galette, Attendance.Role.FACILITATOR)
    assert all(allowed(leader, galette).values())
    # The agenda is every resident's; changing the gathering itself stays with the team.
    assert leader.has_perm("gatherings.view_gathering", galette)
    assert not leader.has_perm("gatherings.change_gathering", galette)


@pytest.mark.parametrize("role", [Attendance.Role.PARTICIPANT, Attendance.Role.GUEST])
def test_coming_as_a_participant_or_a_guest_shows_no_list(galette, role):
    resident = resident_who_came(galette, role)
    assert not any(allowed(resident, galette).values())


def test_the_facilitator_of_another_gathering_sees_not_this_list(galette, territory):
    other = gathering(territory, "Repas de quartier")
    leader = resident_who_came(other, Attendance.Role.FACILITATOR)
    assert all(allowed(leader, other).values())
    assert not any(allowed(leader, galette).values())


def test_no_gathering_or_no_record_or_no_account_gives_nothing(galette):
    resident_who_came(galette, Attendance.Role.FACILITATOR)
    no_record = make_user("resident", username="sans-fiche")
    leader = resident_who_came(gathering(galette.territory, "Autre"), "facilitator", "karim")
    for user in (no_record, AnonymousUser()):
        assert not any(allowed(user, galette).values())
    # The list of every attendance (no gathering named) is for the team only.
    assert not any(allowed(leader, None).values())


def test_the_team_keeps_every_list(galette):
    for role in ("administrator", "professional", "volunteer"):
        assert all(allowed(make_user(role, username=f"{role}-team"), galette).values()), role
