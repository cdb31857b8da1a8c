"""`quartier themes`: the CLI contract (JSON shape, formats, French errors, nothing written)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from quartier.synthesis.test_engine import TEXTS

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def contributions(tmp_path: Path) -> Path:
    path = tmp_path / "contributions.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["texte", "auteur"])
        for i, text in enumerate(TEXTS):
            writer.writerow([text, f"p{i % 6}" if i % 4 else ""])
        writer.writerow(["ok", "p1"])
    return path


def test_json_contract(contributions: Path, tmp_path: Path) -> None:
    out = tmp_path / "themes.json"
    call_command(
        "themes", str(contributions), "--text-column", "texte", "--author-column", "auteur",
        "--themes", "3", "--out", str(out),
    )  # fmt: skip
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["assignments"]) == len(TEXTS) + 1
    assert data["assignments"][-1] is None
    assert data["other"]["reasons"][str(len(TEXTS))] == "texte trop court"
    assert [t["id"] for t in data["themes"]] == [0, 1, 2]
    for theme in data["themes"]:
        assert {"id", "label", "keywords", "size", "authors", "quotes"} <= set(theme)
        assert theme["size"] == data["assignments"].count(theme["id"])
        assert all(data["assignments"][row] == theme["id"] for row in theme["quotes"])
        assert 1 <= theme["authors"] <= theme["size"]
        assert all(isinstance(text, str) and text for text in theme["quote_texts"])


def test_html_and_markdown_escape_text(tmp_path: Path) -> None:
    path = tmp_path / "hostile.csv"
    rows = [*TEXTS, "<script>alert('x')</script> le bus pour la ville le soir, la gare est loin"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["t"])
        writer.writerows([r] for r in rows)
    html_out, md_out = tmp_path / "r.html", tmp_path / "r.md"
    call_command("themes", str(path), "--text-column", "t", "--format", "html", "--out", html_out)
    call_command("themes", str(path), "--text-column", "t", "--format", "md", "--out", md_out)
    page = html_out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="fr">' in page
    assert "<script>" not in page
    assert "<h2" in page
    assert md_out.read_text(encoding="utf-8").startswith("# Thèmes")


def test_missing_column_is_a_french_error_and_writes_nothing(
    contributions: Path, tmp_path: Path
) -> None:
    out = tmp_path / "themes.json"
    with pytest.raises(CommandError, match="Colonne « texto » absente"):
        call_command("themes", str(contributions), "--text-column", "texto", "--out", str(out))
    assert not out.exists()
    with pytest.raises(CommandError, match="introuvable"):
        call_command("themes", str(tmp_path / "nope.csv"), "--text-column", "t", "--out", out)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [contributions]


def test_console_script_exit_code(contributions: Path, tmp_path: Path) -> None:
    out = tmp_path / "themes.json"
    command = [sys.executable, str(ROOT / "manage.py"), "themes", str(contributions)]
    bad = subprocess.run(
        [*command, "--text-column", "absente", "--out", str(out)],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert bad.returncode != 0
    assert "Colonne « absente » absente" in bad.stderr
    assert not out.exists()
