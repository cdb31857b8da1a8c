"""Spelling noise: a letter dropped, added, changed or two letters swapped in a frequent word is
one edit and reads as that word; labels and keywords use the most frequent spelling."""

from __future__ import annotations

from collections import Counter

import pytest

from quartier.synthesis import group_texts
from quartier.synthesis.lexicon import Lexicon, one_edit


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("snate", "sante"),  # two letters swapped
        ("impost", "impots"),  # swapped at the end
        ("imots", "impots"),  # one dropped
        ("impotts", "impots"),  # one doubled
        ("impats", "impots"),  # one changed
    ],
)
def test_one_edit_includes_transpositions(typed: str, meant: str) -> None:
    assert one_edit(typed, meant) and one_edit(meant, typed)


@pytest.mark.parametrize(("a", "b"), [("abc", "bca"), ("sante", "santes et"), ("bus", "bus")])
def test_more_than_one_edit_is_not_one_edit(a: str, b: str) -> None:
    assert not one_edit(a, b)


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    texts = (
        ["La santé des enfants passe avant tout pour les familles du quartier."] * 6
        + ["Les impôts locaux sont trop lourds pour les retraités."] * 6
        + ["La snaté des anciens aussi.", "Les impôst augmentent chaque année."]
    )
    return Lexicon.learn(texts)


def test_a_rare_typo_seen_by_spacy_reads_as_the_frequent_word(lexicon: Lexicon) -> None:
    assert lexicon.lemma("snaté") == lexicon.lemma("santé") == "sante"
    assert lexicon.lemma("impôst") == lexicon.lemma("impôts")


def test_an_unseen_typo_reads_as_the_closest_frequent_word(lexicon: Lexicon) -> None:
    assert lexicon.lemma("sanét") == "sante"  # swapped, never in the sample
    assert lexicon.lemma("imôts") == lexicon.lemma("impôts")  # dropped letter
    assert lexicon.lemma("quartiers") == lexicon.lemma("quartier")


def test_real_words_one_edit_apart_stay_apart() -> None:
    lexicon = Lexicon.learn(["La poste du quartier ferme tôt."] * 8 + ["La porte est cassée."])
    assert lexicon.lemma("porte") != lexicon.lemma("poste")


def test_labels_use_the_most_frequent_spelling() -> None:
    right = "La santé des enfants et l'accès aux médecins du quartier."
    texts = [right] * 12 + [right.replace("santé", "snaté")] * 2
    texts += ["Le bus du soir ne passe plus, la ligne de bus vers la gare est coupée."] * 12
    grouping = group_texts(texts)
    shown = Counter(w for t in grouping.themes for w in [t.label, *t.keywords])
    assert not any("snat" in w.lower() for w in shown), shown
    assert any("santé" in w.lower() for w in shown), shown
