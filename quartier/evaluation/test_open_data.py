"""The open-data table on hand-built attendance: months, small activities merged, no published
cell under the minimum, secondary suppression."""

import datetime as dt

import pytest

from quartier.activities.models import Activity, ActivitySession
from quartier.evaluation.open_data import SECRET, open_table
from quartier.evaluation.testing import Town, on

pytestmark = pytest.mark.django_db


def session(town, activity, when, count, prefix):
    gathering = town.gathering(when, " ".join(f"{prefix}{i}" for i in range(count)))
    ActivitySession.objects.create(gathering=gathering, activity=activity)


@pytest.fixture
def town(territory):
    town = Town(territory)
    kw = dict(
        territory=territory,
        starts_on=dt.date(2024, 1, 1),
        start_time=dt.time(14),
        end_time=dt.time(16),
    )
    cooking = Activity.objects.create(name="Atelier cuisine", **kw)
    cards = Activity.objects.create(name="Cartes", **kw)
    sewing = Activity.objects.create(name="Couture", **kw)
    tiny = Activity.objects.create(name="Échecs", **kw)
    session(town, cooking, on(2024, 1, 9), 15, "c")
    session(town, cooking, on(2024, 2, 6), 5, "c")  # 5 people in February: hidden
    session(town, cards, on(2024, 1, 10), 20, "k")
    session(town, cards, on(2024, 2, 7), 20, "k")
    session(town, sewing, on(2024, 1, 11), 30, "s")
    session(town, sewing, on(2024, 2, 8), 30, "s")
    session(town, tiny, on(2024, 2, 1), 3, "e")  # 3 people all year: merged
    return town


def test_months_not_dates_and_small_activities_merged(town):
    table = open_table(2024)
    assert table.months[:2] == ["2024-01", "2024-02"] and len(table.months) == 12
    assert table.groups == ["Atelier cuisine", "Cartes", "Couture", "Autres activités"]


def test_no_published_cell_under_eleven_and_the_hidden_one_cannot_be_recomputed(town):
    rows = {row[0]: row[1:] for row in open_table(2024).rows()}
    published = [v for row in rows.values() for v in row if v != SECRET]
    assert all(v == 0 or v >= 11 for v in published)
    assert rows["Atelier cuisine"][1] == SECRET  # February, 5 people
    # Cooking's year total (20) would give February away: a second cell of the row is hidden.
    assert sum(v == SECRET for v in rows["Atelier cuisine"]) >= 2
    # February's column total would too: a second cell of the column is hidden.
    february = [row[1] for row in rows.values()]
    assert sum(v == SECRET for v in february) >= 2


def test_the_minimum_is_a_setting(town, settings):
    settings.QUARTIER_MIN_COUNT = 3
    table = open_table(2024)
    assert "Échecs" in table.groups
    assert dict((r[0], r[1:]) for r in table.rows())["Atelier cuisine"][1] == 5
