"""Sub-themes in the app: stored from a run, shown inside their theme, promoted to a theme by
the team, listed under their theme in the restitution, and kept consistent by curation."""

import pytest
from django.urls import reverse

from quartier.consultation.actions.curation import (
    merge_themes,
    move_contribution,
    promote_subtheme,
)
from quartier.consultation.actions.grouping_run import apply_grouping
from quartier.consultation.actions.restitution import build_restitution
from quartier.consultation.models import Contribution, GroupingRun, SubTheme, Theme
from quartier.people.models import User
from quartier.synthesis import Grouping
from quartier.synthesis import Theme as EngineTheme
from quartier.testing.documents import pdf_words
from quartier.testing.factories import make_user

pytestmark = pytest.mark.django_db

TEXTS = [
    "Le bus ne passe pas le dimanche, on est coincé au quartier toute la journée.",  # 0 bus
    "Plus de bus après 19h pour rentrer du travail.",  # 1 bus
    "Une ligne de bus directe vers la gare.",  # 2 bus
    "Des pistes cyclables pour aller en ville.",  # 3 vélo
    "Un garage à vélos fermé en bas de l'immeuble.",  # 4 vélo
    "Rien pour les ados le soir.",  # 5 jeunes
    "Un terrain de foot pour les jeunes.",  # 6 jeunes
    "Merci pour la réunion.",  # 7 other
]


def _engine(id, label, members, key, parent=None, subthemes=()):
    return EngineTheme(
        id=id,
        label=label,
        keywords=label.lower().split(),
        members=members,
        quotes=members[:2],
        authors=len(members),
        size=len(members),
        key=key,
        excerpts=[TEXTS[i] for i in members[:2]],
        subthemes=list(subthemes),
        parent=parent,
    )


GROUPING = Grouping(
    themes=[
        _engine(
            0,
            "Transports",
            [0, 1, 2, 3, 4],
            "bus-velo",
            subthemes=[
                _engine(0, "Lignes de bus", [0, 1, 2], "bus-ligne", parent=0),
                _engine(1, "Pistes cyclables", [3, 4], "piste-velo", parent=0),
            ],
        ),
        _engine(1, "Les jeunes", [5, 6], "jeune-ado"),
    ],
    assignments=[0, 0, 0, 0, 0, 1, 1, None],
    other_reasons={7: "aucun mot porteur de sens"},
    subassignments=[0, 0, 0, 1, 1, None, None, None],
)


@pytest.fixture
def rows(consultation):
    return [Contribution.objects.create(consultation=consultation, text=t) for t in TEXTS]


@pytest.fixture
def grouped(consultation, rows):
    run = GroupingRun.objects.create(consultation=consultation, status=GroupingRun.Status.DONE)
    summary = apply_grouping(run, list(Contribution.objects.order_by("pk")), GROUPING)
    assert summary["subthemes"] == 2
    themes = {t.label: t for t in consultation.themes.all()}
    subs = {s.label: s for s in SubTheme.objects.all()}
    return {"themes": themes, "subs": subs, "rows": rows, "run": run}


def _sub_of(contribution: Contribution) -> str | None:
    fresh = Contribution.objects.select_related("subtheme").get(pk=contribution.pk)
    return fresh.subtheme.label if fresh.subtheme else None


def test_a_run_stores_sub_themes_inside_their_theme(grouped) -> None:
    transports = grouped["themes"]["Transports"]
    assert [s.label for s in transports.subthemes.all()] == ["Lignes de bus", "Pistes cyclables"]
    assert not grouped["themes"]["Les jeunes"].subthemes.exists()
    bus = grouped["subs"]["Lignes de bus"]
    assert bus.quotes == [grouped["rows"][0].pk, grouped["rows"][1].pk]
    assert bus.engine_key == "bus-ligne" and bus.created_by_run == grouped["run"]
    assert [_sub_of(r) for r in grouped["rows"]] == (
        ["Lignes de bus"] * 3 + ["Pistes cyclables"] * 2 + [None] * 3
    )


def test_a_rerun_replaces_the_sub_themes_of_a_theme(consultation, grouped) -> None:
    run = GroupingRun.objects.create(consultation=consultation, status=GroupingRun.Status.DONE)
    flat = Grouping(
        themes=[_engine(0, "Transports", [0, 1, 2, 3, 4], "bus-velo"), GROUPING.themes[1]],
        assignments=GROUPING.assignments,
        other_reasons=GROUPING.other_reasons,
        subassignments=[None] * len(TEXTS),
    )
    apply_grouping(run, list(Contribution.objects.order_by("pk")), flat)
    assert not SubTheme.objects.exists()
    assert all(_sub_of(r) is None for r in grouped["rows"])


def test_promoting_a_sub_theme_makes_it_a_theme_with_its_contributions(grouped) -> None:
    theme = promote_subtheme(grouped["subs"]["Pistes cyclables"])
    assert theme.label == "Pistes cyclables" and theme.label_curated
    assert theme.position > grouped["themes"]["Les jeunes"].position
    moved = Contribution.objects.filter(theme=theme).order_by("pk")
    assert [c.pk for c in moved] == [grouped["rows"][3].pk, grouped["rows"][4].pk]
    assert all(c.theme_curated and c.subtheme is None for c in moved)
    assert list(grouped["themes"]["Transports"].subthemes.values_list("label", flat=True)) == [
        "Lignes de bus"
    ]
    theme.refresh_from_db()
    assert theme.salience == 2


