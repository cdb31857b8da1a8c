import datetime as dt

import pytest

from quartier.evaluation.indicators.handover import handover
from quartier.evaluation.indicators.scope import YEAR, Scope
from quartier.evaluation.testing import Town, on

pytestmark = pytest.mark.django_db


def test_handover_index_per_year(territory):
    town = Town(territory)
    # 2024: four sessions, a professional at three of them, residents ran one.
    town.gathering(on(2024, 1, 9), "Ana Ben", professionals="*Claire")
    town.gathering(on(2024, 2, 9), "Ana", professionals="Claire", facilitators="Ben")
    town.gathering(on(2024, 3, 9), "Ana", professionals="*Hugo Claire")
    town.gathering(on(2024, 4, 9), "Ana Ben")  # nobody noted as running it, no professional
    # 2025: residents alone twice, once with a professional in the room.
    town.gathering(on(2025, 1, 9), "Ana", facilitators="Ben")
    town.gathering(on(2025, 2, 9), "Cleo", facilitators="Ana")
    town.gathering(on(2025, 3, 9), "Cleo", facilitators="Ana", professionals="Claire")
    cancelled = town.gathering(on(2025, 4, 9), "Ana", facilitators="Ben")
    cancelled.cancelled_at = on(2025, 4, 1)
    cancelled.save()

    scope = Scope.of(dt.date(2024, 1, 1), dt.date(2025, 12, 31), YEAR)
    y2024, y2025 = handover(scope)
    assert (y2024.held, y2024.without_professional, y2024.facilitated_by_residents) == (4, 1, 1)
    assert (y2024.share_without_professional, y2024.share_facilitated_by_residents) == (25, 25)
    assert (y2025.held, y2025.without_professional, y2025.facilitated_by_residents) == (3, 2, 3)
    assert y2025.share_without_professional == 67


def test_no_gathering_means_no_share(territory):
    (row,) = handover(Scope.of(dt.date(2020, 1, 1), dt.date(2020, 12, 31), YEAR))
    assert (row.held, row.share_without_professional) == (0, None)
