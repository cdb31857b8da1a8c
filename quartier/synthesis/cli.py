"""`quartier themes`: group a CSV file's contributions and write a JSON, HTML or Markdown report.

Plain Python (the Django management command is a thin wrapper) so it can be tested and
benchmarked without settings.

JSON contract: `themes` (id, label, key, keywords, size, authors, quotes: row indices,
quote_texts: the quotes as a restitution shows them, at most about 240 characters) and
`assignments` (a theme id or null per row) as before; each theme also has `subthemes` (the same
fields, sub-theme ids unique in the file) and each row a `subassignments` entry (a sub-theme id
or null). The HTML and Markdown reports show the sub-themes under their theme, and the full
text of each quote, read again for the quoted rows only, so a million-row file never sits in
memory.
"""

from __future__ import annotations

import html
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from . import group_csv
from .csvio import SynthesisInputError, check_columns, iter_rows, sniff
from .engine import Grouping, Theme

FORMATS = ("json", "html", "md")


def tqdm_progress(stream: TextIO | None = None) -> tuple[Callable[[float, str], None], Callable]:
    """A progress callback drawing a tqdm bar on stderr, and a function to close it."""
    from tqdm import tqdm

    state: dict = {"n": 0, "bar": None}

    def progress(fraction: float, message: str) -> None:
        if state["bar"] is None:  # drawn on first news, so a bad file shows no empty bar
            state["bar"] = tqdm(total=1000, file=stream or sys.stderr, unit="‰", dynamic_ncols=True)
        bar = state["bar"]
        target = int(max(0.0, min(1.0, fraction)) * 1000)
        if target > state["n"]:
            bar.update(target - state["n"])
            state["n"] = target
        bar.set_description_str(message[:60], refresh=False)

    def close() -> None:
        if state["bar"] is not None:
            state["bar"].close()

    return progress, close


