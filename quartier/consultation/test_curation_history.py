"""Curation never loses residents' words: split, merge and promotion keep the quotes that still
belong to a theme, a theme left with no quote is flagged before the restitution is shown, and
every curation step can be taken back."""

import pytest
from django.urls import reverse

from quartier.consultation.actions.curation import (
    accept_proposal,
    dismiss_proposal,
    merge_themes,
    move_contribution,
    move_theme,
    promote_subtheme,
    rename_theme,
    set_hidden,
    set_quote,
    split_theme,
)
from quartier.consultation.actions.curation_history import (
    KEPT_STEPS,
    last_step,
    snapshot,
    undo_last_step,
)
from quartier.consultation.actions.grouping_run import apply_grouping
from quartier.consultation.actions.restitution import build_restitution, unquoted_themes
from quartier.consultation.models import (
    Contribution,
    CurationStep,
    GroupingRun,
    SubTheme,
    Theme,
    ThemeProposal,
)
from quartier.synthesis import Grouping
from quartier.synthesis import Theme as EngineTheme
from quartier.testing.factories import make_user

pytestmark = pytest.mark.django_db

TEXTS = [
    "Le bus ne passe pas le dimanche.",  # 0 bus
    "Plus de bus après 19h.",  # 1 bus
    "Une ligne de bus vers la gare.",  # 2 bus
    "Des pistes cyclables pour la ville.",  # 3 vélo
    "Un garage à vélos fermé.",  # 4 vélo
    "Rien pour les ados le soir.",  # 5 jeunes
    "Un terrain de foot pour les jeunes.",  # 6 jeunes
    "Merci pour la réunion.",  # 7 other
]


def _engine(id, label, members, key, quotes, parent=None, subthemes=()):
    return EngineTheme(
        id=id,
        label=label,
        keywords=label.lower().split(),
        members=members,
        quotes=quotes,
        authors=len(members),
        size=len(members),
        key=key,
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
            [0, 3],
            subthemes=[
                _engine(0, "Lignes de bus", [0, 1, 2], "bus-ligne", [0, 1], parent=0),
                _engine(1, "Pistes cyclables", [3, 4], "piste-velo", [3], parent=0),
            ],
        ),
        _engine(1, "Les jeunes", [5, 6], "jeune-ado", [5]),
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
    apply_grouping(run, list(Contribution.objects.order_by("pk")), GROUPING)
    for row in rows:  # as placed now
        row.refresh_from_db()
    return {t.label: t for t in consultation.themes.all()}


def quoted_texts(consultation) -> dict[str, list[str]]:
    """Each presented theme's quotes, as the restitution shows them."""
    return {
        item.theme.label: sorted(q.full or q.text for q in item.quotes)
        for item in build_restitution(consultation).themes
    }


def state(consultation) -> dict:
    """Everything curation may change, comparable before and after an undo."""
    current = snapshot(consultation)
    for key in ("themes", "subthemes", "proposals"):
        current[key] = sorted(current[key], key=lambda row: row["pk"])
    return current


# --- quotes kept ------------------------------------------------------------------------------


def test_a_split_takes_its_quotes_along_and_the_old_theme_keeps_the_others(
    consultation, rows, grouped
):
    transports = grouped["Transports"]
    new = split_theme(transports, [rows[3].pk, rows[4].pk], "Le vélo")
    transports.refresh_from_db()
    assert new.quotes == [rows[3].pk] and transports.quotes == [rows[0].pk]
    quotes = quoted_texts(consultation)
    assert quotes["Le vélo"] == [TEXTS[3]]
    assert quotes["Transports"] == [TEXTS[0]]
    assert not unquoted_themes(consultation)


def test_a_pinned_quote_stays_pinned_in_the_new_theme(consultation, rows, grouped):
    set_quote(rows[4], True)
    split_theme(grouped["Transports"], [rows[4].pk], "Garage à vélos")
    assert TEXTS[4] in quoted_texts(consultation)["Garage à vélos"]


def test_a_merge_keeps_the_quotes_of_both_themes(consultation, rows, grouped):
    merged = merge_themes(grouped["Les jeunes"], grouped["Transports"])
    assert set(merged.quotes) == {rows[0].pk, rows[3].pk, rows[5].pk}
    assert quoted_texts(consultation)["Transports"] == sorted([TEXTS[0], TEXTS[3], TEXTS[5]])


