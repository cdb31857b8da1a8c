"""Group French contributions into themes.

Pipeline (why each step):
1. Lemmas: spaCy runs on a bounded sample only; a Lexicon caches what it learnt per word form
   and maps every row (sample or not) to lemmas with look-ups, folding accents and typos.
2. Features: TF-IDF over lemmas and lemma pairs (sparse, vocabulary fitted on the sample), made
   denser by latent semantic analysis (SVD) so short texts sharing no word can still meet.
3. Themes: k-means on the unit-normalised sample for a small range of k; the number is chosen by
   the silhouette (cosine) unless the caller forces it.
4. Every row is then assigned in streamed chunks to its nearest theme centre; rows with no
   meaningful word or too far from every centre go to "other" with a reason.
Everything is seeded, and inputs are processed in order, so a run is reproducible.
"""

from __future__ import annotations

import math
import os
import random
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from .lexicon import Lexicon, fold, words

Progress = Callable[[float, str], None]

SAMPLE_SIZE = 30_000  # rows the model is fitted on; the rest are only assigned
# spaCy's neural tagger is the costliest step: it reads a seeded sample of rows up to a quarter
# of the sample's characters, between these bounds: enough to learn the common word forms;
# rarer forms fall back on typo matching or stay as typed.
SPACY_CHARS = int(os.environ.get("QUARTIER_SPACY_CHARS", 60_000))
SPACY_CHARS_MAX = 400_000
CHUNK = 20_000
MIN_CHARS = 12
MIN_LEMMAS = 1
FAR = 0.08  # cosine to the nearest centre below which a row fits no theme

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
    quotes: list[int]
    authors: int
    size: int
    key: str


@dataclass(frozen=True)
class Grouping:
    themes: list[Theme]
    assignments: list[int | None]
    other_reasons: dict[int, str] = field(default_factory=dict)


def _tokens(lemmas: list[str]) -> list[str]:
    """Lemmas plus adjacent pairs ("vote blanc"), which name themes better than single words."""
    pairs = [f"{a} {b}" for a, b in zip(lemmas, lemmas[1:], strict=False) if a != b]
    return lemmas + pairs


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def _noop(_fraction: float, _message: str) -> None:
    return None


class Model:
    """What is fitted on the sample and then applied to every row."""

    def __init__(self, lexicon: Lexicon, seed: int) -> None:
        self.lexicon = lexicon
        self.seed = seed
        self.vectorizer: TfidfVectorizer | None = None
        self.svd: TruncatedSVD | None = None
        self.centres: np.ndarray | None = None
        self.seen: dict[str, list[str]] = {}

    def tokens(self, texts: Sequence[str]) -> list[list[str]]:
        seen = self.seen
        return [seen.get(text) or _tokens(self.lexicon.lemmas(text)) for text in texts]

    def remember(self, texts: Sequence[str]) -> list[list[str]]:
        """Tokens of the sample, kept so assigning the same rows later does not redo them."""
        tokens = self.tokens(texts)
        self.seen = dict(zip(texts, tokens, strict=True))
        return tokens

    def fit_features(self, tokens: list[list[str]]) -> sparse.csr_matrix:
        n = len(tokens)
        self.vectorizer = TfidfVectorizer(
            analyzer=_identity,
            min_df=2 if n >= 20 else 1,
            max_df=0.5 if n >= 50 else 1.0,
            sublinear_tf=True,
            max_features=100_000,
            dtype=np.float32,
        )
        try:
            return self.vectorizer.fit_transform(tokens).tocsr()
        except ValueError:  # every row empty after pruning: keep singletons
            self.vectorizer.set_params(min_df=1, max_df=1.0)
            return self.vectorizer.fit_transform(tokens).tocsr()

    def fit_space(self, tfidf: sparse.csr_matrix) -> np.ndarray:
        n, vocab = tfidf.shape
        dims = max(2, min(100, vocab - 1, n - 1))
        if dims < 2 or vocab < 3:
            self.svd = None
            return normalize(tfidf.toarray())
        self.svd = TruncatedSVD(n_components=dims, random_state=self.seed, algorithm="randomized")
        with warnings.catch_warnings():  # degenerate inputs: explained variance 0/0
            warnings.simplefilter("ignore", RuntimeWarning)
            return normalize(self.svd.fit_transform(tfidf))

    def space(self, tfidf: sparse.csr_matrix) -> np.ndarray:
        if self.svd is None:
            return normalize(tfidf.toarray())
        return normalize(self.svd.transform(tfidf))


