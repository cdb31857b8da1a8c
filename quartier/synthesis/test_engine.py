"""Engine tests on small hand-made French inputs whose grouping is known."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from quartier.synthesis import Grouping, Theme, group_csv, group_texts
from quartier.synthesis.describe import fallback_label
from quartier.synthesis.engine import REASON_EMPTY, REASON_SHORT
from quartier.synthesis.lexicon import Lexicon, fold

# Three themes of a neighbourhood consultation, written as people say and type them
# (missing accents, typos, oral style).
YOUTH = [
    "Les jeunes du quartier trainent le soir, ils ont rien a faire, faut un local pour les jeunes",
    "Pour les ados il manque un lieu, un club de foot ou une maison des jeunes ouverte le soir",
    "On voudrait des animateurs pour les jeunes pendant les vacances scolaires",
    "Les adolescents s'ennuient, il faudrait des activités sportives pour la jeunesse",
    "les jeune zonent en bas des immeubles, un éducateur de rue pour les jeunes ça aiderait",
    "Ouvrir la maison des jeunes le week-end et pendant les vacances",
    "Plus d'activités pour les ados : sport, musique, club de jeunes",
    "Un éducateur pour accompagner les jeunes qui décrochent de l'école",
]
TRANSPORT = [
    "Le bus passe une fois par heure, on est coupé de la ville, c'est l'isolement",
    "Il faut plus de bus le dimanche pour aller en ville, sans voiture on est isolé",
    "La ligne de bus s'arrete à 19h, impossible de rentrer du travail sans voiture",
    "Le quartier est loin de tout, pas de gare, pas de bus le soir",
    "Sans permis de conduire on peut pas aller au marché en ville, le bus est trop rare",
    "Un minibus pour les personnes âgées qui ne peuvent plus aller en ville",
    "Les horaires du bus ne correspondent pas aux horaires de travail",
    "On est isolés, le bus pour la ville passe rarement et la gare est loin",
]
TIES = [
    "On ne connait plus ses voisins, il faudrait une fête des voisins chaque année",
    "Organiser un repas de quartier pour que les voisins se rencontrent",
    "Avant il y avait une fete de quartier, les gens se parlaient, les voisins s'entraidaient",
    "Un café associatif pour se retrouver entre voisins et discuter",
    "Les anciens sont seuls chez eux, les voisins pourraient passer les voir, un repas partagé",
    "Une fête de quartier avec les associations pour créer du lien entre voisins",
    "Un lieu de rencontre, un café des habitants où les voisins se retrouvent",
    "Faire un repas partagé entre voisins une fois par mois",
]
TEXTS = YOUTH + TRANSPORT + TIES
TRUTH = [0] * len(YOUTH) + [1] * len(TRANSPORT) + [2] * len(TIES)


@pytest.fixture(scope="module")
def forced() -> Grouping:
    return group_texts(TEXTS, n_themes=3)


def _purity(grouping: Grouping) -> float:
    """Share of rows whose theme's majority true group is their own group."""
    good = 0
    for theme in grouping.themes:
        counts = Counter(TRUTH[row] for row in theme.members)
        good += counts.most_common(1)[0][1]
    return good / len(TEXTS)


def test_three_forced_themes_recover_the_hand_made_groups(forced: Grouping) -> None:
    assert len(forced.themes) == 3
    assert _purity(forced) >= 0.85
    # Each true group has a theme of its own.
    majorities = {Counter(TRUTH[r] for r in t.members).most_common(1)[0][0] for t in forced.themes}
    assert majorities == {0, 1, 2}


def test_keywords_and_labels_speak_french(forced: Grouping) -> None:
    words = {w for theme in forced.themes for k in theme.keywords for w in fold(k).split()}
    for stem in ("jeune", "bus", "voisin"):
        assert any(word.startswith(stem) for word in words), (stem, words)
    for theme in forced.themes:
        assert theme.label[:1].isupper()
        assert 1 <= len(theme.label.split()) <= 4
        assert 1 <= len(theme.keywords) <= 8
        assert theme.key


def test_fallback_labels_lead_with_a_noun_rather_than_a_verb() -> None:
    lexicon = Lexicon({"passer": "passer", "dimanche": "dimanche"}, {}, set(), {"dimanche"})
    assert fallback_label(lexicon, ["passer", "dimanche"]) == "Dimanche"
    assert fallback_label(lexicon, ["passer"]) == "Divers"
    assert fallback_label(lexicon, []) == "Divers"


def test_quotes_are_distinct_members(forced: Grouping) -> None:
    for theme in forced.themes:
        assert 1 <= len(theme.quotes) <= 5
        assert len(set(theme.quotes)) == len(theme.quotes)
        assert set(theme.quotes) <= set(theme.members)
        assert theme.size == len(theme.members)


