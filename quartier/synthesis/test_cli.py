"""The `quartier themes` contract, without Django: top-level fields unchanged, sub-themes and
sub-assignments added, reports that show sub-themes and reach the full text of quotes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from quartier.synthesis import cli
from quartier.synthesis.test_subthemes import _corpus

THEME_FIELDS = {"id", "label", "key", "keywords", "size", "authors", "quotes", "quote_texts"}


@pytest.fixture(scope="module")
def contributions(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "contributions.csv"
    texts, _truth = _corpus()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["texte", "auteur"])
        writer.writerows([text, f"p{i % 40}"] for i, text in enumerate(texts))
        writer.writerow(["ok", "p1"])
    return path


@pytest.fixture(scope="module")
def data(contributions: Path) -> dict:
    out = contributions.with_suffix(".json")
    cli.run(contributions, text_column="texte", author_column="auteur", out=out)
    return json.loads(out.read_text(encoding="utf-8"))


def test_top_level_fields_are_unchanged(data: dict, contributions: Path) -> None:
    rows = sum(1 for _ in contributions.open(encoding="utf-8")) - 1
    assert set(data) == {"themes", "assignments", "subassignments", "other"}
    assert len(data["assignments"]) == rows
    assert data["assignments"][-1] is None and data["other"]["reasons"][str(rows - 1)]
    assert [t["id"] for t in data["themes"]] == list(range(len(data["themes"])))
    for theme in data["themes"]:
        assert set(theme) == THEME_FIELDS | {"subthemes"}
        assert theme["size"] == data["assignments"].count(theme["id"])
        assert all(data["assignments"][row] == theme["id"] for row in theme["quotes"])
        assert len(theme["quote_texts"]) == len(theme["quotes"])
        assert all(isinstance(t, str) and 0 < len(t) <= 240 for t in theme["quote_texts"])


def test_sub_themes_have_the_fields_of_a_theme(data: dict) -> None:
    subs = [(t, s) for t in data["themes"] for s in t["subthemes"]]
    assert subs, "the corpus has themes large enough to split"
    assert [s["id"] for _t, s in subs] == list(range(len(subs)))
    for theme, sub in subs:
        assert set(sub) == THEME_FIELDS
        assert sub["size"] == data["subassignments"].count(sub["id"])
        rows = [r for r, s in enumerate(data["subassignments"]) if s == sub["id"]]
        assert all(data["assignments"][r] == theme["id"] for r in rows)
        assert set(sub["quotes"]) <= set(rows)


def test_sub_assignments_are_null_outside_sub_themes(data: dict) -> None:
    assert len(data["subassignments"]) == len(data["assignments"])
    split = {t["id"] for t in data["themes"] if t["subthemes"]}
    for theme, sub in zip(data["assignments"], data["subassignments"], strict=True):
        if theme is None or theme not in split:
            assert sub is None


def test_reports_show_sub_themes_and_full_texts(contributions: Path, tmp_path: Path) -> None:
    page, markdown = tmp_path / "r.html", tmp_path / "r.md"
    grouping = cli.run(contributions, text_column="texte", fmt="html", out=page)
    cli.run(contributions, text_column="texte", fmt="md", out=markdown)
    html, md = page.read_text(encoding="utf-8"), markdown.read_text(encoding="utf-8")
    sub = next(s for t in grouping.themes for s in t.subthemes)
    assert "<h3" in html and sub.label.replace("'", "&#x27;") in html
    assert f"### {sub.parent + 1}." in md
    assert "(ligne " in html and "(ligne " in md
