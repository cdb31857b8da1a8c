"""French word handling: spaCy lemmas and stop words, learnt once per distinct word form.

spaCy runs only on a bounded sample of texts; what it says about each word form (lemma, whether
it carries meaning) goes into a Lexicon that then turns any text into lemmas with a regular
expression and dictionary look-ups. That keeps a million rows cheap and every row analysed the
same way, sampled or not. Forms never seen in the sample (typos, rare words) are mapped to a
known form one edit away, so "ecole", "écolle" and "écoles" land on the same lemma.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache

from quartier.synthesis.text import fold  # accents and case ignored, as in every name search

# Words are letter runs; apostrophes split elisions ("l'école" -> "l", "école").
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_CONTENT_POS = {"NOUN", "PROPN", "ADJ", "VERB"}
# Oral fillers and words that are frequent in contributions yet say nothing about the theme.
_EXTRA_STOP = {
    "ben", "bah", "bon", "euh", "heu", "hein", "ouais", "oui", "non", "voila", "truc", "trucs",
    "chose", "choses", "faire", "fait", "etre", "avoir", "falloir", "faut", "pouvoir", "devoir",
    "vouloir", "aller", "dire", "mettre", "mme", "mr", "etc", "ok", "svp", "cf", "tres", "trop",
    "plus", "moins", "bien", "mal", "merci", "bonjour", "gens", "aussi", "donc", "alors", "si",
    "ca", "cela", "cet", "cette", "ces", "tout", "tous", "toute", "toutes", "autre", "autres",
    "meme", "memes", "personne", "exemple", "permettre", "pense", "penser", "croire",
    "savoir", "voir", "trouver", "prendre", "donner", "rendre", "venir", "part", "fois", "an",
    "annee", "jour", "niveau", "cas", "question", "certain", "certains", "certaine", "certaines",
    "grand", "petit", "bonne", "mieux", "nouveau", "nouvelle", "vrai", "vraiment", "rien",
    "beaucoup", "sans", "y", "a", "c", "d", "j", "l", "m", "n", "qu", "s", "t",
}  # fmt: skip


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@lru_cache(maxsize=4)
def load_nlp(model: str = "fr_core_news_sm"):  # noqa: ANN201 - spaCy's Language
    """Load a spaCy pipeline once per process (lemmatiser needs the morphologiser only)."""
    import spacy

    nlp = spacy.load(model, exclude=["parser", "ner"])
    if "lemmatizer" in nlp.pipe_names:
        # spaCy's French rule lemmatiser tests `word in lemma_index[pos]` on lists of up to 66k
        # words, for every new (word, POS) and every matching suffix rule: most of the time
        # spaCy spent here. The same words as sets give the same lemmas, hundreds of times
        # faster.
        index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index", {})
        for pos in list(index.keys()):
            index[pos] = frozenset(index[pos])
    return nlp


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


_NOMINAL_POS = frozenset({"NOUN", "PROPN"})


def _token_facts(
    lower: str, lemma_: str, pos: str, is_stop: bool, stop: set[str]
) -> list[tuple[str, str | None, str | None]]:
    """(form, lemma or None if meaningless, form to display) for each word of a spaCy token."""
    parts = words(lower)
    facts: list[tuple[str, str | None, str | None]] = []
    for part in parts:
        form = fold(part)
        lemma_text = lemma_.lower() if len(parts) == 1 else part
        lemma = fold(lemma_text)
        meaningful = (
            pos in _CONTENT_POS
            and not is_stop
            and form not in stop
            and lemma not in stop
            and len(lemma) > 2
        )
        # Nouns read best as people wrote them ("jeunes", "vacances"), verbs as infinitives.
        shown = (lemma_text if pos == "VERB" else part) if meaningful else None
        facts.append((form, lemma if meaningful else None, shown))
    return facts


class Lexicon:
    """Maps folded word forms to folded lemmas (or None for words that carry no meaning)."""

    def __init__(
        self,
        forms: dict[str, str | None],
        display: dict[str, str],
        stop: set[str],
        nouns: set[str] | None = None,
    ) -> None:
        self.forms = forms
        self.display = display
        self.stop = stop
        # Lemmas used mostly as nouns: theme labels read better built from them.
        self.nouns = nouns or set()
        self._known_lemmas = {lemma for lemma in forms.values() if lemma}
        self._cache: dict[str, str | None] = {}
        # Deletion index over known meaningful forms, built lazily, for one-edit typo matching.
        self._delete_index: dict[str, str] | None = None

    @classmethod
    def learn(
        cls,
        texts: Iterable[str],
        model: str = "fr_core_news_sm",
        progress: Callable[[int], None] | None = None,
    ) -> Lexicon:
        nlp = load_nlp(model)
        stop = {fold(w) for w in nlp.Defaults.stop_words} | _EXTRA_STOP
        votes: dict[str, Counter] = defaultdict(Counter)
        surface: dict[str, Counter] = defaultdict(Counter)
        noun_votes: Counter = Counter()
        batch = 0
        # What a token says depends only on these four attributes: work it out once for each.
        seen: dict[tuple[str, str, str, bool], list[tuple[str, str | None, str | None]]] = {}
        # Small batches: long and short texts padded together cost more than they save.
        for doc in nlp.pipe((t[:2000] for t in texts), batch_size=32):
            for token in doc:
                if not token.is_alpha:
                    continue
                key = (token.lower_, token.lemma_, token.pos_, token.is_stop)
                facts = seen.get(key)
                if facts is None:
                    facts = seen[key] = _token_facts(*key, stop)
                # Acronyms and names keep their capitals ("CAF", "Loire"); the most common
                # spelling wins, so a few messages typed in capitals do not shout every word.
                acronym = (
                    len(facts) == 1
                    and len(token.text) > 1
                    and (token.text.isupper() or (token.pos_ == "PROPN" and token.text.istitle()))
                )
                for form, lemma, shown in facts:
                    votes[form][lemma] += 1
                    if lemma is not None:
                        surface[lemma][token.text if acronym else shown] += 1
                        noun_votes[lemma] += 1 if token.pos_ in _NOMINAL_POS else -1
            batch += 1
            if progress and batch % 64 == 0:
                progress(batch)
        # Ties broken by the lemma text so the same sample always gives the same lexicon.
        forms = {
            form: min(counter.items(), key=lambda kv: (-kv[1], kv[0] or ""))[0]
            for form, counter in votes.items()
        }
        display = {
            lemma: min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            for lemma, counter in surface.items()
        }
        nouns = {lemma for lemma, balance in noun_votes.items() if balance > 0}
        return cls(forms, display, stop, nouns)

    def _fuzzy(self, form: str) -> str | None:
        """A known meaningful form one edit (or one plural letter) away, else None."""
        if self._delete_index is None:
            index: dict[str, str] = {}
            for known in sorted(self.forms):
                if self.forms[known] and len(known) >= 5:
                    for variant in _deletes(known) | {known}:
                        index.setdefault(variant, known)
            self._delete_index = index
        if len(form) < 5:
            return None
        for candidate in (form, *sorted(_deletes(form))):
            known = self._delete_index.get(candidate)
            if known is not None:
                return known
        return None

    def lemma(self, word: str) -> str | None:
        cached = self._cache.get(word, "")  # keyed by the raw word: most words repeat
        if cached != "":
            return cached
        form = fold(word)
        if form in self.forms:
            result = self.forms[form]
        elif form in self.stop or len(form) <= 2:
            result = None
        else:
            known = self._fuzzy(form)
            result = self.forms[known] if known else form
        self._cache[word] = result
        return result

    def lemmas(self, text: str) -> list[str]:
        out = []
        for word in words(text):
            lemma = self.lemma(word)
            if lemma:
                out.append(lemma)
        return out

    def show(self, lemma: str) -> str:
        """Readable (accented) spelling of a folded lemma or 'a b' phrase."""
        return " ".join(self.display.get(part, part) for part in lemma.split(" "))
