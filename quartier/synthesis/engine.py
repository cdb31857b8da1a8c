"""Group French contributions into themes, and large themes into sub-themes.

Pipeline (why each step):
1. Words (lexicon.py): spaCy runs on a bounded sample only; a Lexicon keeps what it learnt per
   word form, the noun phrases people wrote and the words' vectors, and maps every row (sample
   or not) to lemmas with look-ups, folding accents and typos.
2. Space (features.py): TF-IDF over lemmas and lemma pairs, made denser by LSA, beside the
   mean word vector of the text.
3. Themes (partition.py): communities of a neighbour graph over the sample (Louvain's
   modularity says how many); small ones join their best neighbour, a dozen at most. Inside
   each large theme, the same on its rows gives sub-themes, kept only if stable.
4. Every row is then assigned in streamed chunks to its nearest theme centre, and inside it to
   its nearest sub-theme centre; rows with no meaningful word or too far from every centre go
   to "other" with a reason.
5. Description (describe.py, quotes.py): keywords, a noun-phrase label and short quotes per
   theme and sub-theme.
Everything is seeded, and inputs are processed in order, so a run is reproducible.
"""

from __future__ import annotations

import math
import os
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from . import describe, partition, quotes
from .features import Space, tokens_of
from .lexicon import DEFAULT_MODEL, Lexicon, fold, words

Progress = Callable[[float, str], None]

SAMPLE_SIZE = 30_000  # rows the model is fitted on; the rest are only assigned
# spaCy's neural tagger and parser are the costliest step: they read a seeded sample of rows,
# this many characters (a quarter of the sample's, up to SPACY_CHARS_MAX on large files):
# enough to learn the common word forms and phrases; rarer forms fall back on typo matching.
SPACY_CHARS = int(os.environ.get("QUARTIER_SPACY_CHARS", 60_000))
SPACY_CHARS_MAX = 80_000
CHUNK = 20_000
MIN_CHARS = 12
MIN_LEMMAS = 1
FAR = 0.08  # cosine to the nearest centre below which a row fits no theme
MIN_THEME_SHARE = 0.02  # a theme smaller than this share of the rows goes to "other"
QUOTE_POOL = 40
QUOTES = 3
SUB_QUOTES = 2

REASON_SHORT = "texte trop court"
REASON_EMPTY = "aucun mot porteur de sens"
REASON_UNKNOWN = "aucun mot en commun avec les autres contributions"
REASON_FAR = "trop éloigné de tous les thèmes"
REASON_SMALL = "thème trop petit pour être présenté seul"


@dataclass(frozen=True)
class Theme:
    id: int
    label: str
    keywords: list[str]
    members: list[int]
    quotes: list[int]  # row indices of the quoted contributions (the full texts)
    authors: int
    size: int
    key: str
    excerpts: list[str] = field(default_factory=list)  # the quotes as shown, parallel to quotes
    subthemes: list[Theme] = field(default_factory=list)
    parent: int | None = None  # the theme a sub-theme belongs to


@dataclass(frozen=True)
class Grouping:
    themes: list[Theme]
    assignments: list[int | None]
    other_reasons: dict[int, str] = field(default_factory=dict)
    subassignments: list[int | None] = field(default_factory=list)


def _noop(_fraction: float, _message: str) -> None:
    return None


class Model:
    """What is fitted on the sample and then applied to every row."""

    def __init__(self, lexicon: Lexicon, seed: int) -> None:
        self.lexicon = lexicon
        self.seed = seed
        self.space = Space(lexicon, seed)
        self.centres: np.ndarray | None = None
        self.question: set[str] = set()  # lemmas of the question asked: never a label alone
        # Per theme, the centres of its sub-themes (None: not split).
        self.subcentres: list[np.ndarray | None] = []

    @property
    def vectorizer(self):  # noqa: ANN201 - the fitted TfidfVectorizer
        return self.space.vectorizer

    def tokens(self, texts: Sequence[str]) -> list[list[str]]:
        return self.space.tokens(texts)

    def leaf_offsets(self) -> list[int]:
        """Index of each theme's first sub-theme among all sub-themes."""
        offsets, total = [], 0
        for centres in self.subcentres:
            offsets.append(total)
            total += 0 if centres is None else len(centres)
        return offsets

    @property
    def leaves(self) -> int:
        return sum(0 if c is None else len(c) for c in self.subcentres)