def test_a_promoted_subtheme_keeps_its_quotes_and_its_parent_the_rest(consultation, rows, grouped):
    transports = grouped["Transports"]
    bikes = transports.subthemes.get(label="Pistes cyclables")
    theme = promote_subtheme(bikes)
    transports.refresh_from_db()
    assert theme.quotes == [rows[3].pk] and transports.quotes == [rows[0].pk]
    assert quoted_texts(consultation)["Pistes cyclables"] == [TEXTS[3]]


# --- a theme with no quote is flagged ----------------------------------------------------------


def test_a_theme_left_without_a_quote_is_flagged_on_the_themes_page_and_the_restitution(
    client, professional, consultation, rows, grouped
):
    split_theme(grouped["Transports"], [rows[1].pk, rows[2].pk], "Horaires")
    new = consultation.themes.get(label="Horaires")
    assert unquoted_themes(consultation) == {new.pk}
    assert [t.label for t in build_restitution(consultation).unquoted] == ["Horaires"]
    client.force_login(professional)
    page = client.get(reverse("consultation:themes", args=[consultation.pk])).content.decode()
    assert "1 thème n'a aucune citation" in page and "Aucune citation" in page
    assert "Avant de la montrer : 1 thème n'a aucune citation." in page
    restitution = client.get(reverse("consultation:restitution", args=[consultation.pk]))
    assert "1 thème est présenté sans aucune citation des habitants" in restitution.content.decode()
    detail = client.get(reverse("consultation:theme", args=[consultation.pk, new.pk]))
    assert "Ce thème n'a aucune citation" in detail.content.decode()
    # Pinning one of its contributions clears the flag.
    set_quote(rows[1], True)
    assert not unquoted_themes(consultation)


def test_residents_reading_the_restitution_never_see_the_team_warning(
    client, consultation, rows, grouped
):
    split_theme(grouped["Transports"], [rows[1].pk], "Horaires")
    consultation.restitution_published = True
    consultation.save()
    client.force_login(make_user("resident"))
    page = client.get(reverse("consultation:restitution", args=[consultation.pk]))
    assert page.status_code == 200 and "sans aucune citation" not in page.content.decode()


def test_a_hidden_theme_without_a_quote_is_not_flagged(consultation, rows, grouped):
    new = split_theme(grouped["Transports"], [rows[1].pk], "Horaires")
    set_hidden(new, True)
    assert not unquoted_themes(consultation)


# --- undo --------------------------------------------------------------------------------------


def test_merge_then_undo_gives_both_themes_back_as_they_were(consultation, rows, grouped):
    before = state(consultation)
    merge_themes(grouped["Les jeunes"], grouped["Transports"])
    assert consultation.themes.count() == 1
    step = undo_last_step(consultation)
    assert step.description == "« Les jeunes » fusionné avec « Transports »"
    assert state(consultation) == before
    assert {t.label for t in consultation.themes.all()} == {"Transports", "Les jeunes"}
    assert not consultation.curation_steps.exists()


def test_split_then_undo_removes_the_new_theme_and_puts_contributions_back(
    consultation, rows, grouped
):
    before = state(consultation)
    split_theme(grouped["Transports"], [rows[3].pk, rows[4].pk], "Le vélo")
    undo_last_step(consultation)
    assert state(consultation) == before
    assert not consultation.themes.filter(label="Le vélo").exists()
    assert Contribution.objects.get(pk=rows[3].pk).subtheme.label == "Pistes cyclables"


def test_promote_then_undo_gives_the_subtheme_back(consultation, rows, grouped):
    before = state(consultation)
    promote_subtheme(SubTheme.objects.get(label="Lignes de bus"))
    undo_last_step(consultation)
    assert state(consultation) == before


@pytest.mark.parametrize(
    "step",
    [
        lambda t, r: rename_theme(t["Transports"], "Se déplacer"),
        lambda t, r: set_hidden(t["Les jeunes"], True),
        lambda t, r: move_theme(t["Les jeunes"], -1),
        lambda t, r: move_contribution(r[0], t["Les jeunes"]),
        lambda t, r: move_contribution(r[5], None, "hors sujet"),
        lambda t, r: set_quote(r[6], True),
        lambda t, r: set_quote(r[0], False),
    ],
    ids=["rename", "hide", "order", "move", "other", "pin", "unpin"],
)
def test_every_curation_step_can_be_undone(consultation, rows, grouped, step):
    before = state(consultation)
    step(grouped, rows)
    assert state(consultation) != before
    undo_last_step(consultation)
    assert state(consultation) == before


