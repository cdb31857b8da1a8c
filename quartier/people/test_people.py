import pytest

from quartier.core.text import fold
from quartier.people.models import Person, User
from quartier.people.services import find_similar_people, names_look_alike, search_people

pytestmark = pytest.mark.django_db


def test_fold_ignores_accents_case_and_spacing():
    assert fold("  Élodie   MARTIN ") == "elodie martin"
    assert fold("Aïcha Benali") == "aicha benali"


def test_person_keeps_a_folded_search_name():
    person = Person.objects.create(display_name="  Aïcha   Benali ")
    assert person.display_name == "Aïcha Benali"
    assert person.search_name == "aicha benali"


def test_search_matches_every_typed_word_without_accents():
    aicha = Person.objects.create(display_name="Aïcha Benali")
    Person.objects.create(display_name="Aurélie Benoît")
    assert list(search_people("aicha ben")) == [aicha]
    assert set(search_people("ben")) == set(Person.objects.all())


@pytest.mark.parametrize(
    ("a", "b", "alike"),
    [
        ("Aïcha Benali", "aicha benali", True),
        ("Benali Aïcha", "Aïcha Benali", True),
        ("Aicha Benalli", "Aïcha Benali", True),
        ("Aïcha Benali", "Karim Benali", False),
        ("", "Karim", False),
    ],
)
def test_names_look_alike(a, b, alike):
    assert names_look_alike(a, b) is alike


def test_similar_people_are_found_before_creating_a_twin():
    aicha = Person.objects.create(display_name="Aïcha Benali")
    Person.objects.create(display_name="Karim Ouali")
    assert find_similar_people("Aicha Benalli") == [aicha]
    assert find_similar_people("Zoé Nouvelle") == []


@pytest.mark.parametrize(
    ("role", "can_list", "can_add", "can_see_contact"),
    [
        (User.Role.ADMINISTRATOR, True, True, True),
        (User.Role.PROFESSIONAL, True, True, True),
        (User.Role.VOLUNTEER, True, True, True),
        (User.Role.RESIDENT, False, False, False),
    ],
)
def test_people_permissions_by_role(role, can_list, can_add, can_see_contact):
    from quartier.testing.factories import make_user

    user = make_user(role)
    assert user.has_perm("people.list_person") is can_list
    assert user.has_perm("people.add_person") is can_add
    assert user.has_perm("people.view_contact") is can_see_contact


def test_a_resident_sees_their_own_record_only():
    from quartier.testing.factories import make_user

    me = Person.objects.create(display_name="Karim Ouali")
    other = Person.objects.create(display_name="Aïcha Benali")
    user = make_user(User.Role.RESIDENT, person=me)
    assert user.has_perm("people.view_person", me)
    assert not user.has_perm("people.view_person", other)


def test_passwords_are_hashed_with_argon2():
    from quartier.testing.factories import make_user

    assert make_user().password.startswith("argon2")
