"""Two levels: themes with sub-themes when a theme holds distinct sub-topics, labels that are
distinct noun phrases at each level, and the bookkeeping that ties rows to both levels."""

from __future__ import annotations

import random

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import normalize

from quartier.synthesis import Grouping, group_texts, partition
from quartier.synthesis.lexicon import fold, load_nlp

# Two themes, each of two sub-topics: every text says its theme in the theme's words (getting
# to town without a car; the young of the estate who have nothing to do), then adds what it
# asks for, in the words of its sub-topic.
_ANCHORS = {
    "transport": [
        "Sans voiture on est coincé, aller en ville c'est toute une histoire.",
        "Pour aller en ville sans voiture, les transports sont un vrai problème.",
        "Les transports pour aller en ville sans voiture, c'est la galère.",
        "Quand on n'a pas de voiture, aller en ville est compliqué.",
    ],
    "jeunes": [
        "Les jeunes du quartier n'ont rien à faire et traînent dehors.",
        "Pour les jeunes du quartier il n'y a rien, ils s'ennuient dehors.",
        "Les jeunes s'ennuient dans le quartier, ils traînent toute la journée.",
        "Dans le quartier les jeunes n'ont aucune activité, ils traînent.",
    ],
    "proprete": [
        "Les poubelles débordent au pied des immeubles, c'est sale.",
        "Les déchets traînent partout, les poubelles ne sont pas ramassées.",
        "C'est sale : des déchets devant les immeubles et des poubelles pleines.",
        "Les encombrants et les déchets s'entassent près des poubelles.",
    ],
}
_ASKS = ["Il faudrait {a}.", "On voudrait {a} et {b}.", "Ce qu'il faut : {a}.", "Vivement {a}."]
SUBTOPICS = {
    ("transport", "bus"): [
        "un bus le dimanche", "des horaires de bus le soir", "une ligne de bus vers la gare",
        "un arrêt de bus près de l'école", "des bus plus fréquents", "le bus de nuit",
    ],
    ("transport", "velo"): [
        "des pistes cyclables", "un garage à vélos", "des vélos en location",
        "une piste cyclable vers le centre", "des arceaux pour les vélos", "un atelier vélo",
    ],
    ("jeunes", "sport"): [
        "un terrain de foot", "un club de foot", "un gymnase ouvert le soir",
        "un tournoi de foot", "des cours de boxe", "un city stade",
    ],
    ("jeunes", "ecole"): [
        "de l'aide aux devoirs", "du soutien scolaire", "des cours de français le mercredi",
        "une salle pour faire les devoirs", "des bénévoles pour le soutien scolaire",
        "un accompagnement à l'école",
    ],
    ("proprete", "proprete"): [
        "un ramassage plus souvent", "des conteneurs plus grands", "plus d'agents de propreté",
        "une collecte des encombrants", "des poubelles de tri", "un nettoyage des halls",
    ],
}  # fmt: skip


def _corpus(per_subtopic: int = 50, seed: int = 3) -> tuple[list[str], list[tuple[str, str]]]:
    rng = random.Random(seed)
    texts, truth = [], []
    for key, phrases in SUBTOPICS.items():
        for _ in range(per_subtopic):
            a, b = rng.sample(phrases, 2)
            ask = rng.choice(_ASKS).format(a=a, b=b)
            texts.append(f"{rng.choice(_ANCHORS[key[0]])} {ask}")
            truth.append(key)
    order = list(range(len(texts)))
    rng.shuffle(order)
    return [texts[i] for i in order], [truth[i] for i in order]


@pytest.fixture(scope="module")
def corpus() -> tuple[list[str], list[tuple[str, str]]]:
    return _corpus()


@pytest.fixture(scope="module")
def grouping(corpus) -> Grouping:
    return group_texts(corpus[0])


def _majority(rows: list[int], truth: list, level: int) -> object:
    values = [truth[r][level] for r in rows]
    return max(set(values), key=values.count)


def _purity(rows: list[int], truth: list, level: int) -> float:
    values = [truth[r][level] for r in rows]
    return values.count(_majority(rows, truth, level)) / len(values)


def test_themes_and_sub_themes_each_stay_inside_one_topic(grouping, corpus) -> None:
    _texts, truth = corpus
    assert 3 <= len(grouping.themes) <= 8
    found = {_majority(t.members, truth, 0) for t in grouping.themes}
    assert found == {"transport", "jeunes", "proprete"}
    for theme in grouping.themes:
        assert _purity(theme.members, truth, 0) >= 0.9
        for sub in theme.subthemes:
            assert _purity(sub.members, truth, 0) >= 0.9


