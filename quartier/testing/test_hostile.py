"""The hostile corpus itself: extendable from a file, and the checks built on it catch what
they must (a check that never fails proves nothing)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings

from quartier.core.tabular import Table, TabularError, read_tabular
from quartier.testing import hostile
from quartier.testing.hostile import (
    HOSTILE_STRINGS,
    as_sent,
    expected_stored,
    extra_strings,
    importer_files,
    injected_markup,
    table_bytes,
    xml_safe,
)


def test_corpus_covers_every_family_of_the_issue():
    joined = "".join(HOSTILE_STRINGS)
    for needle in ("<script>", "onerror=", "DROP TABLE", "\x00", "\u202e", "\ud800", "🙂"):
        assert needle in joined, needle
    assert any(s.startswith(p) for s in HOSTILE_STRINGS for p in "=+-@")
    assert "\t=1+1" in HOSTILE_STRINGS and "\r=1+1" in HOSTILE_STRINGS
    assert max(map(len, HOSTILE_STRINGS)) >= 100_000


def test_more_strings_come_from_a_file_one_per_line_with_escapes(tmp_path, monkeypatch):
    file = tmp_path / "corpus.txt"
    file.write_text("<marquee>nouveau</marquee>\n\n\\t=2+2\\r\\n\ncontrôle \\x07 \\u202e\n")
    assert extra_strings(file) == [
        "<marquee>nouveau</marquee>",
        "\t=2+2\r\n",
        "contrôle \x07 \u202e",
    ]
    monkeypatch.setenv("QUARTIER_HOSTILE_FILE", str(file))
    strings = hostile.hostile_strings()
    assert strings[: len(hostile.BASE_STRINGS)] == hostile.BASE_STRINGS
    assert "<marquee>nouveau</marquee>" in strings


def test_more_strings_come_from_a_json_list(tmp_path):
    file = tmp_path / "corpus.json"
    file.write_text(json.dumps(["a\nb", "=1"]))
    assert extra_strings(file) == ["a\nb", "=1"]


def test_without_the_variable_no_extra_string(monkeypatch):
    monkeypatch.delenv("QUARTIER_HOSTILE_FILE", raising=False)
    assert extra_strings() == []


def test_escaped_text_passes_and_markup_fails():
    from django.utils.html import escape

    for text in HOSTILE_STRINGS:
        assert not injected_markup(f"<p>{escape(as_sent(text))}</p>"), text[:40]
    assert injected_markup("<p><img src=x onerror=alert(1)></p>")
    assert injected_markup("<script>alert('quartier')</script>")
    assert injected_markup('<a href="javascript:alert(4)">x</a>')
    assert injected_markup("<p><marquee>x</marquee></p>", ["<marquee>x</marquee>"])
    # Markup a sanitiser keeps as it is (Markdown-rendered bold) is not an injection.
    assert not injected_markup("<p><b>gras</b></p>", ["<b>gras</b>"])


def test_what_a_form_should_store():
    assert expected_stored("  =1+1 ") == "=1+1"
    assert expected_stored("avant\x00après") is None
    assert expected_stored("x" * 101, max_length=100) is None
    assert expected_stored("surrogate \ud800 seul") == "surrogate \ufffd\ufffd\ufffd seul"


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_corpus_tables_read_back_intact(file_format):
    """The files the importer tests upload hold the corpus as a spreadsheet would save it."""

    def kept(text: str) -> str:
        value = as_sent(text) if file_format == "csv" else xml_safe(text)
        value = value.replace("\x00", "").strip()
        if file_format != "csv":
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return value

    texts = [t for t in HOSTILE_STRINGS if len(t) < 50_000 and kept(t)]
    data = table_bytes([["texte"], *[[t] for t in texts]], file_format)
    table = read_tabular(data, f"import.{file_format}")
    cells = [row[0].replace("\r", "\n") if file_format != "csv" else row[0] for row in table.rows]
    assert cells == [kept(t) for t in texts]


@settings(max_examples=60, deadline=None)
@given(file=importer_files())
def test_importer_files_strategy_feeds_the_reader(file):
    data, name = file
    try:
        table = read_tabular(data, name)
    except TabularError as error:
        assert str(error)
    else:
        assert isinstance(table, Table)


def test_markup_the_templates_write_themselves_is_not_an_injection():
    page = "<main><script>document.body.focus()</script><p>x</p></main>"
    assert not injected_markup(page, ["<script>", "<p>"])
    assert injected_markup("<p><blink>x</blink></p>", ["<blink>x</blink>"])
