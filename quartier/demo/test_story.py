import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from quartier.demo.story import build_demo
from quartier.gatherings.models import Gathering
from quartier.people.models import Organisation, Person

pytestmark = pytest.mark.django_db


def test_demo_tells_the_seed_story():
    story = build_demo()
    # The five partners; the residents' association is an organisation too (activities).
    assert Organisation.objects.exclude(kind="association").count() == 5
    assert Person.objects.filter(kind="professional").count() == 5
    assert Person.objects.filter(kind="resident").count() == 120
    meetings = Gathering.objects.filter(kind="public_meeting", start__year=1999)
    assert meetings.count() == 2
    residents_at_meetings = Person.objects.filter(
        kind="resident", attendances__gathering__in=meetings
    ).distinct()
    assert 90 <= residents_at_meetings.count() <= 110
    assert story.gatherings["restitution"].attendances.count() > 30

    # A resident trying the demo finds a question open today, without an account.
    anonymous = Client()
    login_page = anonymous.get(reverse("login")).content.decode()
    assert reverse("avis:list") in login_page
    listed = anonymous.get(reverse("avis:list")).content.decode()
    assert story.open_consultation.title.replace("'", "&#x27;") in listed
    assert "Mieux vivre ensemble aux Montoires" not in listed  # closed in 1999
    form = anonymous.get(reverse("avis:go", args=[story.open_consultation.pk]), follow=True)
    assert form.status_code == 200


def test_demo_is_deterministic():
    def names() -> list[str]:
        # Anonymised people are named after their database id, which sequences do not repeat.
        people = Person.objects.order_by("pk").values_list("display_name", "anonymised_at")
        return [name if anonymised is None else "anonymised" for name, anonymised in people]

    with transaction.atomic():
        build_demo()
        first = names()
        transaction.set_rollback(True)
    assert not Person.objects.exists()
    build_demo()
    assert names() == first


def test_demo_command_loads_once_and_prints_logins(capsys):
    call_command("demo", "--if-empty")
    call_command("demo", "--if-empty")
    out = capsys.readouterr().out
    assert out.count("  admin ") == 2  # the login, once for each call that loads
    assert Person.objects.filter(kind="resident").count() == 120
