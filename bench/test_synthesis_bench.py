"""Keeps bench/synthesis.py from rotting: its functions on a tiny synthetic labelled set."""

from __future__ import annotations

import csv
import importlib.util
import random
import sys
from pathlib import Path

import pytest

from quartier.synthesis import group_csv
from quartier.synthesis.test_engine import TEXTS, TRUTH

_spec = importlib.util.spec_from_file_location(
    "bench_synthesis", Path(__file__).with_name("synthesis.py")
)
bench = importlib.util.module_from_spec(_spec)
sys.modules["bench_synthesis"] = bench  # dataclasses look their module up there
_spec.loader.exec_module(bench)


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


def test_evaluates_quartier_and_tfidf_in_process(labelled_dir: Path) -> None:
    systems = ["quartier (k choisi)", "TF-IDF + k-means (k vrai)"]
    results, k = bench.evaluate_file(labelled_dir / "tiny.csv", systems, isolated=False)
    assert k == 3
    assert [r.system for r in results] == systems
    quartier, tfidf = results
    assert tfidf.themes == 3
    assert quartier.nmi > 0.5
    assert 0 < quartier.placed <= 1
    table = bench.table(results)
    assert table.count("\n") == 3 and "| quartier (k choisi) |" in table


def test_perturbed_big_csv_streams_through_group_csv(labelled_dir: Path, tmp_path: Path) -> None:
    assert bench.perturb("une phrase assez longue pour perdre des mots", random.Random(1))
    big = tmp_path / "big.csv"
    bench.build_big_csv([labelled_dir / "tiny.csv"], 300, big)
    grouping = group_csv(big, "text", "author")
    assert len(grouping.assignments) == 300
    assert sum(a is not None for a in grouping.assignments) >= 0.7 * 300
    assert all(t.authors <= t.size for t in grouping.themes)


def test_write_docs_keeps_other_sections(tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n\n## Other\n\nkeep me\n", encoding="utf-8")
    bench.write_docs(f"{bench.DOC_HEADING}\n\nfirst", doc)
    bench.write_docs(f"{bench.DOC_HEADING}\n\nsecond", doc)
    text = doc.read_text(encoding="utf-8")
    assert "keep me" in text and "second" in text and "first" not in text
    assert text.count(bench.DOC_HEADING) == 1
