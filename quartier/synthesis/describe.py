"""Keywords and labels of a theme, from the words its own contributions use.

A word's weight in a theme is the share of the theme's rows using it times how much likelier
it is inside than outside (a Kullback-Leibler style weight): frequent in the theme and
distinctive of it. A sub-theme is weighed against the rest of its theme, so its words say what
sets it apart inside the theme.

A label is a French noun phrase people wrote, as spaCy parsed it in the sample: a noun alone
(« Les jeunes ») or with one adjective or complement (« Impôts locaux », « Transports en
commun »), spelled as it was most often written; two such phrases when the theme holds two
equally strong ones (« Les jeunes et le foot »). Never a verb, never two labels alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .lexicon import Lexicon, Phrase, fold

# A more specific phrase (« vote blanc ») replaces its noun (« vote ») if at least this strong.
SPECIFIC = 0.5
# A second phrase joins the label (« A et B ») if the first covers less than this share of the
# theme's rows and the second is nearly as strong and as common.
PAIR_COVERAGE = 0.5
PAIR_STRENGTH = 0.6
PAIR_MIN_SHARE = 0.12  # ...and is used by at least this share of the theme's rows
# Nouns so light they only make sense inside a phrase (« prise en compte », « point de vue »):
# never a label on their own.
_LIGHT_NOUNS = {
    "compte", "point", "sujet", "cote", "sorte", "fois", "facon", "maniere", "moment", "chose",
    "niveau", "cas", "part", "place", "type", "raison", "fait", "mise", "prise", "terme",
    "ensemble", "partie", "monde", "vue", "effet", "lieu", "ordre", "cadre", "sens", "base",
    "moyen", "fin", "suite", "tour", "rapport", "question", "probleme", "solution", "idee",
    # units and amounts: « Impôt et euros » says nothing the first word did not
    "euro", "euros", "million", "milliard", "pourcent", "heure", "minute", "semaine", "mois",
    "kilometre", "nombre", "somme", "montant", "chiffre",
}  # fmt: skip
# A noun must be used as a noun at least this share of the times it was written.
NOUN_SHARE = 0.6


def weights(inside: np.ndarray, outside: np.ndarray, rows: int) -> np.ndarray:
    """Weight of each vocabulary term for a theme (shares of rows inside and outside it)."""
    smooth = 1.0 / max(1, rows)
    return inside * np.log((inside + smooth) / (outside + smooth))


def keywords(
    lexicon: Lexicon, names: Sequence[str], score: np.ndarray, limit: int = 8
) -> list[str]:
    """The theme's strongest terms, pairs replacing their words when nearly as strong."""
    order = np.lexsort((names, -score))
    chosen: list[str] = []
    weight: dict[str, float] = {}
    for index in order:
        if score[index] <= 0 or len(chosen) >= limit:
            break
        term = str(names[index])
        parts = term.split(" ")
        weight[term] = float(score[index])
        if len(parts) == 1:
            if not any(term in other.split(" ") for other in chosen):
                chosen.append(term)
            continue
        if any(" " in other and set(other.split(" ")) & set(parts) for other in chosen):
            continue  # overlaps a pair already there ("vote blanc" vs "reconnaître vote")
        overlap = [other for other in chosen if other in parts]
        if not overlap:
            chosen.append(term)
        elif score[index] >= SPECIFIC * max(weight[other] for other in overlap):
            # The pair says more than its word(s) and is nearly as common: it replaces them.
            at = min(chosen.index(other) for other in overlap)
            chosen = [other for other in chosen if other not in overlap]
            chosen.insert(at, term)
    # Two lemmas can read the same ("privé" from prive and priver): show each once.
    shown: dict[str, str] = {}
    for term in chosen:
        shown.setdefault(lexicon.show(term), term)
    return list(shown.values())


@dataclass(frozen=True)
class Candidate:
    score: float
    share: float  # share of the theme's rows using it
    phrase: Phrase


@dataclass(frozen=True)
class Phrases:
    """The phrases that may label a theme, with their column in the vocabulary."""

    phrases: list[Phrase]
    columns: np.ndarray