def test_large_themes_get_sub_themes(grouping) -> None:
    split = [t for t in grouping.themes if t.subthemes]
    assert split, [t.size for t in grouping.themes]
    assert all(len(t.subthemes) >= 2 for t in split)
    assert all(t.size >= partition.SUB_MIN_PARENT for t in split)


def test_sub_themes_belong_to_their_theme_and_ids_are_unique(grouping) -> None:
    ids = [s.id for t in grouping.themes for s in t.subthemes]
    assert ids == list(range(len(ids)))
    assert len(grouping.subassignments) == len(grouping.assignments)
    for theme in grouping.themes:
        for sub in theme.subthemes:
            assert sub.parent == theme.id and not sub.subthemes
            assert set(sub.members) <= set(theme.members)
            assert sub.size == len(sub.members) == grouping.subassignments.count(sub.id)
            assert set(sub.quotes) <= set(sub.members) and len(sub.excerpts) == len(sub.quotes)
    for row, (theme, sub) in enumerate(
        zip(grouping.assignments, grouping.subassignments, strict=True)
    ):
        if theme is None:
            assert sub is None and row in grouping.other_reasons
        elif sub is not None:
            assert sub in {s.id for s in grouping.themes[theme].subthemes}


def _is_noun_phrase(label: str) -> bool:
    """spaCy's parse of the label: its root is a noun (a phrase may join two with « et »)."""
    doc = load_nlp()(label)
    roots = [t for t in doc if t.head.i == t.i]
    return bool(roots) and all(root.pos_ in ("NOUN", "PROPN") for root in roots)


def test_labels_are_distinct_noun_phrases_at_both_levels(grouping) -> None:
    labels = [t.label for t in grouping.themes]
    assert len({fold(label) for label in labels}) == len(labels)
    for theme in grouping.themes:
        assert _is_noun_phrase(theme.label), theme.label
        assert theme.label[:1].isupper()
        subs = [fold(s.label) for s in theme.subthemes]
        assert len(set(subs)) == len(subs)
        assert fold(theme.label) not in subs
        for sub in theme.subthemes:
            assert _is_noun_phrase(sub.label), sub.label


def test_labels_use_the_words_of_their_theme(grouping, corpus) -> None:
    texts, _truth = corpus
    for theme in grouping.themes:
        words = {w for row in theme.members for w in fold(texts[row]).replace("'", " ").split()}
        label_words = [w for w in fold(theme.label).replace("'", " ").split() if len(w) >= 3]
        assert label_words and set(label_words) <= words | {"les", "des", "aux"}, theme.label


def test_small_themes_hold_no_sub_themes() -> None:
    texts, _truth = _corpus(per_subtopic=6)
    grouping = group_texts(texts)
    assert all(not t.subthemes for t in grouping.themes)
    assert all(s is None for s in grouping.subassignments)


def test_shuffled_input_finds_the_same_themes(grouping, corpus) -> None:
    texts, _truth = corpus
    order = list(range(len(texts)))
    random.Random(11).shuffle(order)
    shuffled = group_texts([texts[i] for i in order])
    back = [-1] * len(texts)
    for position, row in enumerate(order):
        theme = shuffled.assignments[position]
        back[row] = -1 if theme is None else theme
    before = [-1 if a is None else a for a in grouping.assignments]
    assert len(shuffled.themes) == len(grouping.themes)
    assert adjusted_rand_score(before, back) >= 0.8


def _blobs(centres: int, per: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    middle = rng.normal(size=(1, 40)) * 3
    offsets = rng.normal(size=(centres, 40)) * (1.2 if centres > 1 else 0)
    points = np.vstack([middle + o + rng.normal(size=(per, 40)) for o in offsets])
    return normalize(points).astype(np.float32)


def test_a_theme_of_two_sub_topics_splits_in_two() -> None:
    centres = partition.subthemes(_blobs(2, 60), seed=0)
    assert centres is not None and len(centres) == 2


def test_a_theme_without_sub_topics_does_not_split() -> None:
    assert partition.subthemes(_blobs(1, 120), seed=0) is None


def test_the_question_s_words_never_label_a_theme_alone(corpus) -> None:
    texts, _truth = corpus
    plain = group_texts(texts)
    asked = group_texts(texts, question="Que faut-il pour les jeunes du quartier ?")
    for theme in asked.themes:
        assert fold(theme.label) not in ("les jeunes", "jeunes", "le quartier", "quartier")
    assert [t.members for t in asked.themes] == [t.members for t in plain.themes]
