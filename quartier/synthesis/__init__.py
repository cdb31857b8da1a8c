"""Theme grouping of French contributions (plain Python: no Django import).

    from quartier.synthesis import group_texts, group_csv
    grouping = group_texts(texts, authors)
    for theme in grouping.themes: theme.label, theme.keywords, theme.members, theme.quotes

See engine.py for the method and docs/benchmarks.md for how it measures up.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator

from .csvio import SynthesisInputError, iter_rows
from .engine import CHUNK, SAMPLE_SIZE, Grouping, Progress, Theme, _noop, assign, fit, group_texts


def group_csv(
    path: str | os.PathLike,
    text_column: str,
    author_column: str | None = None,
    *,
    n_themes: int | None = None,
    progress: Progress | None = None,
    seed: int = 0,
    question: str = "",
) -> Grouping:
    """Group the rows of a CSV file, streaming it twice (sample, then assignment).

    Memory stays bounded by the sample and one chunk, whatever the number of rows; raises
    SynthesisInputError (French message) for an unreadable file or a missing column.
    """
    progress = progress or _noop
    # Pass 1: reservoir sample (seeded, so deterministic) and row count.
    rng = random.Random(seed)
    sample: list[str] = []
    total = 0
    for text, _author in iter_rows(path, text_column, author_column):
        if total < SAMPLE_SIZE:
            sample.append(text)
        else:
            slot = rng.randrange(total + 1)
            if slot < SAMPLE_SIZE:
                sample[slot] = text
        total += 1
        if total % 100_000 == 0:
            progress(0.01, f"lecture du fichier ({total} lignes)")
    if total == 0:
        return Grouping(themes=[], assignments=[], other_reasons={})
    model = fit(sample, n_themes=n_themes, seed=seed, progress=progress, question=question)
    del sample

    def chunks() -> Iterator[tuple[list[str], list[str | None]]]:
        texts: list[str] = []
        authors: list[str | None] = []
        for text, author in iter_rows(path, text_column, author_column):
            texts.append(text)
            authors.append(author)
            if len(texts) >= CHUNK:
                yield texts, authors
                texts, authors = [], []
        if texts:
            yield texts, authors

    return assign(model, chunks(), total=total, forced=n_themes is not None, progress=progress)


__all__ = ["Grouping", "SynthesisInputError", "Theme", "group_csv", "group_texts"]
