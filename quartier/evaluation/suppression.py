"""Statistical disclosure control for a published table of counts of people: no cell below the
smallest publishable count (primary suppression), and no hidden cell that could be recomputed
from the totals published beside it (secondary suppression).

The table is a grid of additive counts with its row totals, column totals and grand total. Each
row, each column, the totals row and the totals column are « lines » whose entries add up: a
line with exactly one hidden entry gives it away (total minus the others), so a second entry of
that line is hidden, the smallest one that is not zero (hiding a zero protects nothing: a
reader who sees one hidden cell beside a hidden zero still knows their sum). Repeated until no
line has a single hidden entry. Plain Python, no Django: tested on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Position = tuple[int, int]


@dataclass
class Grid:
    """`cells[i][j]` with totals: row i's total at (i, n), column j's at (m, j), grand at (m, n)."""

    values: list[list[int]]
    hidden: set[Position]

    def shown(self, i: int, j: int) -> int | None:
        return None if (i, j) in self.hidden else self.values[i][j]


def with_totals(cells: Sequence[Sequence[int]]) -> list[list[int]]:
    rows = [list(row) + [sum(row)] for row in cells]
    width = len(rows[0]) if rows else 1
    rows.append([sum(row[j] for row in rows) for j in range(width)])
    return rows


def _lines(height: int, width: int) -> list[list[Position]]:
    rows = [[(i, j) for j in range(width)] for i in range(height)]
    columns = [[(i, j) for i in range(height)] for j in range(width)]
    return rows + columns


def suppress(cells: Sequence[Sequence[int]], minimum: int) -> Grid:
    """The table with its totals and the positions to hide."""
    values = with_totals(cells)
    height, width = len(values), len(values[0])
    hidden = {(i, j) for i in range(height) for j in range(width) if 0 < values[i][j] < minimum}
    lines = _lines(height, width)
    changed = True
    while changed:
        changed = False
        for line in lines:
            secret = [p for p in line if p in hidden]
            if len(secret) != 1:
                continue
            candidates = [p for p in line if p not in hidden]
            if not candidates:
                continue
            nonzero = [p for p in candidates if values[p[0]][p[1]] > 0]
            pool = nonzero or candidates
            hidden.add(min(pool, key=lambda p: (values[p[0]][p[1]], p)))
            changed = True
    return Grid(values, hidden)
