"""Theme grouping in the app: storing a run, curation rules, re-runs that only propose, and the
restitution. Most tests hand-make the engine's answer so each rule is checked exactly; a few
run the real engine."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from quartier.consultation.actions.curation import (
    accept_proposal,
    dismiss_proposal,
    merge_themes,
    move_contribution,
    move_theme,
    rename_theme,
    set_hidden,
    set_quote,
    split_theme,
)
from quartier.consultation.actions.grouping import active_run, start_grouping
from quartier.consultation.actions.grouping_run import (
    STALE_QUEUED,
    apply_grouping,
    execute_run,
    published,
)
from quartier.consultation.actions.restitution import build_restitution
from quartier.consultation.models import (
    AgeBand,
    Consultation,
    Contribution,
    GroupingRun,
    Theme,
    ThemeProposal,
)
from quartier.people.models import Consent, Person
from quartier.synthesis import Grouping
from quartier.synthesis import Theme as EngineTheme

pytestmark = pytest.mark.django_db

TEXTS = [
    "Le bus passe pas le dimanche",  # 0 transport
    "Plus de bus après 19h",  # 1 transport
    "La poste est trop loin",  # 2 transport
    "Rien pour les ados le soir",  # 3 jeunes
    "Un terrain de foot pour les jeunes",  # 4 jeunes
    "Les jeunes s'ennuient dans le hall",  # 5 jeunes
    "Merci pour la réunion",  # 6 other
]


@pytest.fixture
def contributions(consultation, territory):
    aicha = Person.objects.create(display_name="Aïcha Benali", territory=territory)
    rows = []
    for index, text in enumerate(TEXTS):
        # Aïcha said the first two: two contributions, one author.
        rows.append(
            Contribution.objects.create(
                consultation=consultation,
                text=text,
                author=aicha if index < 2 else None,
                age_band=AgeBand.OVER_60 if index == 2 else "",
            )
        )
    return rows


def engine_theme(id, label, members, key, quotes=None):
    return EngineTheme(
        id=id,
        label=label,
        keywords=label.lower().split(),
        members=members,
        quotes=quotes if quotes is not None else members[:2],
        authors=len(members),
        size=len(members),
        key=key,
    )


def grouping(themes, assignments, reasons=None):
    return Grouping(themes=themes, assignments=assignments, other_reasons=reasons or {})


FIRST = grouping(
    [
        engine_theme(0, "Bus et poste", [0, 1, 2], "bus-poste"),
        engine_theme(1, "Jeunes et hall", [3, 4, 5], "hall-jeune"),
    ],
    [0, 0, 0, 1, 1, 1, None],
    {6: "texte trop court"},
)


def apply(consultation, contributions, result):
    run = GroupingRun.objects.create(consultation=consultation, status=GroupingRun.Status.DONE)
    fresh = list(Contribution.objects.filter(pk__in=[c.pk for c in contributions]).order_by("pk"))
    apply_grouping(run, fresh, result)
    return run


def fresh(contribution):
    return Contribution.objects.get(pk=contribution.pk)


def themes_of(consultation):
    return {t.label: t for t in consultation.themes.all()}


def placement(consultation):
    return [c.theme.label if c.theme else None for c in consultation.contributions.order_by("pk")]


# --- first run ------------------------------------------------------------------------------


def test_first_run_creates_themes_assignments_quotes_and_salience(consultation, contributions):
    apply(consultation, contributions, FIRST)
    themes = themes_of(consultation)
    assert list(themes) == ["Bus et poste", "Jeunes et hall"]
    bus = themes["Bus et poste"]
    assert bus.engine_key == "bus-poste" and bus.keywords == ["bus", "et", "poste"]
    # Salience counts distinct authors: Aïcha once, plus the anonymous third.
    assert bus.salience == 2
    assert themes["Jeunes et hall"].salience == 3
    assert bus.quotes == [contributions[0].pk, contributions[1].pk]
    assert placement(consultation) == ["Bus et poste"] * 3 + ["Jeunes et hall"] * 3 + [None]
    other = consultation.contributions.get(pk=contributions[6].pk)
    assert other.other_reason == "texte trop court"
    assert not consultation.theme_proposals.exists()


def test_only_published_contributions_are_grouped(consultation, contributions):
    contributions[6].state = Contribution.State.PENDING
    contributions[6].save()
    assert [c.pk for c in published(consultation)] == [c.pk for c in contributions[:6]]


# --- curation -------------------------------------------------------------------------------


def test_rename_marks_the_label_as_curated_and_refuses_an_empty_one(consultation, contributions):
    apply(consultation, contributions, FIRST)
    bus = themes_of(consultation)["Bus et poste"]
    rename_theme(bus, "  L'isolement   géographique ")
    bus.refresh_from_db()
    assert bus.label == "L'isolement géographique" and bus.label_curated
    with pytest.raises(ValidationError):
        rename_theme(bus, "   ")


def test_merge_moves_contributions_and_removes_the_source(consultation, contributions):
    apply(consultation, contributions, FIRST)
    themes = themes_of(consultation)
    merged = merge_themes(themes["Jeunes et hall"], themes["Bus et poste"])
    assert list(themes_of(consultation)) == ["Bus et poste"]
    assert merged.salience == 5
    assert "hall-jeune" in merged.engine_keys
    with pytest.raises(ValidationError):
        merge_themes(merged, merged)


def test_merge_refuses_themes_of_two_consultations(consultation, contributions, territory):
    apply(consultation, contributions, FIRST)
    elsewhere = Consultation.objects.create(
        title="Autre", territory=territory, period_start=dt.date(2000, 1, 1), question="?"
    )
    stranger = Theme.objects.create(consultation=elsewhere, label="Ailleurs")
    with pytest.raises(ValidationError):
        merge_themes(stranger, themes_of(consultation)["Bus et poste"])
    assert Theme.objects.filter(pk=stranger.pk).exists()


def test_split_makes_a_curated_theme_with_the_chosen_contributions(consultation, contributions):
    apply(consultation, contributions, FIRST)
    bus = themes_of(consultation)["Bus et poste"]
    poste = split_theme(bus, [contributions[2].pk], "Les services publics")
    assert poste.label_curated
    moved = Contribution.objects.get(pk=contributions[2].pk)
    assert moved.theme == poste and moved.theme_curated
    bus.refresh_from_db()
    assert bus.salience == 1 and poste.salience == 1
    with pytest.raises(ValidationError):
        split_theme(bus, [contributions[5].pk], "Pas à lui")  # not in this theme
    with pytest.raises(ValidationError):
        split_theme(bus, [contributions[0].pk], "")


def test_move_to_another_theme_or_to_other(consultation, contributions):
    apply(consultation, contributions, FIRST)
    jeunes = themes_of(consultation)["Jeunes et hall"]
    move_contribution(contributions[0], jeunes)
    contributions[0].refresh_from_db()
    assert contributions[0].theme == jeunes and contributions[0].theme_curated
    move_contribution(contributions[3], None)
    contributions[3].refresh_from_db()
    assert contributions[3].theme is None and contributions[3].theme_curated
    assert contributions[3].other_reason == "Mise hors thème par l'équipe."


def test_pin_and_unpin_quotes_and_hidden_themes_in_the_restitution(consultation, contributions):
    apply(consultation, contributions, FIRST)
    themes = themes_of(consultation)
    set_quote(fresh(contributions[2]), True)
    set_quote(fresh(contributions[0]), False)  # an engine quote the team leaves out
    restitution = build_restitution(consultation)
    bus = next(t for t in restitution.themes if t.theme.label == "Bus et poste")
    assert [q.text for q in bus.quotes] == [TEXTS[2], TEXTS[1]]
    set_hidden(themes["Jeunes et hall"], True)
    restitution = build_restitution(consultation)
    assert [t.theme.label for t in restitution.themes] == ["Bus et poste"]
    assert restitution.other == 4  # "other" and the hidden theme


def test_restitution_names_only_authors_with_an_active_consent(consultation, contributions):
    apply(consultation, contributions, FIRST)
    aicha = contributions[0].author
    restitution = build_restitution(consultation)
    attributions = {q.attribution for t in restitution.themes for q in t.quotes}
    assert "Aïcha Benali" not in attributions
    assert "Une personne du quartier" in attributions
    consent = Consent.objects.create(person=aicha, purpose="contributions", means="oral")
    restitution = build_restitution(consultation)
    assert restitution.themes[-1].quotes[0].attribution == "Aïcha Benali"
    consent.withdrawn_on = timezone.localdate()
    consent.save()
    restitution = build_restitution(consultation)
    assert all(q.attribution != "Aïcha Benali" for t in restitution.themes for q in t.quotes)


def test_restitution_puts_the_most_salient_theme_first_with_bar_lengths(
    consultation, contributions
):
    apply(consultation, contributions, FIRST)
    restitution = build_restitution(consultation)
    assert [(t.theme.label, t.salience, t.percent) for t in restitution.themes] == [
        ("Jeunes et hall", 3, 100),
        ("Bus et poste", 2, 67),
    ]
    assert restitution.total == 7 and restitution.people == 6 and restitution.other == 1


def test_reorder_themes(consultation, contributions):
    apply(consultation, contributions, FIRST)
    move_theme(themes_of(consultation)["Jeunes et hall"], -1)
    assert list(themes_of(consultation)) == ["Jeunes et hall", "Bus et poste"]


# --- re-runs --------------------------------------------------------------------------------


def test_a_rerun_never_overwrites_curated_choices(consultation, contributions):
    apply(consultation, contributions, FIRST)
    themes = themes_of(consultation)
    rename_theme(themes["Bus et poste"], "Isolement du quartier")
    move_contribution(contributions[5], None, "Hors sujet")
    set_quote(fresh(contributions[4]), True)
    set_hidden(themes["Jeunes et hall"], True)

    apply(consultation, contributions, FIRST)

    themes = themes_of(consultation)
    assert set(themes) == {"Isolement du quartier", "Jeunes et hall"}
    assert themes["Jeunes et hall"].hidden
    moved = Contribution.objects.get(pk=contributions[5].pk)
    assert moved.theme is None and moved.other_reason == "Hors sujet"
    assert Contribution.objects.get(pk=contributions[4].pk).is_pinned_quote
    # Same answer from the engine, nothing curated contradicted: nothing to propose.
    assert not consultation.theme_proposals.exists()


def test_a_rerun_keeps_merged_themes_merged(consultation, contributions):
    apply(consultation, contributions, FIRST)
    themes = themes_of(consultation)
    merge_themes(themes["Jeunes et hall"], themes["Bus et poste"])
    apply(consultation, contributions, FIRST)
    assert list(themes_of(consultation)) == ["Bus et poste"]
    assert placement(consultation) == ["Bus et poste"] * 6 + [None]
    assert not consultation.theme_proposals.filter(kind=ThemeProposal.Kind.NEW_THEME).exists()


def test_a_rerun_proposes_changes_and_accepting_applies_them(consultation, contributions):
    apply(consultation, contributions, FIRST)
    move_contribution(contributions[1], None)  # curated: never proposed
    new = Contribution.objects.create(consultation=consultation, text="Un city stade")
    second = grouping(
        [
            engine_theme(0, "Transports", [0, 1], "bus-poste"),
            engine_theme(1, "Jeunes et hall", [3, 4, 5, 7], "hall-jeune"),
            engine_theme(2, "Services publics", [2, 6], "poste-service"),
        ],
        [0, 0, 2, 1, 1, 1, 2, 1],
    )
    apply(consultation, [*contributions, new], second)

    proposals = {p.kind: p for p in consultation.theme_proposals.all()}
    assert set(proposals) == {"rename", "new_theme"}
    assert proposals["rename"].label == "Transports"
    assert proposals["new_theme"].contributions == [contributions[2].pk, contributions[6].pk]
    # Nothing changed yet, except the new contribution placed where the engine put it.
    assert placement(consultation) == [
        "Bus et poste",
        None,
        "Bus et poste",
        *["Jeunes et hall"] * 3,
        None,
        "Jeunes et hall",
    ]

    accept_proposal(proposals["rename"])
    accept_proposal(proposals["new_theme"])
    assert placement(consultation) == [
        "Transports",
        None,
        "Services publics",
        *["Jeunes et hall"] * 3,
        "Services publics",
        "Jeunes et hall",
    ]
    with pytest.raises(ValidationError):
        accept_proposal(proposals["rename"])


def test_a_rerun_proposes_moves_and_a_dismissed_proposal_changes_nothing(
    consultation, contributions
):
    apply(consultation, contributions, FIRST)
    moved = grouping(FIRST.themes, [0, 0, 1, 1, 1, 1, None], {6: "texte trop court"})
    apply(consultation, contributions, moved)
    proposal = consultation.theme_proposals.get()
    assert proposal.kind == "move" and proposal.contributions == [contributions[2].pk]
    assert proposal.theme.label == "Jeunes et hall"
    dismiss_proposal(proposal)
    assert placement(consultation)[2] == "Bus et poste"
    # Accepting a move leaves alone a contribution the team placed in the meantime.
    apply(consultation, contributions, moved)
    proposal = consultation.theme_proposals.get(status="pending")
    move_contribution(contributions[2], None)
    accept_proposal(proposal)
    assert placement(consultation)[2] is None


# --- running ----------------------------------------------------------------------------------


def test_small_consultations_run_inline_with_the_real_engine(consultation, contributions):
    run = start_grouping(consultation)
    assert run.status == GroupingRun.Status.DONE, run.message
    assert run.progress == 100 and run.result["contributions"] == 7
    assert consultation.themes.exists()
    grouped = consultation.contributions.exclude(theme=None).count()
    assert grouped + consultation.contributions.filter(theme=None).count() == 7


def test_large_consultations_are_queued_for_the_worker(consultation, contributions, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    run = start_grouping(consultation, inline=False)
    assert run.status == GroupingRun.Status.QUEUED and run.result["task"]
    with pytest.raises(ValidationError):
        start_grouping(consultation)  # one at a time
    # What the worker does:
    execute_run(run.pk)
    run.refresh_from_db()
    assert run.status == GroupingRun.Status.DONE
    assert active_run(consultation) is None


def test_start_refuses_an_empty_consultation_and_a_silly_number(consultation, contributions):
    with pytest.raises(ValidationError):
        start_grouping(consultation, n_themes=1)
    Contribution.objects.update(state=Contribution.State.PENDING)
    with pytest.raises(ValidationError):
        start_grouping(consultation)
    assert not GroupingRun.objects.exists()


def test_a_failing_engine_marks_the_run_failed(consultation, contributions, monkeypatch):
    import quartier.synthesis

    def broken(*args, **kwargs):
        raise RuntimeError("boum")

    monkeypatch.setattr(quartier.synthesis, "group_texts", broken)
    run = start_grouping(consultation)
    assert run.status == GroupingRun.Status.FAILED and "boum" in run.message
    assert not consultation.themes.exists()


def test_an_unchanged_consultation_is_not_grouped_again(consultation, contributions):
    start_grouping(consultation)
    with pytest.raises(ValidationError, match="Rien n'a changé"):
        start_grouping(consultation)
    start_grouping(consultation, n_themes=2)  # another number: another result
    Contribution.objects.create(consultation=consultation, text="Un banc devant l'école")
    assert start_grouping(consultation).status == GroupingRun.Status.DONE


def test_a_run_no_worker_took_is_given_up_and_never_applied(consultation, contributions):
    stale = GroupingRun.objects.create(consultation=consultation)
    GroupingRun.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - STALE_QUEUED - dt.timedelta(minutes=1)
    )
    run = start_grouping(consultation)
    assert run.status == GroupingRun.Status.DONE
    stale.refresh_from_db()
    assert stale.status == GroupingRun.Status.FAILED and "Abandonné" in stale.message
    execute_run(stale.pk)  # the worker, late: nothing happens
    stale.refresh_from_db()
    assert stale.status == GroupingRun.Status.FAILED


@pytest.mark.slow
def test_the_demo_gives_the_seeds_three_themes_with_the_real_engine():
    from quartier.consultation.demo import AUTRE, DEMO_CONTRIBUTIONS, DEMO_THEMES
    from quartier.testing.demo import load_demo

    story = load_demo()
    consultation = story.consultation
    assert consultation.grouping_runs.get().status == GroupingRun.Status.DONE
    assert list(consultation.themes.values_list("label", flat=True)) == list(DEMO_THEMES.values())
    for contribution in consultation.contributions.select_related("theme"):
        intended = story.contribution_themes[contribution.pk]
        got = contribution.theme.label if contribution.theme else None
        assert got == (None if intended == AUTRE else DEMO_THEMES[intended]), contribution.text
    restitution = build_restitution(consultation)
    assert restitution.total == len(DEMO_CONTRIBUTIONS) and consultation.restitution_published
    assert {t.theme.label for t in restitution.themes} == set(DEMO_THEMES.values())
    assert all(t.quotes and t.quotes[0].text for t in restitution.themes)
    assert not restitution.unquoted and not consultation.curation_steps.exists()
    # Nothing changed since: running it again is refused rather than proposing noise.
    with pytest.raises(ValidationError):
        start_grouping(consultation)


def test_a_slow_run_respects_what_the_team_did_while_it_ran(consultation, contributions):
    apply(consultation, contributions, FIRST)
    late = Contribution.objects.create(consultation=consultation, text="Un banc au soleil")
    read_by_the_run = list(Contribution.objects.order_by("pk"))  # before the team acts
    move_contribution(late, themes_of(consultation)["Bus et poste"])
    run = GroupingRun.objects.create(consultation=consultation, status=GroupingRun.Status.DONE)
    apply_grouping(
        run, read_by_the_run, grouping(FIRST.themes, [*FIRST.assignments, 1], {6: "court"})
    )
    assert fresh(late).theme.label == "Bus et poste"
