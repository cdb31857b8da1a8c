import datetime as dt

import pytest
from django.utils import timezone
from icalendar import Calendar

from quartier.gatherings.calendar import feed_for
from quartier.gatherings.models import Attendance, Gathering
from quartier.gatherings.services import record_attendance, regulars_for, upcoming
from quartier.people.models import Person

pytestmark = pytest.mark.django_db


def make_gathering(territory, days_from_now=0, kind=Gathering.Kind.PUBLIC_MEETING, **extra):
    return Gathering.objects.create(
        kind=kind,
        title=extra.pop("title", "Réunion publique"),
        start=timezone.now() + dt.timedelta(days=days_from_now),
        territory=territory,
        **extra,
    )


def test_a_typed_name_that_matches_one_person_records_them(territory):
    gathering = make_gathering(territory)
    aicha = Person.objects.create(display_name="Aïcha Benali")
    outcome = record_attendance(gathering, name="aicha benali")
    assert outcome.attendance.person == aicha
    assert not outcome.created_person


def test_an_unknown_name_creates_a_newcomer_first_met_that_day(territory):
    gathering = make_gathering(territory)
    outcome = record_attendance(gathering, name="  Zoé   Nouvelle ")
    assert outcome.created_person
    person = outcome.attendance.person
    assert person.display_name == "Zoé Nouvelle"
    assert person.territory == territory
    assert person.first_met_on == timezone.localtime(gathering.start).date()


def test_a_look_alike_name_records_nothing_until_confirmed(territory):
    gathering = make_gathering(territory)
    aicha = Person.objects.create(display_name="Aïcha Benali")
    outcome = record_attendance(gathering, name="Aicha Benalli")
    assert outcome.attendance is None
    assert outcome.choices == [aicha]
    assert "nom proche" in outcome.message
    assert not Attendance.objects.exists()
    confirmed = record_attendance(gathering, name="Aicha Benalli", confirm_new=True)
    assert confirmed.created_person
    assert Person.objects.count() == 2


def test_recording_someone_twice_keeps_one_attendance(territory):
    gathering = make_gathering(territory)
    aicha = Person.objects.create(display_name="Aïcha Benali")
    record_attendance(gathering, person=aicha)
    again = record_attendance(gathering, person=aicha, role=Attendance.Role.FACILITATOR)
    assert again.already_present
    assert Attendance.objects.filter(gathering=gathering).count() == 1


def test_an_empty_name_is_refused(territory):
    outcome = record_attendance(make_gathering(territory), name="   ")
    assert outcome.attendance is None
    assert not Person.objects.exists()


def test_regulars_are_those_who_came_twice_recently_plus_those_recorded(territory):
    past = [make_gathering(territory, days_from_now=-d) for d in (60, 30)]
    older = make_gathering(territory, days_from_now=-800)
    other_kind = make_gathering(territory, days_from_now=-10, kind=Gathering.Kind.EVENT)
    regular = Person.objects.create(display_name="Régulière")
    once = Person.objects.create(display_name="Une fois")
    long_ago = Person.objects.create(display_name="Il y a longtemps")
    present = Person.objects.create(display_name="Déjà là")
    for gathering in past:
        Attendance.objects.create(gathering=gathering, person=regular)
    Attendance.objects.create(gathering=past[0], person=once)
    Attendance.objects.create(gathering=older, person=long_ago)
    Attendance.objects.create(gathering=past[0], person=long_ago)
    Attendance.objects.create(gathering=other_kind, person=once)
    today = make_gathering(territory)
    Attendance.objects.create(gathering=today, person=present)
    assert regulars_for(today) == [present, regular]


def test_upcoming_lists_future_gatherings_soonest_first(territory):
    later = make_gathering(territory, days_from_now=10)
    sooner = make_gathering(territory, days_from_now=2)
    make_gathering(territory, days_from_now=-3)
    assert list(upcoming()) == [sooner, later]


def test_end_before_start_is_invalid(territory):
    from django.core.exceptions import ValidationError

    gathering = make_gathering(territory)
    gathering.end = gathering.start - dt.timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        gathering.full_clean()
    assert "La fin doit être après le début." in str(error.value)


def test_ical_feed_carries_time_and_place_but_no_attendee(territory):
    gathering = make_gathering(territory, days_from_now=3, title="Atelier cuisine", place="Local C")
    Attendance.objects.create(
        gathering=gathering, person=Person.objects.create(display_name="Aïcha Benali")
    )
    feed = feed_for([gathering], name="Les Montoires", base_url="http://example.org/")
    assert b"Aicha" not in feed and "Aïcha".encode() not in feed
    events = Calendar.from_ical(feed).walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["summary"]) == "Atelier cuisine"
    assert str(events[0]["location"]) == "Local C"
    assert events[0].decoded("dtstart") == gathering.start.replace(microsecond=0)


def test_a_bare_first_name_offers_the_choice_and_never_creates_silently(territory):
    gathering = make_gathering(territory)
    aicha = Person.objects.create(display_name="Aïcha Benali")
    outcome = record_attendance(gathering, name="aicha")
    assert outcome.attendance is None and outcome.choices == [aicha]
    assert Person.objects.count() == 1
    confirmed = record_attendance(gathering, name="Aïcha", confirm_new=True)
    assert confirmed.created_person and Person.objects.count() == 2


def test_a_bare_name_matching_one_person_exactly_still_asks_when_others_carry_it(territory):
    gathering = make_gathering(territory)
    just_aicha = Person.objects.create(display_name="Aïcha")
    benali = Person.objects.create(display_name="Aïcha Benali")
    outcome = record_attendance(gathering, name="Aïcha")
    assert outcome.attendance is None
    assert outcome.choices == [just_aicha, benali]  # the exact match first


def test_a_word_several_people_carry_makes_a_name_ambiguous(territory):
    gathering = make_gathering(territory)
    benali = Person.objects.create(display_name="Aïcha Benali")
    traore = Person.objects.create(display_name="Aïcha Traoré")
    Person.objects.create(display_name="Karim Ouali")
    outcome = record_attendance(gathering, name="Aïcha Diallo")
    assert set(outcome.choices) == {benali, traore}
    # An initial narrows it down to the one it fits.
    assert record_attendance(gathering, name="Aïcha B.").choices == [benali]


def test_names_that_fit_no_one_still_create_a_newcomer_at_once(territory):
    gathering = make_gathering(territory)
    Person.objects.create(display_name="Karim Diallo")
    Person.objects.create(display_name="Aïcha de la Fontaine")
    Person.objects.create(display_name="Marc de Vries")
    assert record_attendance(gathering, name="Karim Ouali").created_person
    assert record_attendance(gathering, name="Jean de Lattre").created_person


def test_a_full_name_typed_exactly_is_recorded_even_if_others_share_its_first_name(territory):
    gathering = make_gathering(territory)
    benali = Person.objects.create(display_name="Aïcha Benali")
    Person.objects.create(display_name="Aïcha Traoré")
    outcome = record_attendance(gathering, name="aicha benali")
    assert outcome.attendance.person == benali


def test_anonymised_records_are_never_offered(territory):
    gathering = make_gathering(territory)
    Person.objects.create(display_name="Aïcha Benali", anonymised_at=timezone.now())
    assert record_attendance(gathering, name="Aïcha").created_person
