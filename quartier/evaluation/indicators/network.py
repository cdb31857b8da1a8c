"""The co-attendance network: two people who came to the same gathering are tied; each shared
gathering adds 1/(n−1) to the tie, n being the number of people counted there (residents and
volunteers), so a crowd of 100 ties weakly and a card table of 4 strongly. A tie needs at
least `min_shared` shared gatherings.

The pairs and their weights are counted by the database (a self-join of the attendances,
grouped by period and pair); networkx then reads the graph: ties per person, people with no
tie, and bridges, ties between two groups (a `Circle` such as the asylum seekers' centre and
everyone else, or the people of one activity and of another) met for the first time in the
period.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import networkx as nx
from django.db.models import Count, F
from django.utils.translation import gettext as _

from quartier.evaluation.indicators import sql
from quartier.evaluation.indicators.scope import Period, Scope
from quartier.evaluation.models import Circle
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
    graph: nx.Graph
    periods: list[PeriodTies]
    groups: dict[int, str] = field(default_factory=dict)  # person id -> group label

    @property
    def isolated(self) -> list[int]:
        return sorted(n for n, degree in self.graph.degree() if degree == 0)

    def bridges(self) -> list[tuple[int, int]]:
        """Ties between people of two different groups."""
        return [(a, b) for a, b in self.graph.edges() if self.groups[a] != self.groups[b]]

    def ties_between_groups(self) -> list[tuple[str, str, int]]:
        counts = Counter(tuple(sorted((self.groups[a], self.groups[b]))) for a, b in self.bridges())
        return [(a, b, n) for (a, b), n in sorted(counts.items(), key=lambda i: (-i[1], i[0]))]


def _pairs(scope: Scope) -> list[tuple[int, int, int, int, float, dt.datetime]]:
    """(period, person a, person b with a < b, shared gatherings, weight, first shared) rows."""
    rows = (
        scope.attendances()
        .annotate(met_at=F("gathering__start"), period=scope.period_index("gathering__start"))
        .values("gathering_id", "person_id", "met_at", "period")
        .order_by()
    )
    inner, params = rows.query.sql_with_params()
    q = sql.q
    g, p = q("gathering_id"), q("person_id")
    query = (
        f"SELECT x.{q('period')}, x.{p}, y.{p}, COUNT(*), SUM(1.0 / (s.n - 1)), "  # noqa: S608
        f"MIN(x.{q('met_at')}) "
        f"FROM ({inner}) x JOIN ({inner}) y ON y.{g} = x.{g} AND x.{p} < y.{p} "
        f"JOIN (SELECT {g}, COUNT(*) AS n FROM ({inner}) r GROUP BY {g}) s ON s.{g} = x.{g} "
        f"GROUP BY x.{q('period')}, x.{p}, y.{p}"
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(query, (*params, *params, *params))
        return cursor.fetchall()


def groups_of(scope: Scope, people: set[int]) -> dict[int, str]:
    """Each person's group: the first circle they belong to, else the activity they came to
    most in the scope, else « autres rencontres »."""
    groups: dict[int, str] = {}
    circles = Circle.objects.all()
    if scope.territory is not None:
        circles = circles.filter(territory=scope.territory)
    for person_id, name in circles.order_by("name", "pk").values_list("members", "name"):
        if person_id in people:
            groups.setdefault(person_id, name)
    per_activity = (
        scope.attendances()
        .filter(gathering__activity_session__isnull=False)
        .values("person_id", name=F("gathering__activity_session__activity__name"))
        .annotate(n=Count("pk"))
        .order_by("person_id", "-n", "name")
    )
    for row in per_activity:
        groups.setdefault(row["person_id"], row["name"])
    other = _("Autres rencontres")
    return {person: groups.get(person, other) for person in people}


def network(scope: Scope, *, min_shared: int = 1) -> Network:
    present = (
        scope.attendances()
        .annotate(period=scope.period_index("gathering__start"))
        .values_list("period", "person_id")
        .order_by()
        .distinct()
    )
    people_by_period: dict[int, set[int]] = defaultdict(set)
    for index, person in present:
        people_by_period[index].add(person)
    everyone = set().union(*people_by_period.values()) if people_by_period else set()

    shared: Counter = Counter()
    weight: defaultdict[tuple[int, int], float] = defaultdict(float)
    first_met: dict[tuple[int, int], tuple[dt.datetime, int]] = {}
    per_period: defaultdict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for index, a, b, count, w, met in _pairs(scope):
        pair = (a, b)
        shared[pair] += count
        weight[pair] += float(w)  # PostgreSQL answers a numeric
        per_period[index].append((a, b, count))
        if pair not in first_met or (met, index) < first_met[pair]:
            first_met[pair] = (met, index)

    groups = groups_of(scope, everyone)
    graph = nx.Graph()
    graph.add_nodes_from(everyone)
    for pair, count in shared.items():
        if count >= min_shared:
            graph.add_edge(*pair, weight=weight[pair], shared=count)

    periods = []
    for index, period in enumerate(scope.periods):
        in_period = nx.Graph()
        in_period.add_nodes_from(people_by_period.get(index, ()))
        in_period.add_edges_from(
            (a, b) for a, b, count in per_period.get(index, ()) if count >= min_shared
        )
        new = [e for e in graph.edges() if first_met[_key(e)][1] == index]
        periods.append(
            PeriodTies(
                period=period,
                people=in_period.number_of_nodes(),
                ties=in_period.number_of_edges(),
                isolated=sum(1 for _n, d in in_period.degree() if d == 0),
                new_ties=len(new),
                bridges=sum(1 for a, b in new if groups[a] != groups[b]),
            )
        )
    return Network(graph=graph, periods=periods, groups=groups)


def _key(edge: tuple[int, int]) -> tuple[int, int]:
    a, b = edge
    return (a, b) if a < b else (b, a)


def names_of(ids: set[int] | list[int]) -> dict[int, str]:
    return dict(Person.objects.filter(pk__in=list(ids)).values_list("pk", "display_name"))