def test_moving_a_contribution_out_of_its_theme_leaves_its_sub_theme(grouped) -> None:
    row = grouped["rows"][0]
    move_contribution(row, grouped["themes"]["Les jeunes"])
    assert _sub_of(row) is None
    same = Contribution.objects.get(pk=grouped["rows"][1].pk)
    move_contribution(same, grouped["themes"]["Transports"])  # the same theme: kept
    assert _sub_of(grouped["rows"][1]) == "Lignes de bus"


def test_a_merged_theme_keeps_the_sub_themes_of_both(grouped) -> None:
    target = merge_themes(grouped["themes"]["Transports"], grouped["themes"]["Les jeunes"])
    assert sorted(target.subthemes.values_list("label", flat=True)) == [
        "Lignes de bus",
        "Pistes cyclables",
    ]


def test_the_restitution_lists_sub_themes_under_their_theme(consultation, grouped) -> None:
    restitution = build_restitution(consultation)
    by_label = {item.theme.label: item for item in restitution.themes}
    subs = by_label["Transports"].subthemes
    assert [(s.label, s.contributions) for s in subs] == [
        ("Lignes de bus", 3),
        ("Pistes cyclables", 2),
    ]
    assert by_label["Les jeunes"].subthemes == []


def test_restitution_quotes_are_short_and_lead_to_the_whole_text(consultation, rows) -> None:
    theme = Theme.objects.create(consultation=consultation, label="Bus", keywords=["bus"])
    long = Contribution.objects.create(
        consultation=consultation,
        theme=theme,
        text=(
            "Je suis venue avec ma voisine du troisième, nous habitons ici depuis vingt ans. "
            "Nous avons vu partir la poste, la boulangerie et le docteur, un par un. "
            "Le bus ne passe plus le dimanche et le dernier part à dix-neuf heures. "
            "Mes petits-enfants viennent le mercredi, ils aiment beaucoup le jardin. "
            "Voilà, merci de nous écouter."
        ),
    )
    theme.quotes = [long.pk]
    theme.save()
    quote = build_restitution(consultation).themes[0].quotes[0]
    assert len(quote.text) <= 240 and "bus" in quote.text and "…" in quote.text
    assert quote.full == long.text


@pytest.fixture
def team(client):
    user = User.objects.filter(username="pro-sub").first() or make_user(
        "professional", username="pro-sub"
    )
    client.force_login(user)
    return client


def test_the_theme_pages_show_sub_themes_and_promote_one(team, consultation, grouped) -> None:
    transports = grouped["themes"]["Transports"]
    listing = team.get(reverse("consultation:themes", args=[consultation.pk])).content.decode()
    assert "Sous-thèmes" in listing and "Lignes de bus" in listing and "Pistes cyclables" in listing
    url = reverse("consultation:theme", args=[consultation.pk, transports.pk])
    page = team.get(url).content.decode()
    assert "2 sous-thèmes" in page and "En faire un thème" in page
    assert "sous-thème : Lignes de bus" in page
    sub = grouped["subs"]["Pistes cyclables"]
    response = team.post(
        reverse("consultation:theme_action", args=[consultation.pk, transports.pk]),
        {"action": "promote", "subtheme": sub.pk},
    )
    assert response.status_code == 302
    assert consultation.themes.filter(label="Pistes cyclables").exists()
    assert not SubTheme.objects.filter(pk=sub.pk).exists()


def test_promoting_a_sub_theme_of_another_theme_is_refused(team, consultation, grouped) -> None:
    jeunes = grouped["themes"]["Les jeunes"]
    sub = grouped["subs"]["Pistes cyclables"]
    response = team.post(
        reverse("consultation:theme_action", args=[consultation.pk, jeunes.pk]),
        {"action": "promote", "subtheme": sub.pk},
        follow=True,
    )
    assert "Ce sous-thème n&#x27;existe plus." in response.content.decode()
    assert SubTheme.objects.filter(pk=sub.pk).exists()


def test_the_restitution_page_and_pdf_list_sub_themes(team, consultation, grouped) -> None:
    page = team.get(reverse("consultation:restitution", args=[consultation.pk])).content.decode()
    assert "Lignes de bus (3 contributions)" in page
    pdf = team.get(reverse("consultation:restitution_pdf", args=[consultation.pk]))
    text = pdf_words(pdf.content)
    assert "Lignes de bus" in text and "Pistes cyclables" in text


def test_the_uncurated_demo_gives_a_few_themes_a_social_worker_can_project() -> None:
    from quartier.consultation.demo import DEMO_CONTRIBUTIONS
    from quartier.synthesis import group_texts
    from quartier.synthesis.text import fold

    grouping = group_texts(
        [text for text, _key in DEMO_CONTRIBUTIONS],
        question="Qu'attendez-vous pour mieux vivre ensemble dans le quartier ?",
    )
    assert 3 <= len(grouping.themes) <= 8
    labels = [fold(t.label) for t in grouping.themes]
    assert len(set(labels)) == len(labels)
    assert "quartier" not in labels  # the question's word says nothing about a theme
    for theme in grouping.themes:
        assert theme.size >= 8 and 2 <= len(theme.excerpts) <= 3
        assert all(len(text) <= 240 for text in theme.excerpts)