def _kmeans(points: np.ndarray, k: int, seed: int, n_init: int = 4) -> KMeans:
    return KMeans(n_clusters=k, n_init=n_init, random_state=seed, max_iter=200).fit(points)


def _geometric(low: int, high: int, ratio: float = 1.12) -> set[int]:
    values, k = set(), float(low)
    while k < high:
        values.add(int(round(k)))
        k = max(k * ratio, k + 1)
    values.add(high)
    return {v for v in values if low <= v <= high}


def _choose_k(points: np.ndarray, seed: int, progress: Progress) -> tuple[int, KMeans]:
    n = len(points)
    low, high = 2, max(2, min(40, int(round(math.sqrt(n))) + 2, n - 1))
    # Every k up to 8, then steps of ~12%: silhouettes of neighbouring k differ little.
    candidates = sorted({k for k in range(low, min(high, 8) + 1)} | _geometric(8, high))
    rng = np.random.default_rng(seed)
    probe = points if n <= 3000 else points[rng.choice(n, 3000, replace=False)]
    # Cosine distances once for every candidate k (rows are unit vectors).
    distances = np.clip(1.0 - probe @ probe.T, 0.0, 2.0)
    np.fill_diagonal(distances, 0.0)
    best: tuple[float, int, KMeans] | None = None
    for step, k in enumerate(candidates):
        model = _kmeans(points, k, seed, n_init=1)  # scouting: one start per k is enough
        labels = model.predict(probe)
        # The silhouette needs at least two groups and one group with two members.
        if not 2 <= len(set(labels.tolist())) < len(probe):
            continue
        score = silhouette_score(distances, labels, metric="precomputed")
        if best is None or score > best[0] + 1e-9:
            best = (score, k, model)
        progress(0.4 + 0.3 * (step + 1) / len(candidates), f"choix du nombre de thèmes ({k})")
    if best is None:
        return 1, _kmeans(points, 1, seed)
    return best[1], _kmeans(points, best[1], seed)


def _reason_before_model(text: str, lemmas: list[str]) -> str | None:
    if len("".join(words(text))) < 3 or len(text.strip()) < MIN_CHARS and not lemmas:
        return REASON_SHORT
    if len(lemmas) < MIN_LEMMAS:
        return REASON_EMPTY
    return None


class _Accumulator:
    """Per-theme running sums needed for labels, quotes and salience, filled chunk by chunk."""

    def __init__(self, k: int, vocab: int, quote_pool: int = 40) -> None:
        self.k = k
        self.rows = 0  # rows seen, placed or not
        self.sums = np.zeros((k, vocab), dtype=np.float64)
        self.total = np.zeros(vocab, dtype=np.float64)
        self.members: list[list[int]] = [[] for _ in range(k)]
        self.authors: list[set[str]] = [set() for _ in range(k)]
        self.anonymous = [0] * k
        self.pool: list[list[tuple[float, int, str]]] = [[] for _ in range(k)]
        self.quote_pool = quote_pool


def _assign_chunk(
    model: Model,
    acc: _Accumulator,
    start: int,
    texts: Sequence[str],
    authors: Sequence[str | None] | None,
    assignments: list[int | None],
    reasons: dict[int, str],
) -> None:
    tokens = model.tokens(texts)
    acc.rows += len(texts)
    tfidf = model.vectorizer.transform(tokens).tocsr()
    present = (tfidf > 0).astype(np.float32)
    acc.total += np.asarray(present.sum(axis=0)).ravel()
    points = model.space(tfidf)
    sims = points @ model.centres.T
    best = sims.argmax(axis=1)
    best_sim = sims[np.arange(len(best)), best]
    nnz = np.diff(tfidf.indptr)
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
            reasons[row] = reason
            continue
        theme = int(best[i])
        assignments.append(theme)
        acc.members[theme].append(row)
        author = authors[i] if authors is not None else None
        if author:
            acc.authors[theme].add(author)
        else:
            acc.anonymous[theme] += 1
        pool = acc.pool[theme]
        # Keep the most central candidates of a readable length for quotes.
        length = len(text)
        readable = 1.0 if 25 <= length <= 280 else 0.75  # a quote is read aloud or projected
        pool.append((float(best_sim[i]) * readable, row, text))
        if len(pool) > acc.quote_pool * 4:
            pool.sort(key=lambda item: (-item[0], item[1]))
            del pool[acc.quote_pool :]
    chunk = np.array([-1 if a is None else a for a in assignments[start:]], dtype=np.int64)
    placed = np.flatnonzero(chunk >= 0)
    if len(placed):
        # Theme-by-row indicator times presence: word counts per theme in one sparse product.
        indicator = sparse.csr_matrix(
            (np.ones(len(placed), dtype=np.float32), (chunk[placed], placed)),
            shape=(acc.k, len(texts)),
        )
        acc.sums += (indicator @ present).toarray()