def label_phrases(
    lexicon: Lexicon, vocabulary: dict[str, int], question: set[str] | None = None
) -> Phrases:
    """Parsed noun phrases that are also terms of the vocabulary, once for all themes.

    The question's own words are what every answer is about: not a label on their own.
    """
    phrases, columns = [], []
    context = question or set()
    for key, phrase in sorted(lexicon.phrases.items()):
        index = vocabulary.get(" ".join(key))
        if index is None or set(key) <= context:
            continue
        light = key[0] in _LIGHT_NOUNS or key[0] in lexicon.bound
        if len(key) == 1 and (key[0] not in lexicon.nouns or light):
            continue  # a word mostly used as a verb or adjective is not a label on its own
        if len(key) > 1 and phrase.count < 2:
            continue  # a phrase parsed once may be a parsing accident (« citoyen de la décision »)
        phrases.append(phrase)
        columns.append(index)
    return Phrases(phrases, np.asarray(columns, dtype=np.int64))


def candidates(
    table: Phrases, score: np.ndarray, inside: np.ndarray, limit: int = 12
) -> list[Candidate]:
    """Noun phrases of the theme, strongest first."""
    if not len(table.columns):
        return []
    weights = score[table.columns]
    order = [i for i in np.argsort(-weights, kind="stable")[: limit * 5] if weights[i] > 0]
    found = [
        Candidate(float(weights[i]), float(inside[table.columns[i]]), table.phrases[i])
        for i in order
    ]
    found.sort(key=lambda c: (-c.score, c.phrase.key))
    # A noun gives way to a more specific phrase of it that is nearly as strong.
    out: list[Candidate] = []
    for candidate in found:
        key = candidate.phrase.key
        if len(key) == 1:
            specific = next(
                (
                    other
                    for other in found
                    if len(other.phrase.key) > 1
                    and key[0] in other.phrase.key
                    and other.score >= SPECIFIC * candidate.score
                ),
                None,
            )
            if specific is not None:
                candidate = specific
        if all(candidate.phrase.key != c.phrase.key for c in out):
            out.append(candidate)
        if len(out) >= limit:
            break
    return out


def _with_article(phrase: Phrase) -> str:
    article = phrase.article
    text = phrase.text
    if not article:
        return text
    return f"{article}{text}" if article.endswith(("'", "’")) else f"{article} {text}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def phrase_label(options: list[Candidate]) -> list[str]:
    """Possible labels of a theme, best first."""
    labels: list[str] = []
    for i, first in enumerate(options):
        words = set(first.phrase.key)
        # A lone noun reads best with its article (« Les jeunes »), a phrase without one.
        alone = _with_article(first.phrase) if len(first.phrase.key) == 1 else first.phrase.text
        if first.share < PAIR_COVERAGE:
            second = next(
                (
                    other
                    for other in options[i + 1 :]
                    if not set(other.phrase.key) & words
                    and other.score >= PAIR_STRENGTH * first.score
                    and other.share >= max(PAIR_STRENGTH * first.share, PAIR_MIN_SHARE)
                ),
                None,
            )
            if second is not None and len(f"{first.phrase.text} {second.phrase.text}".split()) <= 5:
                # Articles on both sides or neither: « Les jeunes et le foot », « Bus et gare ».
                if first.phrase.article and second.phrase.article:
                    both = f"{_with_article(first.phrase)} et {_with_article(second.phrase)}"
                else:
                    both = f"{first.phrase.text} et {second.phrase.text}"
                labels.append(_capital(both))
        labels.append(_capital(alone))
    return labels


def fallback_label(lexicon: Lexicon, keywords_: list[str]) -> str:
    """Without a parsed phrase: the first keyword holding a noun, else « Divers »."""
    nominal = [k for k in keywords_ if any(part in lexicon.nouns for part in k.split(" "))]
    if not nominal:
        return "Divers"  # never a bare verb or adjective
    return _capital(lexicon.show(nominal[0]))


def distinct_labels(options: list[list[str]], taken: set[str] | None = None) -> list[str]:
    """One label per theme, in theme order, never one already used (folded comparison)."""
    used = set(taken or ())
    out = []
    for number, choices in enumerate(options, start=1):
        label = next((c for c in choices if fold(c) not in used), None)
        if label is None:  # every wording taken: number it rather than repeat a label
            base = choices[0] if choices else "Divers"
            label = next(
                f"{base} ({n})" for n in range(number, 10**6) if fold(f"{base} ({n})") not in used
            )
        used.add(fold(label))
        out.append(label)
    return out