def _reason_before_model(text: str, lemmas: list[str]) -> str | None:
    if len("".join(words(text))) < 3 or len(text.strip()) < MIN_CHARS and not lemmas:
        return REASON_SHORT
    if len(lemmas) < MIN_LEMMAS:
        return REASON_EMPTY
    return None


class _Accumulator:
    """Per-theme and per-sub-theme running sums for labels, quotes and salience."""

    def __init__(self, themes: int, leaves: int, vocab: int) -> None:
        self.k = themes
        groups = themes + leaves  # groups 0..k-1 are themes, then sub-themes
        self.rows = 0  # rows seen, placed or not
        self.sums = np.zeros((groups, vocab), dtype=np.float32)
        self.total = np.zeros(vocab, dtype=np.float64)
        self.members: list[list[int]] = [[] for _ in range(groups)]
        self.authors: list[set[str]] = [set() for _ in range(groups)]
        self.anonymous = [0] * groups
        self.pool: list[list[tuple[float, int, str, str | None]]] = [[] for _ in range(groups)]

    def add(self, group: int, row: int, text: str, author: str | None, centrality: float) -> None:
        self.members[group].append(row)
        if author:
            self.authors[group].add(author)
        else:
            self.anonymous[group] += 1
        pool = self.pool[group]
        pool.append((centrality, row, text, author))
        if len(pool) > QUOTE_POOL * 4:  # keep the most central candidates only
            pool.sort(key=lambda item: (-item[0], item[1]))
            del pool[QUOTE_POOL:]

    def salience(self, group: int) -> int:
        return len(self.authors[group]) + self.anonymous[group]


def _assign_chunk(
    model: Model,
    acc: _Accumulator,
    start: int,
    texts: Sequence[str],
    authors: Sequence[str | None] | None,
    out: tuple[list[int | None], list[int | None]],
    reasons: dict[int, str],
) -> None:
    assignments, subassignments = out
    tokens = model.tokens(texts)
    acc.rows += len(texts)
    tfidf, points = model.space.transform(tokens)
    present = (tfidf > 0).astype(np.float32)
    acc.total += np.asarray(present.sum(axis=0)).ravel()
    sims = points @ model.centres.T
    best = sims.argmax(axis=1)
    best_sim = sims[np.arange(len(best)), best]
    nnz = np.diff(tfidf.indptr)
    offsets = model.leaf_offsets()
    leaf_of = np.full(len(texts), -1, dtype=np.int64)
    leaf_sim = np.zeros(len(texts), dtype=np.float32)
    for theme, centres in enumerate(model.subcentres):
        rows = np.flatnonzero(best == theme)
        if centres is None or not len(rows):
            continue
        inner = points[rows] @ centres.T
        choice = inner.argmax(axis=1)
        leaf_of[rows] = offsets[theme] + choice
        leaf_sim[rows] = inner[np.arange(len(rows)), choice]
    groups = np.full(len(texts), -1, dtype=np.int64)
    leaves = np.full(len(texts), -1, dtype=np.int64)
    for i, text in enumerate(texts):
        row = start + i
        lemmas = [t for t in tokens[i] if " " not in t]
        reason = _reason_before_model(text, lemmas)
        if reason is None and nnz[i] == 0:
            reason = REASON_UNKNOWN
        if reason is None and best_sim[i] < FAR:
            reason = REASON_FAR
        if reason is not None:
            assignments.append(None)
            subassignments.append(None)
            reasons[row] = reason
            continue
        theme = int(best[i])
        author = authors[i] if authors is not None else None
        assignments.append(theme)
        groups[i] = theme
        acc.add(theme, row, text, author, float(best_sim[i]))
        if leaf_of[i] >= 0:
            leaf = int(leaf_of[i])
            subassignments.append(leaf)
            leaves[i] = leaf
            acc.add(acc.k + leaf, row, text, author, float(leaf_sim[i]))
        else:
            subassignments.append(None)
    # Group-by-row indicator times presence: word counts per group in one sparse product.
    group_rows = [(g, i) for i, g in enumerate(groups) if g >= 0]
    group_rows += [(acc.k + leaf, i) for i, leaf in enumerate(leaves) if leaf >= 0]
    if group_rows:
        g, i = zip(*group_rows, strict=True)
        indicator = sparse.csr_matrix(
            (np.ones(len(g), dtype=np.float32), (g, i)), shape=(len(acc.sums), len(texts))
        )
        acc.sums += (indicator @ present).toarray()


