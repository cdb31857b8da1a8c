"""The co-attendance network on hand-built gatherings: weights 1/(n−1), the minimum of shared
gatherings, people with no tie, bridges between groups."""

import datetime as dt

import pytest

from quartier.activities.models import Activity
from quartier.evaluation.indicators.network import network
from quartier.evaluation.indicators.scope import YEAR, Scope
from quartier.evaluation.models import Circle
from quartier.evaluation.testing import Town, on

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(territory):
    town = Town(territory)
    # A card table of 4 in 2024, then a crowd of 5 (n−1 = 4) in 2025, a pair in 2025.
    town.gathering(on(2024, 3, 1), "Ana Ben Cleo Dan", professionals="*Claire")
    town.gathering(on(2025, 3, 1), "Ana Ben Eve Fay Gil")
    town.gathering(on(2025, 4, 1), "Ana Ben")
    town.gathering(on(2025, 5, 1), "Hal")  # alone: no tie
    return town


def scope():
    return Scope.of(dt.date(2024, 1, 1), dt.date(2025, 12, 31), YEAR)


def test_each_shared_gathering_weighs_one_over_n_minus_one(town):
    graph = network(scope()).graph
    ana, ben, cleo, eve = (town.person(n).pk for n in ("Ana", "Ben", "Cleo", "Eve"))
    # Ana and Ben: 1/3 (table of 4) + 1/4 (five people) + 1/1 (the two of them).
    assert graph[ana][ben]["weight"] == pytest.approx(1 / 3 + 1 / 4 + 1)
    assert graph[ana][ben]["shared"] == 3
    assert graph[ana][cleo]["weight"] == pytest.approx(1 / 3)
    assert graph[ana][eve]["weight"] == pytest.approx(1 / 4)
    assert town.person("Claire").pk not in graph  # professionals are not in the network


def test_a_minimum_of_shared_gatherings_drops_weak_ties(town):
    result = network(scope(), min_shared=2)
    ana, ben = town.person("Ana").pk, town.person("Ben").pk
    assert {frozenset(e) for e in result.graph.edges()} == {frozenset((ana, ben))}
    assert len(result.isolated) == 6  # Cleo, Dan, Eve, Fay, Gil, Hal


def test_ties_per_person_and_people_with_no_tie_per_period(town):
    y2024, y2025 = network(scope()).periods
    assert (y2024.people, y2024.ties, y2024.isolated, y2024.ties_per_person) == (4, 6, 0, 3.0)
    # 2025: the five (10 ties, Ana–Ben among them), Hal alone.
    assert (y2025.people, y2025.ties, y2025.isolated) == (6, 10, 1)
    # New in 2025: the 10 ties of the five, less Ana–Ben who met in 2024.
    assert (y2024.new_ties, y2025.new_ties) == (6, 9)


def test_bridges_are_new_ties_between_a_circle_and_everyone_else(town, territory):
    circle = Circle.objects.create(name="Résidents du CADA", territory=territory)
    circle.members.add(town.person("Eve"), town.person("Fay"))
    result = network(scope())
    y2024, y2025 = result.periods
    assert y2024.bridges == 0
    # Eve and Fay each met Ana, Ben and Gil: 6 ties across; Eve–Fay is inside the circle.
    assert y2025.bridges == 6
    assert ("Autres rencontres", "Résidents du CADA", 6) in result.ties_between_groups()


def test_a_period_when_nobody_came_has_an_empty_network(town):
    result = network(Scope.of(dt.date(2020, 1, 1), dt.date(2021, 12, 31), YEAR))
    assert result.graph.number_of_nodes() == 0
    assert [(p.people, p.ties, p.isolated, p.new_ties) for p in result.periods] == [
        (0, 0, 0, 0)
    ] * 2


def test_out_of_any_circle_a_person_belongs_to_the_activity_they_came_to_most(territory):
    town = Town(territory)
    cards, cooking = (
        Activity.objects.create(
            name=name,
            territory=territory,
            rule="FREQ=WEEKLY",
            starts_on=dt.date(2025, 1, 1),
            start_time=dt.time(14),
            end_time=dt.time(16),
        )
        for name in ("Cartes", "Cuisine")
    )
    town.gathering(on(2025, 1, 6), "Ana Ben Fay", activity=cards)
    town.gathering(on(2025, 1, 13), "Ana Ben", activity=cards)
    town.gathering(on(2025, 1, 7), "Ana Cleo Fay", activity=cooking)
    town.gathering(on(2025, 1, 14), "Cleo", activity=cooking)
    town.gathering(on(2025, 1, 20), "Dan Eve")
    groups = network(scope()).groups
    named = {name: groups[town.person(name).pk] for name in ["Ana", "Ben", "Cleo", "Dan", "Fay"]}
    # Fay came once to each: the first by name.
    assert named == {
        "Ana": "Cartes",
        "Ben": "Cartes",
        "Cleo": "Cuisine",
        "Dan": "Autres rencontres",
        "Fay": "Cartes",
    }
