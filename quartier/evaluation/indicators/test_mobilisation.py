"""Mobilisation on a handful of hand-built gatherings, with answers counted on paper."""

import datetime as dt

import pytest

from quartier.evaluation.indicators.mobilisation import mobilisation
from quartier.evaluation.indicators.scope import MONTH, QUARTER, YEAR, Scope
from quartier.evaluation.testing import Town, on
from quartier.gatherings.models import Gathering
from quartier.people.models import Person, Territory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 12, 31)


@pytest.fixture
def town(territory):
    town = Town(territory)
    # 2024: Ana and Ben start in January; Ana comes three times in the first quarter.
    town.gathering(on(2024, 1, 10), "Ana Ben")
    town.gathering(on(2024, 2, 5), "Ana")  # Ana back within 60 days, Ben never
    town.gathering(on(2024, 3, 20), "Ana Cleo", professionals="*Claire")
    # Cleo's next visit is 100 days later: not « back within 60 days ».
    town.gathering(on(2024, 6, 28), "Cleo Dan")
    town.gathering(on(2024, 7, 20), "Dan", kind=Gathering.Kind.EVENT)
    # 2025: only Ana, and Eve from another territory.
    other = Territory.objects.create(name="Ailleurs", slug="ailleurs", town="Gien")
    eve = Person.objects.create(display_name="Eve", territory=other)
    town.people["Eve"] = eve
    town.gathering(on(2025, 5, 1), "Ana Eve")
    town.person("Fay")  # a resident who never came
    return town


def test_participants_newcomers_and_regulars_per_quarter(town):
    scope = Scope.of(dt.date(2024, 1, 1), dt.date(2024, 12, 31), QUARTER, today=TODAY)
    rows = mobilisation(scope)
    assert [r.period.key for r in rows] == ["2024-T1", "2024-T2", "2024-T3", "2024-T4"]
    assert [r.participants for r in rows] == [3, 2, 1, 0]
    assert [r.newcomers for r in rows] == [3, 1, 0, 0]
    assert [r.regulars for r in rows] == [1, 0, 0, 0]  # Ana came three times in T1


def test_professionals_are_never_counted(town):
    rows = mobilisation(Scope.of(dt.date(2024, 3, 1), dt.date(2024, 3, 31), MONTH, today=TODAY))
    assert rows[0].participants == 2  # Ana and Cleo, not Claire


def test_retention_counts_newcomers_back_within_sixty_days(town):
    (first,) = mobilisation(
        Scope.of(dt.date(2024, 1, 1), dt.date(2024, 3, 31), QUARTER, today=TODAY)
    )
    # Ana (back 26 days later), Ben (never), Cleo (back 100 days later).
    assert (first.newcomers, first.newcomers_back, first.retention) == (3, 1, 33)
    (second,) = mobilisation(
        Scope.of(dt.date(2024, 4, 1), dt.date(2024, 6, 30), QUARTER, today=TODAY)
    )
    assert (second.newcomers, second.newcomers_back) == (1, 1)  # Dan back 22 days later


def test_a_newcomer_is_new_to_the_filtered_gatherings_only(town):
    scope = Scope.of(
        dt.date(2024, 1, 1), dt.date(2024, 12, 31), YEAR, kind=Gathering.Kind.EVENT, today=TODAY
    )
    (year,) = mobilisation(scope)
    assert (year.participants, year.newcomers) == (1, 1)


def test_reach_is_the_share_of_the_territorys_residents_who_came(town):
    scope = Scope.of(
        dt.date(2025, 1, 1), dt.date(2025, 12, 31), YEAR, territory=town.territory, today=TODAY
    )
    (year,) = mobilisation(scope)
    # Eve came to a gathering of this territory but lives elsewhere; 5 residents live here.
    assert year.participants == 2
    assert (year.residents_reached, year.residents, year.reach) == (1, 5, 20.0)
    assert year.newcomers == 1  # Eve; Ana came in 2024


def test_an_empty_period_has_zeros_and_no_rates(town):
    (row,) = mobilisation(Scope.of(dt.date(2023, 1, 1), dt.date(2023, 12, 31), today=TODAY))
    assert (row.participants, row.newcomers, row.regulars, row.retention) == (0, 0, 0, None)


def test_the_activity_filter_counts_its_sessions_only(town, territory):
    from quartier.activities.models import Activity, ActivitySession

    cooking = Activity.objects.create(
        name="Atelier cuisine",
        territory=territory,
        starts_on=dt.date(2024, 1, 1),
        start_time=dt.time(14),
        end_time=dt.time(16),
    )
    session = town.gathering(on(2024, 9, 3), "Ana Gus")
    ActivitySession.objects.create(gathering=session, activity=cooking)
    scope = Scope.of(
        dt.date(2024, 1, 1), dt.date(2024, 12, 31), YEAR, activity=cooking, today=TODAY
    )
    (year,) = mobilisation(scope)
    # Ana came to other gatherings before, but this is her first cooking session.
    assert (year.participants, year.newcomers) == (2, 2)


def test_back_on_the_sixtieth_day_counts_and_on_the_sixty_first_not(territory):
    town = Town(territory)
    town.gathering(on(2025, 11, 1), "Gus Hal")
    town.gathering(on(2025, 12, 31), "Gus")  # 60 days later, same hour
    town.gathering(on(2026, 1, 1), "Hal")  # 61 days later
    (row,) = mobilisation(Scope.of(dt.date(2025, 1, 1), dt.date(2025, 12, 31), YEAR))
    assert (row.newcomers, row.newcomers_back) == (2, 1)