def _weigher(model: Model, score: np.ndarray, names: Sequence[str]) -> Callable[[str], float]:
    """Weight of a piece of text for a theme: the sum of its theme words' weights."""
    top = np.argsort(-score)[:40]
    weight = {str(names[i]): float(score[i]) for i in top if score[i] > 0}

    def weigh(text: str) -> float:
        found = set(tokens_of(model.lexicon.lemmas(text)))
        return sum(weight.get(term, 0.0) for term in found)

    return weigh


@dataclass
class _Draft:
    group: int
    members: list[int]
    authors: int
    keywords: list[str]
    labels: list[str]
    quotes: list[quotes.Quote]


@dataclass
class _Context:
    """What describing every theme needs, computed once."""

    names: np.ndarray
    phrases: describe.Phrases


def _describe(
    model: Model, acc: _Accumulator, group: int, outside: np.ndarray, n: int, context: _Context
) -> _Draft:
    """Keywords, possible labels (best first) and quotes of a theme or sub-theme."""
    names = context.names
    size = max(1, len(acc.members[group]))
    inside = acc.sums[group] / size
    score = describe.weights(inside, outside, n)
    keywords = describe.keywords(model.lexicon, names, score)
    options = describe.candidates(context.phrases, score, inside)
    labels = describe.phrase_label(options)
    labels.append(describe.fallback_label(model.lexicon, keywords))
    limit = QUOTES if group < acc.k else SUB_QUOTES
    chosen = quotes.choose(
        acc.pool[group], model.lexicon.lemmas, _weigher(model, score, names), limit
    )
    return _Draft(group, list(acc.members[group]), acc.salience(group), keywords, labels, chosen)


def _theme(model: Model, draft: _Draft, new_id: int, label: str, **extra) -> Theme:
    return Theme(
        id=new_id,
        label=label,
        keywords=[model.lexicon.show(k) for k in draft.keywords],
        members=draft.members,
        quotes=[q.row for q in draft.quotes],
        authors=draft.authors,
        size=len(draft.members),
        key="-".join(sorted(draft.keywords[:3])) or f"theme-{new_id}",
        excerpts=[q.text for q in draft.quotes],
        **extra,
    )


def _finish(
    model: Model,
    acc: _Accumulator,
    assignments: list[int | None],
    subassignments: list[int | None],
    reasons: dict[int, str],
    min_size: int,
) -> Grouping:
    n = max(1, int(acc.rows))
    # Themes too small to present are dissolved into "other" (with a reason) before ordering.
    keep = [t for t in range(acc.k) if len(acc.members[t]) >= min_size]
    for theme in set(range(acc.k)) - set(keep):
        for row in acc.members[theme]:
            assignments[row] = None
            subassignments[row] = None
            reasons[row] = REASON_SMALL
    context = _Context(
        model.vectorizer.get_feature_names_out(),
        describe.label_phrases(model.lexicon, model.vectorizer.vocabulary_, model.question),
    )
    drafts = []
    for theme in keep:
        outside = (acc.total - acc.sums[theme]) / max(1, n - len(acc.members[theme]))
        drafts.append(_describe(model, acc, theme, outside, n, context))
    drafts.sort(key=lambda d: (-d.authors, -len(d.members), d.keywords))
    labels = describe.distinct_labels([d.labels for d in drafts])
    renumber = {d.group: new for new, d in enumerate(drafts)}
    offsets = model.leaf_offsets()
    sub_renumber: dict[int, int] = {}
    themes: list[Theme] = []
    sub_id = 0
    for new, draft in enumerate(drafts):
        subs = _subthemes(model, acc, draft.group, offsets, context)
        sub_labels = describe.distinct_labels([d.labels for d in subs], {fold(labels[new])})
        children = []
        for sub, label in zip(subs, sub_labels, strict=True):
            sub_renumber[sub.group - acc.k] = sub_id
            children.append(_theme(model, sub, sub_id, label, parent=new))
            sub_id += 1
        themes.append(_theme(model, draft, new, labels[new], subthemes=children))
    final = [renumber.get(a) if a is not None else None for a in assignments]
    final_sub = [sub_renumber.get(s) if s is not None else None for s in subassignments]
    return Grouping(
        themes=themes,
        assignments=final,
        other_reasons=dict(sorted(reasons.items())),
        subassignments=final_sub,
    )


