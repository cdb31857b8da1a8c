"""Who stopped coming: the usual-gap rule, the minimum absence, consent, the ranking."""

import datetime as dt

import pytest

from quartier.evaluation.follow_up import people_to_call, record_note
from quartier.evaluation.testing import Town, on
from quartier.people.models import Consent

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 30)


def consent(person, withdrawn_on=None):
    Consent.objects.create(
        person=person, purpose=Consent.Purpose.CONTACT, means="oral", withdrawn_on=withdrawn_on
    )


@pytest.fixture
def town(territory):
    town = Town(territory)
    # Weekly: Ana, 4 visits a week apart, last 1 June (29 days ago): usual gap 7 days.
    for day in (11, 18, 25):
        town.gathering(on(2025, 5, day), "Ana")
    town.gathering(on(2025, 6, 1), "Ana")
    # Monthly: Ben, last visit 1 May (60 days ago), usual gap about 30 days: 2 gaps absent.
    for month in (2, 3, 4, 5):
        town.gathering(on(2025, month, 1), "Ben")
    # Every three months: Cleo, last visit 1 May, usual gap about 90 days: not overdue yet.
    for year, month in ((2024, 11), (2025, 2), (2025, 5)):
        town.gathering(on(year, month, 1), "Cleo")
    # Dan came twice only: not a regular.
    town.gathering(on(2025, 1, 2), "Dan")
    town.gathering(on(2025, 1, 9), "Dan")
    # Eve, weekly then gone since March, withdrew her consent to be called.
    for day in (1, 8, 15):
        town.gathering(on(2025, 3, day), "Eve")
    for name in ("Ana", "Ben", "Cleo", "Dan"):
        consent(town.person(name))
    consent(town.person("Eve"), withdrawn_on=dt.date(2025, 4, 1))
    return town


def test_regulars_absent_longer_than_their_usual_gap_are_listed_most_overdue_first(town):
    absent = people_to_call(min_weeks=2, today=TODAY)
    assert [a.person.display_name for a in absent] == ["Ana", "Ben"]
    ana, ben = absent
    assert (ana.visits, ana.usual_gap_days, ana.absent_days) == (4, 7, 29)
    assert ben.usual_gap_days == 30
    assert ana.overdue > ben.overdue


def test_the_minimum_absence_in_weeks_applies_too(town):
    assert [a.person.display_name for a in people_to_call(min_weeks=6, today=TODAY)] == ["Ben"]
    assert people_to_call(min_weeks=10, today=TODAY) == []


def test_people_without_an_active_consent_to_be_called_are_never_listed(town):
    names = {a.person.display_name for a in people_to_call(min_weeks=1, today=TODAY)}
    assert "Eve" not in names
    consent(town.person("Eve"))
    names = {a.person.display_name for a in people_to_call(min_weeks=1, today=TODAY)}
    assert "Eve" in names


def test_the_last_call_is_shown_beside_the_person(town, professional):
    ben = town.person("Ben")
    record_note(ben, noted_on=dt.date(2025, 6, 1), reached=False, note="", recorded_by=None)
    record_note(
        ben,
        noted_on=dt.date(2025, 6, 20),
        reached=True,
        note="Opéré du genou, revient en septembre.",
        recorded_by=professional,
    )
    (entry,) = [a for a in people_to_call(min_weeks=2, today=TODAY) if a.person == ben]
    assert entry.last_note.reached and "genou" in entry.last_note.note