def quoted_texts(path: str | os.PathLike, text_column: str, rows: set[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    if not rows:
        return found
    last = max(rows)
    for index, (text, _author) in enumerate(iter_rows(path, text_column)):
        if index in rows:
            found[index] = text
        if index >= last:
            break
    return found


def _theme_data(theme: Theme) -> dict:
    return {
        "id": theme.id,
        "label": theme.label,
        "key": theme.key,
        "keywords": list(theme.keywords),
        "size": theme.size,
        "authors": theme.authors,
        "quotes": list(theme.quotes),
        "quote_texts": list(theme.excerpts),
    }


def to_data(grouping: Grouping) -> dict:
    return {
        "themes": [
            {**_theme_data(theme), "subthemes": [_theme_data(sub) for sub in theme.subthemes]}
            for theme in grouping.themes
        ],
        "assignments": list(grouping.assignments),
        "subassignments": list(grouping.subassignments),
        "other": {
            "size": sum(1 for a in grouping.assignments if a is None),
            "reasons": {str(row): reason for row, reason in grouping.other_reasons.items()},
        },
    }


def _reason_counts(grouping: Grouping) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for reason in grouping.other_reasons.values():
        counts[reason] = counts.get(reason, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


def _md_theme(theme: Theme, number: str, level: str) -> list[str]:
    lines = [
        f"{level} {number}. {theme.label}",
        "",
        f"{_plural(theme.size, 'contribution')}, {_plural(theme.authors, 'auteur')}.",
        "",
        f"Mots-clés : {', '.join(theme.keywords)}",
        "",
    ]
    for row, text in zip(theme.quotes, theme.excerpts, strict=True):
        lines += [f"> « {text} » (ligne {row + 1})", ""]
    return lines


def to_markdown(grouping: Grouping, quotes: dict[int, str], title: str) -> str:
    total = len(grouping.assignments)
    lines = [f"# {title}", "", f"{_plural(total, 'contribution')}, "
             f"{_plural(len(grouping.themes), 'thème')}.", ""]  # fmt: skip
    for theme in grouping.themes:
        lines += _md_theme(theme, str(theme.id + 1), "##")
        for index, sub in enumerate(theme.subthemes, start=1):
            lines += _md_theme(sub, f"{theme.id + 1}.{index}", "###")
    other = total - sum(t.size for t in grouping.themes)
    if other:
        lines += ["## Autres", "", f"{_plural(other, 'contribution')} hors thème :", ""]
        lines += [f"- {reason} : {count}" for reason, count in _reason_counts(grouping)]
        lines.append("")
    if quotes:
        lines += ["## Textes complets des citations", ""]
        lines += [f"- ligne {row + 1} : {' '.join(quotes[row].split())}" for row in sorted(quotes)]
        lines.append("")
    return "\n".join(lines)


def _html_body(theme: Theme, quotes: dict[int, str]) -> list[str]:
    esc = html.escape
    parts = [
        f'<p class="meta">{esc(_plural(theme.size, "contribution"))}, '
        f"{esc(_plural(theme.authors, 'auteur'))}.</p>",
        f"<p>Mots-clés : {esc(', '.join(theme.keywords))}</p>",
    ]
    for row, text in zip(theme.quotes, theme.excerpts, strict=True):
        parts.append(f"<blockquote><p>« {esc(text)} » (ligne {row + 1})</p>")
        full = " ".join(quotes.get(row, "").split())
        if full and full != text:
            parts.append(f"<details><summary>Texte complet</summary><p>{esc(full)}</p></details>")
        parts.append("</blockquote>")
    return parts


def to_html(grouping: Grouping, quotes: dict[int, str], title: str) -> str:
    esc = html.escape
    total = len(grouping.assignments)
    biggest = max((t.authors for t in grouping.themes), default=1) or 1
    parts = [
        "<!DOCTYPE html>",
        '<html lang="fr">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        "<style>",
        "body{font-family:system-ui,sans-serif;max-width:50rem;margin:auto;padding:1rem;"
        "color:#1a1a1a;background:#fff;line-height:1.5;overflow-wrap:anywhere}",
        "section{border-top:1px solid #767676;padding:.5rem 0}section section{margin-left:1rem}",
        "blockquote{margin:.5rem 0;padding-left:1rem;border-left:4px solid #005a9c}",
        ".bar{background:#005a9c;height:.8rem}.meta{color:#4a4a4a}",
        "</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{esc(title)}</h1>",
        f'<p class="meta">{esc(_plural(total, "contribution"))}, '
        f"{esc(_plural(len(grouping.themes), 'thème'))}.</p>",
    ]
    for theme in grouping.themes:
        width = round(100 * theme.authors / biggest)
        parts += [
            f'<section aria-labelledby="theme-{theme.id}">',
            f'<h2 id="theme-{theme.id}">{theme.id + 1}. {esc(theme.label)}</h2>',
            f'<div class="bar" style="width:{width}%" role="img" '
            f'aria-label="{theme.authors} auteurs"></div>',
            *_html_body(theme, quotes),
        ]
        for index, sub in enumerate(theme.subthemes, start=1):
            parts += [
                f'<section aria-labelledby="subtheme-{sub.id}">',
                f'<h3 id="subtheme-{sub.id}">{theme.id + 1}.{index}. {esc(sub.label)}</h3>',
                *_html_body(sub, quotes),
                "</section>",
            ]
        parts.append("</section>")
    other = total - sum(t.size for t in grouping.themes)
    if other:
        parts += [
            '<section aria-labelledby="autres">',
            '<h2 id="autres">Autres</h2>',
            f"<p>{esc(_plural(other, 'contribution'))} hors thème :</p>",
            "<ul>",
        ]
        parts += [f"<li>{esc(r)} : {c}</li>" for r, c in _reason_counts(grouping)]
        parts += ["</ul>", "</section>"]
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def run(
    input_path: str | os.PathLike,
    *,
    text_column: str,
    author_column: str | None = None,
    n_themes: int | None = None,
    fmt: str = "json",
    out: str | os.PathLike,
    progress: Callable[[float, str], None] | None = None,
    question: str = "",
) -> Grouping:
    """Group a CSV and write the report atomically (nothing written if anything fails)."""
    if fmt not in FORMATS:
        raise SynthesisInputError(f"Format inconnu : {fmt} (choix : {', '.join(FORMATS)}).")
    if n_themes is not None and n_themes < 1:
        raise SynthesisInputError("Le nombre de thèmes doit être au moins 1.")
    check_columns(sniff(input_path), text_column, author_column)
    out = Path(out)
    if not out.parent.is_dir():
        raise SynthesisInputError(f"Dossier de sortie introuvable : {out.parent}")
    grouping = group_csv(
        input_path,
        text_column,
        author_column,
        n_themes=n_themes,
        progress=progress,
        question=question,
    )
    title = f"Thèmes : {Path(input_path).name}"
    if fmt == "json":
        body = json.dumps(to_data(grouping), ensure_ascii=False, indent=1)
    else:
        quoted = {r for t in grouping.themes for s in (t, *t.subthemes) for r in s.quotes}
        quotes = quoted_texts(input_path, text_column, quoted)
    if fmt == "html":
        body = to_html(grouping, quotes, title)
    elif fmt == "md":
        body = to_markdown(grouping, quotes, title)
    # Written next to the target then renamed: a failure never leaves a half-written report.
    fd, temp_name = tempfile.mkstemp(dir=out.parent, prefix=".themes-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(body)
        os.chmod(temp_name, 0o666 & ~_umask())  # mkstemp makes it private; use the usual mode
        os.replace(temp_name, out)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return grouping
