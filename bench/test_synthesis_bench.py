"""Keeps bench/synthesis.py from rotting: its functions on a tiny synthetic labelled set."""

from __future__ import annotations

import csv
import os
import random
import sys
from pathlib import Path

import pytest

from quartier.synthesis import group_csv
from quartier.synthesis.test_engine import TEXTS, TRUTH

# Imported under its own name (not loaded from a path) so that spawned children find it too.
sys.path.insert(0, str(Path(__file__).parent))
import synthesis as bench  # noqa: E402


@pytest.fixture
def labelled_dir(tmp_path: Path) -> Path:
    with (tmp_path / "tiny.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label"])
        writer.writerows(zip(TEXTS, TRUTH, strict=True))
    (tmp_path / "unlabelled.csv").write_text("text\nbonjour\n", encoding="utf-8")
    return tmp_path


def test_finds_labelled_files_only(labelled_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("QUARTIER_CONSULTATIONS_DIR", str(labelled_dir))
    assert [p.name for p in bench.labelled_files(bench.consultations_dir())] == ["tiny.csv"]


def test_evaluates_quartier_at_both_levels_and_tfidf_in_process(labelled_dir: Path) -> None:
    systems = [bench.QUARTIER, "TF-IDF + k-means (k vrai)"]
    results, k = bench.evaluate_file(labelled_dir / "tiny.csv", systems, isolated=False)
    assert k == 3
    assert [r.system for r in results] == [bench.QUARTIER, bench.SUB_LEVEL, systems[1]]
    quartier, sub_level, tfidf = results
    assert tfidf.themes == 3
    assert quartier.nmi > 0.5
    assert sub_level.themes >= quartier.themes
    assert 0 < quartier.placed <= 1
    table = bench.table(results)
    assert table.count("\n") == 4 and f"| {bench.QUARTIER} |" in table


def test_quartier_reports_where_its_time_goes(labelled_dir: Path) -> None:
    run = bench.measure(bench.QUARTIER, TEXTS, None, isolated=False)
    assert run.outcome is not None and run.warm > 0 and run.cold >= run.load > 0
    assert set(run.outcome.stages) == set(bench.STAGE_NAMES)
    assert all(seconds >= 0 for seconds in run.outcome.stages.values())


def test_a_child_that_dies_is_reported_as_failed() -> None:
    run = bench.run_in_child(os._exit, (3,))
    assert run.outcome is None and "code 3" in run.error


def test_a_child_that_raises_is_reported_with_its_error() -> None:
    run = bench.run_in_child(int, ("pas un nombre",))
    assert run.outcome is None and "ValueError" in run.error
    assert "échec" in bench.table([bench.score("x", run, ["a"])])


def test_a_child_that_outlasts_its_time_is_stopped() -> None:
    import time

    run = bench.run_in_child(time.sleep, (60,), timeout=0.5)
    assert run.outcome is None and "sans réponse" in run.error


def test_perturbed_big_csv_streams_through_group_csv(labelled_dir: Path, tmp_path: Path) -> None:
    assert bench.perturb("une phrase assez longue pour perdre des mots", random.Random(1))
    big = tmp_path / "big.csv"
    bench.build_big_csv([labelled_dir / "tiny.csv"], 300, big)
    grouping = group_csv(big, "text", "author")
    assert len(grouping.assignments) == 300
    assert sum(a is not None for a in grouping.assignments) >= 0.7 * 300
    assert all(t.authors <= t.size for t in grouping.themes)
    assert len(bench.resampled([labelled_dir / "tiny.csv"], 50)) == 50


def test_write_docs_keeps_other_sections(tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n\n## Other\n\nkeep me\n", encoding="utf-8")
    bench.write_docs(f"{bench.DOC_HEADING}\n\nfirst", doc)
    bench.write_docs(f"{bench.DOC_HEADING}\n\nsecond", doc)
    text = doc.read_text(encoding="utf-8")
    assert "keep me" in text and "second" in text and "first" not in text
    assert text.count(bench.DOC_HEADING) == 1
