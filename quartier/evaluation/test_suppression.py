"""Suppression rules on tables with known answers."""

from quartier.evaluation.suppression import suppress


def test_cells_under_the_minimum_are_hidden_and_the_rest_shown():
    grid = suppress([[20, 30], [40, 50]], 11)
    assert grid.hidden == set()
    assert grid.values[2] == [60, 80, 140]  # the column totals and the grand total


def test_a_hidden_cell_that_a_total_would_give_away_hides_a_second_one():
    # Row 0: 5 would be 40 − 35 from its row total; column 0: 5 = 65 − 60.
    grid = suppress([[5, 35, 30], [60, 20, 40]], 11)
    assert (0, 0) in grid.hidden
    row0 = [p for p in grid.hidden if p[0] == 0]
    col0 = [p for p in grid.hidden if p[1] == 0]
    assert len(row0) >= 2 and len(col0) >= 2
    # No line (row or column, totals included) is left with a single hidden entry.
    height, width = len(grid.values), len(grid.values[0])
    for i in range(height):
        assert sum((i, j) in grid.hidden for j in range(width)) != 1
    for j in range(width):
        assert sum((i, j) in grid.hidden for i in range(height)) != 1


def test_the_second_hidden_cell_is_the_smallest_other_one_not_zero():
    grid = suppress([[3, 0, 12, 50], [40, 40, 40, 40], [40, 40, 40, 40]], 11)
    # In row 0 the smallest non-zero other cell is 12, not the zero.
    assert (0, 2) in grid.hidden and (0, 1) not in grid.hidden


def test_a_total_under_the_minimum_is_hidden_too():
    grid = suppress([[4, 3], [30, 40]], 11)
    assert (0, 2) in grid.hidden  # the row's total, 7 people
    assert grid.shown(1, 0) == 30 or (1, 0) in grid.hidden


def test_zeros_are_published():
    grid = suppress([[0, 20], [20, 20]], 11)
    assert grid.shown(0, 0) == 0
