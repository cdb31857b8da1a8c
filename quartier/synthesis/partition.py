"""How many themes, and which: communities of a neighbour graph, at two levels.

Each sampled contribution is linked to its nearest neighbours (cosine in the feature space).
Louvain's modularity maximisation then groups them: it keeps merging groups while the links
inside them are denser than a random graph with the same degrees would give, and stops when a
further merge would join groups that are no more linked than chance: two vocabularies that
people do not mix. The number of themes comes from there, not from a range or a cap.

Then two rules a restitution needs, both in the same modularity terms:
- a group too small to stand as a theme (under MIN_SHARE of the rows) joins the group it is
  most linked to, where it shows as a sub-theme if it is distinct enough;
- more than MAX_THEMES groups (a dozen to read) are merged, the least costly merge first.
Inside a large theme the same method looks for sub-themes; they are kept only if they are
stable: run again on 80 % of the rows with another seed, the same split comes back (adjusted
Rand index).
"""

from __future__ import annotations

import math
import random
import threading

import numpy as np
from scipy import sparse
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import normalize

GRAPH_ROWS = 2_000  # rows of the sample the graph is built on: plenty to see a dozen themes
MAX_THEMES = 12
MIN_SHARE = 0.03  # a top-level theme holds at least this share of the rows...
MIN_ROWS = 8  # ...and at least this many: a theme is more than a handful of people
MAX_SUBTHEMES = 8
SUB_MIN_SHARE = 0.10  # a sub-theme holds at least this share of its theme...
SUB_MIN_ROWS = 8  # ...and at least this many
SUB_MIN_PARENT = 40  # smaller themes are not split
SUB_GRAPH_ROWS = 1_000  # rows of a theme its sub-themes are looked for in
SUB_STABILITY = 0.5  # mean adjusted Rand index with the resampled runs, to keep sub-themes
SUB_RESAMPLES = 2
RESAMPLE_SHARE = 0.8
_RANDOM = threading.Lock()


def neighbours(k_for: int) -> int:
    """Neighbours per row: about the square root of the rows, as for a kNN classifier."""
    return max(3, min(50, int(round(math.sqrt(k_for)))))


def knn_graph(points: np.ndarray, k: int) -> sparse.csr_matrix:
    """Symmetric graph linking each row to its k most similar rows, weighted by cosine."""
    n = len(points)
    k = min(k, n - 1)
    similarity = points @ points.T
    np.fill_diagonal(similarity, -np.inf)
    nearest = np.argpartition(-similarity, k - 1, axis=1)[:, :k]
    rows = np.repeat(np.arange(n), k)
    cols = nearest.ravel()
    weights = np.maximum(similarity[rows, cols], 1e-4)  # a neighbour is linked, even if barely
    graph = sparse.csr_matrix((weights, (rows, cols)), shape=(n, n))
    return graph.maximum(graph.T).tocsr()


def louvain(graph: sparse.csr_matrix, seed: int) -> np.ndarray:
    """Community of each node (0 = largest), deterministic for a seed (igraph's Louvain)."""
    import igraph

    upper = sparse.triu(graph, k=1).tocoo()
    network = igraph.Graph(
        n=graph.shape[0],
        edges=np.column_stack([upper.row, upper.col]),
        edge_attrs={"weight": upper.data},
    )
    # igraph draws from one process-wide generator: seed it for this call only.
    with _RANDOM:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            membership = network.community_multilevel(weights="weight").membership
        finally:
            igraph.set_random_number_generator(random)
    return _renumber(np.asarray(membership, dtype=np.int64))


def _links(graph: sparse.csr_matrix, labels: np.ndarray, k: int) -> np.ndarray:
    """k x k total edge weight between (and inside, on the diagonal) communities."""
    indicator = sparse.csr_matrix(
        (np.ones(len(labels)), (labels, np.arange(len(labels)))), shape=(k, len(labels))
    )
    return (indicator @ graph @ indicator.T).toarray()


