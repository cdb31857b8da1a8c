"""Quotes as a restitution shows them: short, whole sentences, « … » where cut, distinct
authors, no near-duplicates, and the row index that leads to the full text."""

from __future__ import annotations

from quartier.synthesis import group_texts, quotes
from quartier.synthesis.lexicon import fold, words

LONG = (
    "Je suis venue à la réunion de mars avec ma voisine du troisième étage. "
    "Nous habitons le quartier depuis vingt ans et nous avons vu beaucoup de changements. "
    "Le bus pour aller en ville ne passe plus le dimanche, et le soir le dernier bus part à "
    "dix-neuf heures. "
    "Mes petits-enfants viennent me voir le mercredi, ils aiment beaucoup le jardin. "
    "Voilà ce que je voulais dire, merci de nous avoir écoutés."
)


def _bus_weight(text: str) -> float:
    return sum(1.0 for w in words(fold(text)) if w in {"bus", "ville", "soir", "dimanche"})


def _whole_sentences(excerpt: str, source: str) -> bool:
    body = excerpt.removeprefix(quotes.ELLIPSIS + " ").removesuffix(" " + quotes.ELLIPSIS)
    spans = [source[s:e] for s, e in quotes.sentences(source)]
    start = next((i for i, span in enumerate(spans) if body.startswith(span)), None)
    if start is None:
        return False
    joined = ""
    for span in spans[start:]:
        joined = f"{joined} {span}".strip()
        if joined == body:
            return True
    return False


def test_a_long_text_is_cut_to_the_sentences_that_carry_the_theme() -> None:
    cut = quotes.excerpt(LONG, _bus_weight)
    assert len(cut) <= quotes.MAX_CHARS
    assert "bus" in cut and "dimanche" in cut
    assert cut.startswith("… ") and cut.endswith(" …")
    assert _whole_sentences(cut, LONG), cut


def test_a_short_text_is_quoted_whole() -> None:
    text = "Le bus ne passe plus le dimanche."
    assert quotes.excerpt(text, _bus_weight) == text


def test_one_overlong_sentence_is_cut_at_its_clauses() -> None:
    sentence = (
        "Moi ce que je voudrais dire, et je le dis depuis longtemps aux gens de la mairie qui "
        "viennent nous voir de temps en temps sans jamais rien changer pour nous autres, "
        "c'est que le bus du soir passe trop tôt, que le dimanche il ne passe pas du tout, "
        "et que sans voiture on ne peut pas aller en ville pour travailler ou voir un médecin"
    )
    cut = quotes.excerpt(sentence, _bus_weight)
    assert len(cut) <= quotes.MAX_CHARS
    assert cut.endswith(quotes.ELLIPSIS) and "bus" in cut
    assert " ".join(cut.strip("… ").split()) in " ".join(sentence.split())


def test_sentences_do_not_break_numbers_and_split_bullets() -> None:
    text = "Baisser la TVA à 5.5 % sur tout. - Taxer le kérosène - Aider les familles"
    spans = [text[s:e] for s, e in quotes.sentences(text)]
    assert spans == [
        "Baisser la TVA à 5.5 % sur tout.",
        "- Taxer le kérosène",
        "- Aider les familles",
    ]


def _lemmas(text: str) -> list[str]:
    return [w for w in words(fold(text)) if len(w) > 3]


def test_quotes_come_from_distinct_authors_where_possible() -> None:
    pool = [
        (0.9, 0, "Le bus ne passe plus le dimanche matin.", "alice"),
        (0.8, 1, "Le dernier bus part trop tôt le soir.", "alice"),
        (0.7, 2, "Sans voiture, aller en ville est impossible.", "bob"),
        (0.6, 3, "Une navette pour la gare serait utile.", None),
    ]
    chosen = quotes.choose(pool, _lemmas, _bus_weight, limit=3)
    assert [q.row for q in chosen] == [0, 2, 3]
    # Not enough authors: the same author may come back rather than fewer quotes.
    again = quotes.choose(pool[:2], _lemmas, _bus_weight, limit=2)
    assert [q.row for q in again] == [0, 1]


def test_near_duplicates_are_quoted_once() -> None:
    pool = [
        (0.9, 0, "Le bus ne passe plus le dimanche.", "a"),
        (0.85, 1, "Le bus ne passe plus le dimanche !", "b"),
        (0.5, 2, "Une navette vers la gare le soir.", "c"),
    ]
    assert [q.row for q in quotes.choose(pool, _lemmas, _bus_weight)] == [0, 2]


def test_engine_quotes_are_short_members_with_their_row() -> None:
    from quartier.synthesis.test_engine import TEXTS

    texts = [*TEXTS, LONG, LONG.replace("voisine", "soeur"), LONG.upper()]
    authors = [f"p{i % 4}" for i in range(len(texts))]
    grouping = group_texts(texts, authors, n_themes=3)
    for theme in grouping.themes:
        assert len(theme.excerpts) == len(theme.quotes) >= 1
        assert set(theme.quotes) <= set(theme.members)
        for row, text in zip(theme.quotes, theme.excerpts, strict=True):
            assert len(text) <= quotes.MAX_CHARS
            body = text.strip("… ")
            assert fold(body) in fold(" ".join(texts[row].split())), (row, text)


def test_a_stored_quote_is_shortened_from_its_theme_s_keywords() -> None:
    cut = quotes.shorten(LONG, ["bus", "dimanche", "ville"])
    assert len(cut) <= quotes.MAX_CHARS and "dimanche" in cut and cut.startswith("… ")
    assert quotes.shorten("Le bus du soir.", ["bus"]) == "Le bus du soir."