def _quotes(model: Model, pool: list[tuple[float, int, str]], limit: int = 3) -> list[int]:
    """Central quotes, skipping any that repeat an already chosen one (word overlap)."""
    chosen: list[tuple[int, set[str]]] = []
    for _score, row, text in sorted(pool, key=lambda item: (-item[0], item[1])):
        lemmas = set(model.lexicon.lemmas(text))
        if not lemmas:
            continue
        redundant = any(
            len(lemmas & other) / max(1, min(len(lemmas), len(other))) > 0.6 for _, other in chosen
        )
        if not redundant:
            chosen.append((row, lemmas))
        if len(chosen) >= limit:
            break
    return [row for row, _ in chosen]


def _keywords(model: Model, acc: _Accumulator, theme: int, limit: int = 8) -> list[str]:
    names = model.vectorizer.get_feature_names_out()
    size = max(1, len(acc.members[theme]))
    count = max(1, int(acc.rows))
    smooth = 1.0 / count
    inside = acc.sums[theme] / size
    outside = (acc.total - acc.sums[theme]) / max(1, count - size)
    # Share of the theme's rows using the word, times how much likelier it is inside than
    # outside (a KL-style weight): frequent in the theme and distinctive of it.
    score = inside * np.log((inside + smooth) / (outside + smooth))
    order = np.lexsort((names, -score))
    chosen: list[str] = []
    weight: dict[str, float] = {}
    for index in order:
        if score[index] <= 0 or len(chosen) >= limit:
            break
        term = str(names[index])
        parts = term.split(" ")
        weight[term] = float(score[index])
        if len(parts) == 1:
            if not any(term in other.split(" ") for other in chosen):
                chosen.append(term)
            continue
        if any(" " in other and set(other.split(" ")) & set(parts) for other in chosen):
            continue  # overlaps a pair already there ("vote blanc" vs "reconnaître vote")
        overlap = [other for other in chosen if other in parts]
        if not overlap:
            chosen.append(term)
        elif score[index] >= 0.5 * max(weight[other] for other in overlap):
            # The pair says more than its word(s) and is nearly as common: it replaces them.
            at = min(chosen.index(other) for other in overlap)
            chosen = [other for other in chosen if other not in overlap]
            chosen.insert(at, term)
    # Two lemmas can read the same ("privé" from prive and priver): show each once.
    shown: dict[str, str] = {}
    for term in chosen:
        shown.setdefault(model.lexicon.show(term), term)
    return list(shown.values())


def _label(model: Model, keywords: list[str]) -> str:
    if not keywords:
        return "Divers"
    # "Bus et dimanche" reads as a theme, "Passer et dimanche" does not: nouns (or phrases
    # holding one) come first, in keyword order.
    nouns = model.lexicon.nouns
    nominal = [k for k in keywords if any(part in nouns for part in k.split(" "))]
    ordered = nominal + [k for k in keywords if k not in nominal]
    shown = [model.lexicon.show(k) for k in ordered[:3]]
    first = shown[0]
    label = first if " " in first or len(shown) == 1 else f"{first} et {shown[1]}"
    return label[:1].upper() + label[1:]