def merge(
    graph: sparse.csr_matrix,
    labels: np.ndarray,
    points: np.ndarray,
    min_size: int,
    cap: int,
) -> np.ndarray:
    """Fold communities under min_size, then any beyond cap, into the best neighbour.

    The best neighbour is the one whose merge loses least modularity (or gains most):
    links between the two minus what their degrees would give at random.
    """
    labels = _renumber(labels)
    while True:
        k = int(labels.max()) + 1
        if k <= 1:
            return labels
        sizes = np.bincount(labels, minlength=k)
        links = _links(graph, labels, k)
        degree = links.sum(axis=1)
        total = max(degree.sum(), 1e-12)
        gain = links - np.outer(degree, degree) / total
        np.fill_diagonal(gain, -np.inf)
        small = [c for c in range(k) if sizes[c] < min_size]
        if small:
            source = min(small, key=lambda c: (sizes[c], c))
            row = gain[source]
            if not np.isfinite(row).any() or links[source].sum() - links[source, source] <= 0:
                # No link out: the nearest centre instead.
                centres = _centres(points, labels, k)
                similarity = centres @ centres[source]
                similarity[source] = -np.inf
                target = int(np.argmax(similarity))
            else:
                target = int(np.argmax(row))
        elif k > cap:
            source, target = np.unravel_index(int(np.argmax(gain)), gain.shape)
        else:
            return labels
        labels = _renumber(np.where(labels == source, target, labels))


def _renumber(labels: np.ndarray) -> np.ndarray:
    """0 for the largest community, then by size, ties by first row: stable across runs."""
    values, first, counts = np.unique(labels, return_index=True, return_counts=True)
    order = sorted(range(len(values)), key=lambda i: (-counts[i], first[i]))
    mapping = np.empty(int(values.max()) + 1, dtype=np.int64)
    for new, i in enumerate(order):
        mapping[values[i]] = new
    return mapping[labels]


def _centres(points: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    sums = np.zeros((k, points.shape[1]), dtype=np.float64)
    np.add.at(sums, labels, points)
    return normalize(sums).astype(np.float32)


def communities(points: np.ndarray, seed: int, min_size: int, cap: int) -> np.ndarray:
    graph = knn_graph(points, neighbours(len(points)))
    return merge(graph, louvain(graph, seed), points, min_size, cap)


def _sample(points: np.ndarray, rows: int, seed: int) -> np.ndarray:
    if len(points) <= rows:
        return points
    return points[np.sort(np.random.default_rng(seed).choice(len(points), rows, replace=False))]


def themes(points: np.ndarray, seed: int) -> np.ndarray:
    """Centres of the top-level themes found among `points` (unit rows)."""
    n = len(points)
    if n < 2 * MIN_ROWS:
        return _centres(points, np.zeros(n, dtype=np.int64), 1)
    points = _sample(points, GRAPH_ROWS, seed)
    min_size = max(MIN_ROWS, math.ceil(MIN_SHARE * len(points)))
    labels = communities(points, seed, min_size, MAX_THEMES)
    return _centres(points, labels, int(labels.max()) + 1)


def subthemes(points: np.ndarray, seed: int) -> np.ndarray | None:
    """Centres of the sub-themes of one theme's rows, or None if it holds no stable split.

    Stable: found again, much the same, on resampled rows (80 %, other seeds).
    """
    if len(points) < SUB_MIN_PARENT:
        return None
    points = _sample(points, SUB_GRAPH_ROWS, seed)
    n = len(points)
    min_size = max(SUB_MIN_ROWS, math.ceil(SUB_MIN_SHARE * n))
    labels = communities(points, seed, min_size, MAX_SUBTHEMES)
    if labels.max() < 1:
        return None
    rng = np.random.default_rng(seed)
    agreement = []
    for other_seed in range(seed + 1, seed + SUB_RESAMPLES + 1):
        rows = np.sort(rng.choice(n, int(RESAMPLE_SHARE * n), replace=False))
        size = max(SUB_MIN_ROWS, math.ceil(SUB_MIN_SHARE * len(rows)))
        again = communities(points[rows], other_seed, size, MAX_SUBTHEMES)
        agreement.append(adjusted_rand_score(labels[rows], again))
    if np.mean(agreement) < SUB_STABILITY:
        return None
    centres = _centres(points, labels, int(labels.max()) + 1)
    # Rows go to their nearest centre later: a sub-theme that would end up too small is not one.
    nearest = np.bincount((points @ centres.T).argmax(axis=1), minlength=len(centres))
    keep = nearest >= min_size
    return centres[keep] if keep.sum() >= 2 else None