def test_accepting_or_dismissing_a_proposal_can_be_undone(consultation, rows, grouped):
    run = GroupingRun.objects.create(consultation=consultation, status=GroupingRun.Status.DONE)
    proposals = [
        ThemeProposal.objects.create(
            consultation=consultation,
            run=run,
            kind=ThemeProposal.Kind.NEW_THEME,
            label="Le vélo",
            contributions=[rows[3].pk, rows[4].pk],
            quotes=[rows[3].pk],
        ),
        ThemeProposal.objects.create(
            consultation=consultation,
            run=run,
            kind=ThemeProposal.Kind.RENAME,
            theme=grouped["Les jeunes"],
            label="La jeunesse",
        ),
    ]
    before = state(consultation)
    accept_proposal(proposals[0])
    dismiss_proposal(proposals[1])
    undo_last_step(consultation)
    undo_last_step(consultation)
    assert state(consultation) == before
    assert consultation.theme_proposals.filter(status=ThemeProposal.Status.PENDING).count() == 2


def test_steps_are_undone_one_at_a_time_last_first(consultation, rows, grouped):
    rename_theme(grouped["Transports"], "Se déplacer")
    after_rename = state(consultation)
    merge_themes(grouped["Les jeunes"], Theme.objects.get(label="Se déplacer"))
    assert last_step(consultation).description.startswith("« Les jeunes » fusionné")
    undo_last_step(consultation)
    assert state(consultation) == after_rename
    undo_last_step(consultation)
    assert consultation.themes.filter(label="Transports").exists()
    assert undo_last_step(consultation) is None


def test_a_refused_step_records_nothing(consultation, rows, grouped):
    with pytest.raises(Exception, match="intitulé"):
        rename_theme(grouped["Transports"], "   ")
    assert not CurationStep.objects.exists()


def test_only_the_last_steps_are_kept(consultation, rows, grouped):
    for index in range(KEPT_STEPS + 3):
        rename_theme(grouped["Transports"], f"Nom {index}")
    assert consultation.curation_steps.count() == KEPT_STEPS


def test_a_grouping_run_starts_the_way_back_afresh(consultation, rows, grouped):
    rename_theme(grouped["Transports"], "Se déplacer")
    run = GroupingRun.objects.create(consultation=consultation, status=GroupingRun.Status.DONE)
    apply_grouping(run, list(Contribution.objects.order_by("pk")), GROUPING)
    assert last_step(consultation) is None


def test_a_contribution_added_after_a_step_is_left_alone_by_its_undo(consultation, rows, grouped):
    merge_themes(grouped["Les jeunes"], grouped["Transports"])
    late = Contribution.objects.create(consultation=consultation, text="Une nouvelle idée.")
    undo_last_step(consultation)
    assert Contribution.objects.get(pk=late.pk).theme is None
    assert consultation.themes.count() == 2


def test_the_undo_button_takes_the_last_step_back(client, professional, consultation, grouped):
    client.force_login(professional)
    themes_page = reverse("consultation:themes", args=[consultation.pk])
    assert "Annuler cette étape" not in client.get(themes_page).content.decode()
    client.post(
        reverse("consultation:theme_action", args=[consultation.pk, grouped["Les jeunes"].pk]),
        {"action": "merge", "target": grouped["Transports"].pk, "confirm": "1"},
    )
    page = client.get(themes_page).content.decode()
    assert "Dernière étape : « Les jeunes » fusionné avec « Transports »." in page
    assert "Annuler cette étape" in page
    assert CurationStep.objects.get().created_by == professional
    response = client.post(
        reverse("consultation:curation_undo", args=[consultation.pk]), follow=True
    )
    assert "Étape annulée : « Les jeunes » fusionné avec « Transports »." in (
        response.content.decode()
    )
    assert consultation.themes.count() == 2
    response = client.post(
        reverse("consultation:curation_undo", args=[consultation.pk]), follow=True
    )
    assert "Il n&#x27;y a plus d&#x27;étape à annuler." in response.content.decode()


def test_a_resident_cannot_undo(client, consultation, grouped):
    merge_themes(grouped["Les jeunes"], grouped["Transports"])
    client.force_login(make_user("resident"))
    response = client.post(reverse("consultation:curation_undo", args=[consultation.pk]))
    assert response.status_code == 403 and consultation.themes.count() == 1