def _finish(
    model: Model,
    acc: _Accumulator,
    assignments: list[int | None],
    reasons: dict[int, str],
    min_size: int,
) -> Grouping:
    # Themes too small to present are dissolved into "other" (with a reason) before ordering.
    keep = [t for t in range(acc.k) if len(acc.members[t]) >= min_size]
    dropped = set(range(acc.k)) - set(keep)
    for theme in dropped:
        for row in acc.members[theme]:
            assignments[row] = None
            reasons[row] = REASON_SMALL
    drafts = []
    for theme in keep:
        keywords = _keywords(model, acc, theme)
        authors = len(acc.authors[theme]) + acc.anonymous[theme]
        drafts.append((theme, keywords, authors))
    drafts.sort(key=lambda d: (-d[2], -len(acc.members[d[0]]), d[1]))
    renumber = {old: new for new, (old, _, _) in enumerate(drafts)}
    themes = []
    for old, keywords, authors in drafts:
        members = acc.members[old]
        themes.append(
            Theme(
                id=renumber[old],
                label=_label(model, keywords),
                keywords=[model.lexicon.show(k) for k in keywords],
                members=list(members),
                quotes=_quotes(model, acc.pool[old]),
                authors=authors,
                size=len(members),
                key="-".join(sorted(keywords[:3])) or f"theme-{renumber[old]}",
            )
        )
    final = [renumber.get(a) if a is not None else None for a in assignments]
    return Grouping(themes=themes, assignments=final, other_reasons=dict(sorted(reasons.items())))


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
    model_name: str = "fr_core_news_sm",
) -> Model:
    """Learn lemmas, features and theme centres from a sample of texts."""
    # Below ~10k rows, BLAS/OpenMP threads cost more than they save (and fight on a busy host).
    with threadpool_limits(limits=1 if len(sample) < 10_000 else None):
        return _fit(sample, n_themes=n_themes, seed=seed, progress=progress, model_name=model_name)


def _fit(
    sample: Sequence[str], *, n_themes: int | None, seed: int, progress: Progress, model_name: str
) -> Model:
    progress(0.02, "analyse des mots (spaCy)")
    lexicon = Lexicon.learn(_spacy_sample(sample, seed), model=model_name)
    model = Model(lexicon, seed)
    progress(0.25, "calcul des mots-clés")
    tokens = model.remember(sample)
    usable = [i for i, t in enumerate(tokens) if t]
    tfidf = model.fit_features([tokens[i] for i in usable] or [["vide"]])
    progress(0.35, "réduction des dimensions")
    points = model.fit_space(tfidf)
    keep = np.asarray(tfidf.getnnz(axis=1) > 0)
    points = points[keep]
    if len(points) < 2:
        model.centres = np.ones((1, points.shape[1] if len(points) else 1)) / 1.0
        model.centres = normalize(model.centres)
        return model
    if n_themes is not None:
        k = max(1, min(int(n_themes), len(points)))
        kmeans = _kmeans(points, k, seed)
    else:
        _k, kmeans = _choose_k(points, seed, progress)
    model.centres = normalize(kmeans.cluster_centers_)
    return model


def _min_size(n: int, forced: bool) -> int:
    if forced:
        return 1
    return max(2, min(10, n // 100))


def assign(
    model: Model,
    chunks: Iterable[tuple[Sequence[str], Sequence[str | None] | None]],
    *,
    total: int,
    forced: bool,
    progress: Progress,
    start_fraction: float = 0.7,
) -> Grouping:
    vocab = len(model.vectorizer.vocabulary_)
    acc = _Accumulator(len(model.centres), vocab)
    assignments: list[int | None] = []
    reasons: dict[int, str] = {}
    done = 0
    for texts, authors in chunks:
        _assign_chunk(model, acc, done, texts, authors, assignments, reasons)
        done += len(texts)
        fraction = start_fraction + (1 - start_fraction) * done / max(1, total)
        progress(min(fraction, 0.99), f"affectation des contributions ({done}/{total})")
    grouping = _finish(model, acc, assignments, reasons, _min_size(done, forced))
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
) -> Grouping:
    """Group texts into themes (see the module docstring); deterministic for the same input."""
    if language != "fr":
        raise ValueError("Seul le français est pris en charge pour l'instant.")
    if authors is not None and len(authors) != len(texts):
        raise ValueError("Il faut autant d'auteurs que de textes.")
    progress = progress or _noop
    texts = [t if isinstance(t, str) else "" for t in texts]
    if not texts:
        return Grouping(themes=[], assignments=[], other_reasons={})
    rows = _sample_indices(len(texts), SAMPLE_SIZE, seed)
    model = fit([texts[i] for i in rows], n_themes=n_themes, seed=seed, progress=progress)
    return assign(
        model,
        _chunked(texts, authors),
        total=len(texts),
        forced=n_themes is not None,
        progress=progress,
    )


__all__ = ["Grouping", "Theme", "fit", "assign", "group_texts", "fold"]