def _subthemes(
    model: Model, acc: _Accumulator, theme: int, offsets: list[int], context: _Context
) -> list[_Draft]:
    """Drafts of a theme's sub-themes, by salience; none if fewer than two are big enough."""
    centres = model.subcentres[theme]
    if centres is None:
        return []
    parent_size = len(acc.members[theme])
    floor = max(partition.SUB_MIN_ROWS, math.ceil(partition.SUB_MIN_SHARE * parent_size / 2))
    groups = [acc.k + offsets[theme] + j for j in range(len(centres))]
    kept = [g for g in groups if len(acc.members[g]) >= floor]
    if len(kept) < 2:
        return []
    drafts = []
    for group in kept:
        size = len(acc.members[group])
        outside = (acc.sums[theme] - acc.sums[group]) / max(1, parent_size - size)
        drafts.append(_describe(model, acc, group, outside, parent_size, context))
    drafts.sort(key=lambda d: (-d.authors, -len(d.members), d.keywords))
    return drafts


def _sample_indices(n: int, size: int, seed: int) -> list[int]:
    if n <= size:
        return list(range(n))
    return sorted(random.Random(seed).sample(range(n), size))


def _spacy_sample(sample: Sequence[str], seed: int) -> list[str]:
    order = list(range(len(sample)))
    random.Random(seed).shuffle(order)
    total = sum(min(len(text), 1000) for text in sample)
    chosen, budget = [], min(SPACY_CHARS_MAX, max(SPACY_CHARS, total // 4))
    for i in order:
        if budget <= 0:
            break
        chosen.append(sample[i][:1000])
        budget -= min(len(sample[i]), 1000)
    return chosen


def fit(
    sample: Sequence[str],
    *,
    n_themes: int | None,
    seed: int,
    progress: Progress,
    model_name: str = DEFAULT_MODEL,
    question: str = "",
) -> Model:
    """Learn lemmas, features and theme centres from a sample of texts.

    `question`: what the contributions answer; its words are what every answer is about, so
    they never label a theme alone (« Quartier » for « vivre ensemble dans le quartier »).
    """
    # One BLAS/OpenMP thread: the matrices are small, and extra threads spin and fight for the
    # CPUs of a busy server (measured: slower, not faster, on a shared 2-CPU host).
    with threadpool_limits(limits=1):
        return _fit(
            sample,
            n_themes=n_themes,
            seed=seed,
            progress=progress,
            model_name=model_name,
            question=question,
        )


def _fit(
    sample: Sequence[str],
    *,
    n_themes: int | None,
    seed: int,
    progress: Progress,
    model_name: str,
    question: str,
) -> Model:
    progress(0.02, "analyse des mots (spaCy)")
    lexicon = Lexicon.learn(_spacy_sample(sample, seed), model=model_name)
    model = Model(lexicon, seed)
    model.question = set(lexicon.lemmas(question or ""))
    progress(0.25, "calcul des mots-clés")
    tokens = model.space.remember(sample)
    usable = [t for t in tokens if t]
    progress(0.35, "réduction des dimensions")
    tfidf, points = model.space.fit(usable or [["vide"]])
    points = points[np.asarray(tfidf.getnnz(axis=1) > 0)]
    if len(points) < 2:
        dims = points.shape[1] if len(points) else model.space.points(tfidf).shape[1]
        model.centres = normalize(np.ones((1, dims), dtype=np.float32))
        model.subcentres = [None]
        return model
    progress(0.45, "choix du nombre de thèmes")
    if n_themes is not None:
        k = max(1, min(int(n_themes), len(points)))
        model.centres = normalize(
            KMeans(n_clusters=k, n_init=4, random_state=seed).fit(points).cluster_centers_
        ).astype(np.float32)
    else:
        model.centres = partition.themes(points, seed)
    progress(0.6, "recherche des sous-thèmes")
    nearest = (points @ model.centres.T).argmax(axis=1)
    model.subcentres = [
        partition.subthemes(points[nearest == theme], seed) for theme in range(len(model.centres))
    ]
    return model


def min_theme_size(n: int, forced: bool) -> int:
    if forced:
        return 1
    return max(2, math.ceil(MIN_THEME_SHARE * n))


def assign(
    model: Model,
    chunks: Iterable[tuple[Sequence[str], Sequence[str | None] | None]],
    *,
    total: int,
    forced: bool,
    progress: Progress,
    start_fraction: float = 0.7,
) -> Grouping:
    with threadpool_limits(limits=1):
        return _assign(
            model, chunks, total=total, forced=forced, progress=progress, start=start_fraction
        )


def _assign(
    model: Model,
    chunks: Iterable[tuple[Sequence[str], Sequence[str | None] | None]],
    *,
    total: int,
    forced: bool,
    progress: Progress,
    start: float,
) -> Grouping:
    start_fraction = start
    vocab = len(model.vectorizer.vocabulary_)
    acc = _Accumulator(len(model.centres), model.leaves, vocab)
    assignments: list[int | None] = []
    subassignments: list[int | None] = []
    reasons: dict[int, str] = {}
    done = 0
    progress(start_fraction, f"affectation des contributions (0/{total})")
    for texts, authors in chunks:
        _assign_chunk(model, acc, done, texts, authors, (assignments, subassignments), reasons)
        done += len(texts)
        fraction = start_fraction + (1 - start_fraction) * done / max(1, total)
        progress(min(fraction, 0.99), f"affectation des contributions ({done}/{total})")
    progress(0.99, "libellés et citations")
    grouping = _finish(
        model, acc, assignments, subassignments, reasons, min_theme_size(done, forced)
    )
    progress(1.0, "terminé")
    return grouping


def _chunked(
    texts: Sequence[str], authors: Sequence[str | None] | None, size: int = CHUNK
) -> Iterator[tuple[Sequence[str], Sequence[str | None] | None]]:
    for start in range(0, len(texts), size):
        yield (
            texts[start : start + size],
            authors[start : start + size] if authors is not None else None,
        )


def group_texts(
    texts: Sequence[str],
    authors: Sequence[str | None] | None = None,
    *,
    n_themes: int | None = None,
    language: str = "fr",
    progress: Progress | None = None,
    seed: int = 0,
    question: str = "",
) -> Grouping:
    """Group texts into themes (see the module docstring); deterministic for the same input.

    `question`: the question the texts answer, if known (its words never label a theme alone).
    """
    if language != "fr":
        raise ValueError("Seul le français est pris en charge pour l'instant.")
    if authors is not None and len(authors) != len(texts):
        raise ValueError("Il faut autant d'auteurs que de textes.")
    progress = progress or _noop
    texts = [t if isinstance(t, str) else "" for t in texts]
    if not texts:
        return Grouping(themes=[], assignments=[], other_reasons={}, subassignments=[])
    rows = _sample_indices(len(texts), SAMPLE_SIZE, seed)
    model = fit(
        [texts[i] for i in rows],
        n_themes=n_themes,
        seed=seed,
        progress=progress,
        question=question,
    )
    return assign(
        model,
        _chunked(texts, authors),
        total=len(texts),
        forced=n_themes is not None,
        progress=progress,
    )


__all__ = ["Grouping", "Theme", "fit", "assign", "group_texts", "fold"]
