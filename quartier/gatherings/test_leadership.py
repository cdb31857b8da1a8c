import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quartier.gatherings.leadership import RunBy, leadership_of, with_leadership
from quartier.gatherings.models import Attendance, Gathering
from quartier.people.models import Person

pytestmark = pytest.mark.django_db


def session_with(territory, *people: tuple[Person, str]) -> Gathering:
    gathering = Gathering.objects.create(
        kind=Gathering.Kind.ACTIVITY_SESSION,
        title="Cuisine",
        start=timezone.now(),
        territory=territory,
    )
    for person, role in people:
        Attendance.objects.create(gathering=gathering, person=person, role=role)
    return gathering


@pytest.fixture
def people():
    return {
        "pro": Person.objects.create(display_name="Claire", kind=Person.Kind.PROFESSIONAL),
        "resident": Person.objects.create(display_name="Aïcha"),
        "volunteer": Person.objects.create(display_name="Martine", kind=Person.Kind.VOLUNTEER),
    }


def test_who_ran_it_is_read_from_facilitators_and_their_kind(territory, people):
    cases = [
        ([("pro", "facilitator"), ("resident", "participant")], RunBy.PROFESSIONALS, True),
        ([("volunteer", "facilitator"), ("resident", "participant")], RunBy.RESIDENTS, False),
        ([("volunteer", "facilitator"), ("pro", "facilitator")], RunBy.TOGETHER, True),
        ([("resident", "facilitator"), ("pro", "participant")], RunBy.RESIDENTS, True),
        ([("resident", "participant")], RunBy.UNKNOWN, False),
    ]
    found = []
    for roles, run_by, professional in cases:
        gathering = session_with(territory, *[(people[key], role) for key, role in roles])
        leadership = leadership_of(gathering)
        assert (leadership.run_by, leadership.professional_present) == (run_by, professional)
        found.append(leadership.run_by_residents_alone)
    # Only residents running with no professional in the room is the handover done.
    assert found == [False, True, False, False, False]


def test_leadership_of_many_gatherings_costs_one_query(territory, people):
    for _ in range(5):
        session_with(
            territory, (people["volunteer"], "facilitator"), (people["resident"], "participant")
        )
    with CaptureQueriesContext(connection) as queries:
        counts = [
            leadership_of(g).resident_facilitators for g in with_leadership(Gathering.objects.all())
        ]
    assert counts == [1] * 5
    assert len(queries) == 1
