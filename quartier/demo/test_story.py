import pytest
from django.core.management import call_command

from quartier.demo.story import build_demo
from quartier.gatherings.models import Gathering
from quartier.people.models import Organisation, Person

pytestmark = pytest.mark.django_db


def test_demo_tells_the_seed_story():
    story = build_demo()
    assert Organisation.objects.count() == 5
    assert Person.objects.filter(kind="professional").count() == 5
    assert Person.objects.filter(kind="resident").count() == 120
    meetings = Gathering.objects.filter(kind="public_meeting", start__year=1999)
    assert meetings.count() == 2
    residents_at_meetings = Person.objects.filter(
        kind="resident", attendances__gathering__in=meetings
    ).distinct()
    assert 90 <= residents_at_meetings.count() <= 110
    assert story.gatherings["restitution"].attendances.count() > 30


def test_demo_is_deterministic():
    build_demo()
    first = list(Person.objects.order_by("pk").values_list("display_name", flat=True))
    call_command("flush", interactive=False, verbosity=0)
    build_demo()
    assert list(Person.objects.order_by("pk").values_list("display_name", flat=True)) == first


def test_demo_command_loads_once_and_prints_logins(capsys):
    call_command("demo", "--if-empty")
    call_command("demo", "--if-empty")
    out = capsys.readouterr().out
    assert out.count("admin") == 2
    assert Person.objects.filter(kind="resident").count() == 120
