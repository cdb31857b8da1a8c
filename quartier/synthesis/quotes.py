"""Quotes as a restitution shows them: short, in the residents' words, on the theme.

A quote is the sentence (or the few consecutive sentences) of a contribution that carries most
of the theme's words, at most MAX_CHARS long, cut on sentence boundaries and marked « … » where
text was left out; the row index stays with it, so the full text is one click away. Quotes come
from the contributions closest to the theme's centre, from different authors where possible,
and never repeat one another.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from quartier.synthesis.text import fold

MAX_CHARS = 240
ELLIPSIS = "…"
# Where a sentence ends: after . ! ? … followed by a space (not « 5.5 »), at a line break, or
# before a list bullet (" - ", "•", "2) ").
_BOUNDARY = re.compile(r"[.!?…]+(?=\s|$)|\n+|(?<=\s)(?=[-*•]\s)|(?<=\s)(?=\d{1,2}\)\s)|•")
_BULLET = re.compile(r"^[-*•]\s+")  # a list bullet opening the excerpt: not the resident's words
_CLAUSE = re.compile(r"[^,;:—–()]+[,;:—–()]?", re.UNICODE)
_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)
NEAR_DUPLICATE = 0.6  # share of shared lemmas above which two quotes say the same
EXAMINED = 30  # candidates (the most central) whose excerpt is worked out


@dataclass(frozen=True)
class Quote:
    row: int
    text: str


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, spaces trimmed."""
    cuts = [0]
    for match in _BOUNDARY.finditer(text):
        ends_sentence = match.group()[:1] in (".", "!", "?", "…")
        cuts.append(match.end() if ends_sentence else match.start())
    cuts.append(len(text))
    spans = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        while start < end and (text[start].isspace() or text[start] == "•"):
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def _trim_words(text: str, limit: int) -> str:
    """At most `limit` characters, cut after a whole word."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:—–")
    return cut or text[:limit]


def excerpt(text: str, weight: Callable[[str], float], limit: int = MAX_CHARS) -> str:
    """The part of `text` that carries the theme: whole sentences, « … » where cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    spans = sentences(text)
    if not spans:
        return _trim_words(text, limit - 2) + " " + ELLIPSIS
    scores = [weight(text[s:e]) for s, e in spans]
    best: tuple[float, int, int] | None = None  # (score, first, last) of a window that fits
    for first in range(len(spans)):
        for last in range(first, len(spans)):
            length = spans[last][1] - spans[first][0] + 4  # room for the two « … »
            if length > limit:
                break
            total = sum(scores[first : last + 1])
            # Ties: the earlier window (people state their point first).
            if best is None or total > best[0] + 1e-9:
                best = (total, first, last)
    if best is None:
        # One sentence longer than the limit: its clauses that carry the theme, then words.
        start, end = max(zip(spans, scores, strict=True), key=lambda item: item[1])[0]
        sentence = text[start:end]
        body = _best_clauses(sentence, weight, limit - 4)
        prefix = ELLIPSIS + " " if start > 0 or not sentence.startswith(body) else ""
        return f"{prefix}{body} {ELLIPSIS}"
    _score, first, last = best
    start, end = spans[first][0], spans[last][1]
    body = _BULLET.sub("", text[start:end])
    prefix = ELLIPSIS + " " if start > 0 else ""
    suffix = " " + ELLIPSIS if end < len(text) else ""
    return f"{prefix}{body}{suffix}"


def _best_clauses(sentence: str, weight: Callable[[str], float], limit: int) -> str:
    clauses = [m.span() for m in _CLAUSE.finditer(sentence) if m.group().strip()]
    best: tuple[float, int, int] | None = None
    for first in range(len(clauses)):
        for last in range(first, len(clauses)):
            if clauses[last][1] - clauses[first][0] > limit:
                break
            total = sum(weight(sentence[s:e]) for s, e in clauses[first : last + 1])
            if best is None or total > best[0] + 1e-9:
                best = (total, first, last)
    if best is None:
        return _trim_words(sentence, limit)
    _score, first, last = best
    return sentence[clauses[first][0] : clauses[last][1]].strip().rstrip(",;:—–( ")


def choose(
    pool: Sequence[tuple[float, int, str, str | None]],
    lemmas: Callable[[str], list[str]],
    weight: Callable[[str], float],
    limit: int = 3,
) -> list[Quote]:
    """Up to `limit` quotes from (centrality, row, text, author), best first.

    First pass: one quote per author (anonymous rows count as distinct authors); second pass
    only if there are not enough authors. A quote sharing most of its words with one already
    chosen is a near-duplicate and skipped.
    """
    cuts = []
    # The most central candidates only: enough choice, and each excerpt costs a parse.
    examined = sorted(pool, key=lambda item: (-item[0], item[1]))[:EXAMINED]
    for centrality, row, text, author in examined:
        cut = excerpt(text, weight)
        if lemmas(cut):
            cuts.append((centrality, row, cut, author, weight(cut), len(cut) < len(text)))
    strongest = max((c[4] for c in cuts), default=0.0) or 1.0
    ranked = []
    for centrality, row, cut, author, carried, was_cut in cuts:
        # Central, carrying the theme's words, and whole (a cut quote reads less well).
        score = centrality * (1.0 + carried / strongest) * (0.85 if was_cut else 1.0)
        ranked.append((score, row, cut, author))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    chosen: list[tuple[Quote, set[str], str | None]] = []
    for distinct_authors in (True, False):
        for _score, row, cut, author in ranked:
            if len(chosen) >= limit:
                break
            if any(q.row == row for q, _, _ in chosen):
                continue
            if distinct_authors and author is not None and any(a == author for *_, a in chosen):
                continue
            words = set(lemmas(cut))
            if any(
                len(words & other) / max(1, min(len(words), len(other))) > NEAR_DUPLICATE
                for _, other, _ in chosen
            ):
                continue
            chosen.append((Quote(row, cut), words, author))
    return [quote for quote, _, _ in chosen]


def keyword_weight(keywords: Sequence[str]) -> Callable[[str], float]:
    """A weight for `excerpt` from a theme's keywords alone (no model needed): how many of
    their words a piece of text holds, plurals and accents aside. For stored themes, whose
    quotes are shortened when shown."""
    stems = {fold(w).rstrip("sx") for k in keywords for w in _WORDS.findall(k) if len(w) > 2}

    def weigh(text: str) -> float:
        found = {fold(w).rstrip("sx") for w in _WORDS.findall(text)}
        return float(len(stems & found))

    return weigh


def shorten(text: str, keywords: Sequence[str], limit: int = MAX_CHARS) -> str:
    """The quote of `text` a restitution shows for a theme with these keywords."""
    return excerpt(text, keyword_weight(keywords), limit)
