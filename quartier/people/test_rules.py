"""The object-level rule of people at its edges: a resident with an account reads their own
record, no one else's, and changes nothing, not even their own."""

import pytest
from django.contrib.auth.models import AnonymousUser

from quartier.people.models import Person
from quartier.testing.factories import make_user

pytestmark = pytest.mark.django_db

TEAM_PERMS = [
    "people.list_person",
    "people.change_person",
    "people.view_contact",
    "people.manage_consent",
]


@pytest.fixture
def aicha_account(aicha):
    return make_user("resident", username="aicha", person=aicha)


def test_a_resident_reads_their_own_record_and_changes_nothing(aicha, aicha_account):
    assert aicha_account.has_perm("people.view_person", aicha)
    assert not any(aicha_account.has_perm(perm, aicha) for perm in TEAM_PERMS)


def test_a_resident_reads_no_other_record(aicha_account, territory):
    karim = Person.objects.create(display_name="Karim Ouali", territory=territory)
    assert not aicha_account.has_perm("people.view_person", karim)
    assert not aicha_account.has_perm("people.view_person", None)


def test_an_account_without_a_record_or_no_account_reads_none(aicha):
    for user in (make_user("resident", username="sans-fiche"), AnonymousUser()):
        assert not user.has_perm("people.view_person", aicha)


def test_the_team_reads_and_changes_every_record(aicha):
    for role in ("administrator", "professional", "volunteer"):
        user = make_user(role, username=f"{role}-team")
        assert user.has_perm("people.view_person", aicha), role
        assert all(user.has_perm(perm, aicha) for perm in TEAM_PERMS), role