def test_chooses_a_sensible_number_of_themes_itself() -> None:
    grouping = group_texts(TEXTS)
    assert 2 <= len(grouping.themes) <= 7
    assert _purity(grouping) >= 0.75
    placed = sum(1 for a in grouping.assignments if a is not None)
    assert placed >= 0.7 * len(TEXTS)


def test_deterministic() -> None:
    first, second = group_texts(TEXTS), group_texts(TEXTS)
    assert first == second


def test_short_and_empty_texts_go_to_other_with_a_reason() -> None:
    texts = [*TEXTS, "ok", "", "oui oui et alors", "???"]
    grouping = group_texts(texts, n_themes=3)
    n = len(TEXTS)
    assert grouping.assignments[n:] == [None, None, None, None]
    assert grouping.other_reasons[n] == REASON_SHORT
    assert grouping.other_reasons[n + 1] == REASON_SHORT
    assert grouping.other_reasons[n + 2] == REASON_EMPTY
    assert set(grouping.other_reasons) >= {n, n + 1, n + 2, n + 3}
    assert all(grouping.assignments[row] is None for row in grouping.other_reasons)


def test_salience_counts_distinct_authors_and_orders_themes(forced: Grouping) -> None:
    # Youth rows all by one person; transport rows by two; ties rows anonymous (one each).
    authors = ["alice"] * 8 + ["bob", "carla"] * 4 + [None] * 8
    grouping = group_texts(TEXTS, authors, n_themes=3)
    by_group = {}
    for theme in grouping.themes:
        by_group[Counter(TRUTH[r] for r in theme.members).most_common(1)[0][0]] = theme
    assert by_group[0].authors == len({authors[r] for r in by_group[0].members})
    assert by_group[2].authors == by_group[2].size
    assert [t.authors for t in grouping.themes] == sorted(
        (t.authors for t in grouping.themes), reverse=True
    )
    assert [t.id for t in grouping.themes] == list(range(len(grouping.themes)))


def test_assignments_match_members(forced: Grouping) -> None:
    assert len(forced.assignments) == len(TEXTS)
    for theme in forced.themes:
        assert all(forced.assignments[row] == theme.id for row in theme.members)
    assert sum(t.size for t in forced.themes) + len(forced.other_reasons) == len(TEXTS)


def test_hostile_and_degenerate_inputs() -> None:
    assert group_texts([]) == Grouping(themes=[], assignments=[], other_reasons={})
    grouping = group_texts(["<script>alert(1)</script>", "=1+1", "\u202eévil", "a" * 5000])
    assert len(grouping.assignments) == 4
    assert isinstance(group_texts(["Un bus le soir pour aller en ville"]).themes, list)


@pytest.mark.parametrize("size", [2, 3, 4, 5])
def test_a_handful_of_texts_never_breaks_the_choice_of_k(size: int) -> None:
    texts = [
        "Il faut plus de bus le soir",
        "Les jeunes n'ont rien à faire le soir",
        "Un local pour les jeunes du quartier",
        "Le bus ne passe pas le dimanche",
        "On ne connaît pas ses voisins",
    ][:size]
    grouping = group_texts(texts)
    assert len(grouping.assignments) == size
    placed = {i for theme in grouping.themes for i in theme.members}
    assert placed | set(grouping.other_reasons) == set(range(size))


def test_group_csv_reads_latin1_semicolons_like_group_texts(tmp_path) -> None:
    path = tmp_path / "contributions.csv"
    with path.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["auteur", "texte"])
        for i, text in enumerate(TEXTS):
            writer.writerow([f"p{i % 5}", text])
    from_file = group_csv(path, "texte", "auteur", n_themes=3)
    in_memory = group_texts(TEXTS, [f"p{i % 5}" for i in range(len(TEXTS))], n_themes=3)
    assert from_file.assignments == in_memory.assignments
    assert [t.label for t in from_file.themes] == [t.label for t in in_memory.themes]
    assert all(isinstance(t, Theme) for t in from_file.themes)


def test_lexicon_keeps_the_capitals_of_acronyms() -> None:
    lexicon = Lexicon.learn(
        ["La permanence de la CAF a fermé", "Il faut revoir la CAF et la mairie"] * 3
    )
    assert lexicon.show(lexicon.lemma("caf")) == "CAF"
    assert lexicon.show(lexicon.lemma("mairie")) == "mairie"


def test_lexicon_folds_accents_typos_and_plurals() -> None:
    lexicon = Lexicon.learn(TEXTS)
    assert lexicon.lemma("Éducateur") == lexicon.lemma("educateur") == "educateur"
    assert lexicon.lemma("voisns") == lexicon.lemma("voisins") == lexicon.lemma("voisin")
    assert lexicon.lemma("euh") is None and lexicon.lemma("les") is None
    assert lexicon.show("jeune") == "jeunes"
