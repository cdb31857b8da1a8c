"""The co-attendance network: two people who came to the same gathering are tied; each shared
gathering adds 1/(n−1) to the tie, n being the number of people counted there (residents and
volunteers), so a crowd of 100 ties weakly and a card table of 4 strongly. A tie needs at
least `min_shared` shared gatherings.

The database gives who came to which gathering in the scope (one row per attendance, read
from the attendance index). The pairs are then counted as a product of sparse matrices
(people × gatherings, scipy): the shared gatherings of every pair are C = B·Bᵀ and their
weights B·diag(1/(n−1))·Bᵀ, per period, in compiled code; neither the database nor a Python
loop goes through the hundreds of thousands of pairs one by one. networkx then reads the
graph: ties per person, people with no tie, and bridges, ties between two groups (a `Circle`
such as the asylum seekers' centre and everyone else, or the people of one activity and of
another) met for the first time in the period.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain

import networkx as nx
import numpy as np
from django.utils.translation import gettext as _
from scipy import sparse

from quartier.evaluation.indicators import sql
from quartier.evaluation.indicators.scope import COUNTED_KINDS, Period, Scope
from quartier.evaluation.models import Circle
from quartier.gatherings.models import Attendance
from quartier.people.models import Person


@dataclass
class PeriodTies:
    period: Period
    people: int = 0
    ties: int = 0
    isolated: int = 0
    new_ties: int = 0
    bridges: int = 0

    @property
    def ties_per_person(self) -> float:
        return round(2 * self.ties / self.people, 1) if self.people else 0.0


@dataclass
class Network:
    """Everyone who came (`people`, sorted ids) and their ties (`a` < `b`, aligned arrays):
    at full size a few hundred thousand ties, so degrees, isolated people and bridges are read
    from the arrays; the networkx graph is built when asked for (`graph`, `subgraph`)."""

    people: np.ndarray
    a: np.ndarray
    b: np.ndarray
    weight: np.ndarray
    shared: np.ndarray
    periods: list[PeriodTies]
    groups: dict[int, str] = field(default_factory=dict)  # person id -> group label

    @cached_property
    def graph(self) -> nx.Graph:
        return self.subgraph(self.people)

    def subgraph(self, people) -> nx.Graph:
        """The graph of `people` and the ties between them."""
        chosen = np.asarray(sorted(int(pk) for pk in people), dtype=np.int64)
        inside = np.isin(self.a, chosen) & np.isin(self.b, chosen)
        graph = nx.Graph()
        graph.add_nodes_from(int(pk) for pk in chosen)
        graph.add_edges_from(
            (int(a), int(b), {"weight": float(w), "shared": int(n)})
            for a, b, w, n in zip(
                self.a[inside],
                self.b[inside],
                self.weight[inside],
                self.shared[inside],
                strict=True,
            )
        )
        return graph

    @cached_property
    def _degrees(self) -> np.ndarray:
        at = np.concatenate(
            [np.searchsorted(self.people, self.a), np.searchsorted(self.people, self.b)]
        )
        return np.bincount(at, minlength=len(self.people))

    def most_tied(self, count: int) -> list[tuple[int, int]]:
        """(person id, ties) of the `count` people with the most ties, then by id."""
        order = np.lexsort((self.people, -self._degrees))[:count]
        return [(int(self.people[i]), int(self._degrees[i])) for i in order]

    @property
    def isolated(self) -> list[int]:
        return [int(pk) for pk in self.people[self._degrees == 0]]

    @cached_property
    def _group_codes(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(group names, code of each tie's a, code of each tie's b)."""
        names, codes = np.unique(
            np.array([self.groups[int(pk)] for pk in self.people], dtype=object).astype(str),
            return_inverse=True,
        )
        at = np.searchsorted(self.people, self.a), np.searchsorted(self.people, self.b)
        return names, codes[at[0]], codes[at[1]]

    @property
    def across(self) -> np.ndarray:
        """For each tie, whether it joins two different groups."""
        _names, a_group, b_group = self._group_codes
        return a_group != b_group

    def bridges(self) -> list[tuple[int, int]]:
        """Ties between people of two different groups."""
        across = self.across
        return list(zip(self.a[across].tolist(), self.b[across].tolist(), strict=True))

    def ties_between_groups(self) -> list[tuple[str, str, int]]:
        names, a_group, b_group = self._group_codes
        across = self.across
        low, high = np.minimum(a_group, b_group)[across], np.maximum(a_group, b_group)[across]
        pairs, counts = np.unique(np.stack([low, high]), axis=1, return_counts=True)
        rows = [
            (str(names[i]), str(names[j]), int(n))
            for (i, j), n in zip(pairs.T.tolist(), counts.tolist(), strict=True)
        ]
        return sorted(rows, key=lambda row: (-row[2], row[0], row[1]))


@dataclass
class _Pairs:
    """Every pair (a < b) who shared a gathering, as aligned arrays."""

    a: np.ndarray  # person ids
    b: np.ndarray
    shared: np.ndarray  # shared gatherings over the scope
    weight: np.ndarray  # sum of 1/(n−1) over them
    first_period: np.ndarray  # index of the period of their first shared gathering
    per_period: list[sparse.csr_matrix]  # shared gatherings per period (upper triangle)
    present: list[np.ndarray]  # per period, the positions of the people who came
    people: np.ndarray  # position -> person id
    incidence: sparse.csr_matrix  # people × gatherings, 1 where the person came
    gathering_positions: dict[int, int]  # gathering id -> column of `incidence`


def _pairs(scope: Scope) -> _Pairs:
    held = scope.gatherings()
    period_by_gathering = dict(
        held.annotate(period=scope.period_index("start")).values_list("pk", "period").order_by()
    )
    # Who came where, from the attendance index by gathering and kind alone, as plain tuples
    # from the cursor: no field conversion row by row for half a million rows.
    attendances = Attendance.objects.filter(
        gathering__in=held.values("pk"), person_kind__in=COUNTED_KINDS
    ).values("person_id", "gathering_id")
    columns = ", ".join(sql.q(name) for name in ("person_id", "gathering_id"))
    fetched = sql.over(attendances, columns)
    rows = np.fromiter(chain.from_iterable(fetched), dtype=np.int64, count=2 * len(fetched))
    rows = rows.reshape(-1, 2)
    people, person_at = np.unique(rows[:, 0], return_inverse=True)
    gatherings, gathering_at = np.unique(rows[:, 1], return_inverse=True)
    period_of = np.array([period_by_gathering[pk] for pk in gatherings.tolist()], dtype=np.int64)
    incidence = sparse.csr_matrix(
        (np.ones(len(rows)), (person_at, gathering_at)), shape=(len(people), len(gatherings))
    )
    counted = np.asarray(incidence.sum(axis=0)).ravel()
    tie_weight = np.divide(1.0, counted - 1, out=np.zeros_like(counted), where=counted > 1)
    weight = sparse.triu(incidence @ sparse.diags(tie_weight) @ incidence.T, k=1).tocsr()

    total = sparse.csr_matrix((len(people), len(people)))
    first = sparse.csr_matrix((len(people), len(people)))
    per_period, present = [], []
    for index in range(len(scope.periods)):
        in_period = incidence[:, np.flatnonzero(period_of == index)]
        shared = sparse.triu(in_period @ in_period.T, k=1).tocsr()
        # Pairs met for the first time in this period: index + 1 where none was seen before.
        new = shared.astype(bool).astype(np.int64) - total.astype(bool).multiply(
            shared.astype(bool)
        )
        first = first + new * (index + 1)
        total = total + shared
        per_period.append(shared)
        present.append(np.flatnonzero(np.asarray(in_period.sum(axis=1)).ravel()))
    total, first = total.tocoo(), first.tocsr()
    return _Pairs(
        a=people[total.row],
        b=people[total.col],
        shared=total.data.astype(np.int64),
        weight=_at(weight, total.row, total.col),
        first_period=_at(first, total.row, total.col).astype(np.int64) - 1,
        per_period=per_period,
        present=present,
        people=people,
        incidence=incidence,
        gathering_positions={int(pk): at for at, pk in enumerate(gatherings)},
    )


def _at(matrix: sparse.csr_matrix, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """The matrix's values at (rows[i], columns[i]), as a flat array (empty for no pair)."""
    if not len(rows):
        return np.zeros(0)
    return np.asarray(matrix[rows, columns]).ravel()


def groups_of(scope: Scope, pairs: _Pairs) -> dict[int, str]:
    """Each person's group: the first circle they belong to, else the activity they came to
    most in the scope (the first by name among equals), else « autres rencontres »."""
    people = {int(pk) for pk in pairs.people}
    groups: dict[int, str] = {}
    circles = Circle.objects.all()
    if scope.territory is not None:
        circles = circles.filter(territory=scope.territory)
    for person_id, name in circles.order_by("name", "pk").values_list("members", "name"):
        if person_id in people:
            groups.setdefault(person_id, name)
    # Visits per person and activity: the attendance matrix times gathering -> activity.
    sessions = [
        (gathering, name)
        for gathering, name in scope.gatherings()
        .filter(activity_session__isnull=False)
        .values_list("pk", "activity_session__activity__name")
        .order_by()
        if gathering in pairs.gathering_positions
    ]
    if sessions:
        names = sorted({name for _gathering, name in sessions})
        column = {name: at for at, name in enumerate(names)}
        of_activity = sparse.csr_matrix(
            (
                np.ones(len(sessions)),
                (
                    [pairs.gathering_positions[gathering] for gathering, _name in sessions],
                    [column[name] for _gathering, name in sessions],
                ),
            ),
            shape=(pairs.incidence.shape[1], len(names)),
        )
        visits = (pairs.incidence @ of_activity).toarray()
        most = visits.argmax(axis=1)  # the first of equal counts: names are sorted
        for at, pk in enumerate(pairs.people):
            if visits[at, most[at]] > 0:
                groups.setdefault(int(pk), names[most[at]])
    other = _("Autres rencontres")
    return {person: groups.get(person, other) for person in people}


def network(scope: Scope, *, min_shared: int = 1) -> Network:
    pairs = _pairs(scope)
    kept = pairs.shared >= min_shared
    result = Network(
        people=pairs.people,
        a=pairs.a[kept],
        b=pairs.b[kept],
        weight=pairs.weight[kept],
        shared=pairs.shared[kept],
        periods=[],
        groups=groups_of(scope, pairs),
    )
    # A tie is new in the period of its first shared gathering; a bridge if it joins groups.
    first, across = pairs.first_period[kept], result.across
    for index, period in enumerate(scope.periods):
        shared = pairs.per_period[index]
        ties = shared.multiply(shared >= min_shared).tocoo()
        tied = np.union1d(ties.row, ties.col)
        came = pairs.present[index]
        result.periods.append(
            PeriodTies(
                period=period,
                people=len(came),
                ties=ties.nnz,
                isolated=len(np.setdiff1d(came, tied)),
                new_ties=int(np.count_nonzero(first == index)),
                bridges=int(np.count_nonzero(across & (first == index))),
            )
        )
    return result


def names_of(ids: set[int] | list[int]) -> dict[int, str]:
    return dict(Person.objects.filter(pk__in=list(ids)).values_list("pk", "display_name"))
