import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from quartier.consultation.actions.capture import (
    PUBLIC_RATE_LIMIT,
    RateLimited,
    capture_contribution,
    find_author,
    moderate,
    submit_public_contribution,
)
from quartier.consultation.actions.importing import (
    ImportMapping,
    draft_table,
    guess_mapping,
    guess_text_column,
    parse_age_band,
    parse_channel,
    parse_date,
    parse_kind,
    run_import,
    save_import_draft,
)
from quartier.consultation.actions.listing import counts, export_rows
from quartier.consultation.demo import AUTRE, DEMO_CONTRIBUTIONS, DEMO_THEMES
from quartier.consultation.models import AgeBand, Consultation, Contribution, Theme
from quartier.core.tabular import Table
from quartier.people.models import Person

pytestmark = pytest.mark.django_db


# --- capture -------------------------------------------------------------------------------


def test_capture_records_a_published_contribution_from_the_meeting(
    consultation, meeting, professional
):
    contribution = capture_contribution(
        consultation,
        text="  Le bus passe pas le dimanche.  ",
        kind=Contribution.Kind.PROBLEM,
        gathering=meeting,
        entered_by=professional,
        age_band=AgeBand.OVER_60,
    )
    assert contribution.text == "Le bus passe pas le dimanche."
    assert contribution.channel == Contribution.Channel.MEETING
    assert contribution.state == Contribution.State.PUBLISHED
    assert contribution.is_anonymous and contribution.age_band == AgeBand.OVER_60
    assert contribution.date == dt.date(1999, 3, 18)
    assert contribution.entered_by == professional


def test_capture_without_a_gathering_is_paper_and_refuses_empty_text(consultation):
    assert capture_contribution(consultation, text="x").channel == "paper"
    with pytest.raises(ValidationError, match="Écrivez"):
        capture_contribution(consultation, text=" \n ")
    assert consultation.contributions.count() == 1


def test_hostile_text_is_stored_intact(consultation):
    text = "<script>alert(1)</script> =1+1 \u202eà l'envers \x01"
    assert capture_contribution(consultation, text=text).text == text


def test_find_author_ignores_accents_and_case(territory):
    aicha = Person.objects.create(display_name="Aïcha Benali", territory=territory)
    assert find_author("aicha  BENALI") == [aicha]
    assert find_author("Aïcha") == []


def test_counts_by_kind_channel_and_state(consultation):
    capture_contribution(consultation, text="a", kind="problem")
    capture_contribution(consultation, text="b", kind="problem")
    capture_contribution(consultation, text="c", kind="testimony")
    tally = counts(consultation)
    assert ("Problème", 2) in tally["kind"] and ("Témoignage", 1) in tally["kind"]
    assert ("Papier", 3) in tally["channel"]
    assert ("Publiée", 3) in tally["state"] and ("À modérer", 0) in tally["state"]


def test_a_theme_of_another_consultation_is_refused(consultation, territory):
    other = Consultation.objects.create(
        title="Autre", territory=territory, period_start=dt.date(2000, 1, 1), question="?"
    )
    theme = Theme.objects.create(consultation=other, label="Les jeunes")
    contribution = capture_contribution(consultation, text="x")
    contribution.theme = theme
    with pytest.raises(ValidationError):
        contribution.full_clean()


# --- import --------------------------------------------------------------------------------


def test_mapping_guesses_columns_from_their_titles():
    header = ["Date", "Nom de l'habitant", "Ce qui a été dit (texte)", "Tranche d'âge", "Type"]
    assert guess_mapping(header) == {
        "text": 2,
        "author": 1,
        "kind": 4,
        "channel": None,
        "date": 0,
        "age_band": 3,
    }
    guess = guess_mapping(["Commentaire", "Qui", "Canal", "Âge"])
    assert guess["text"] == 0 and guess["author"] == 1
    assert guess["channel"] == 2 and guess["age_band"] == 3


def test_without_telling_titles_the_text_is_the_longest_column():
    table = Table(
        header=["A", "B", "C"],
        rows=[["1", "Il faudrait un local pour se retrouver", "x"], ["2", "Plus de bus", "y"]],
    )
    guess = guess_mapping(table.header)
    assert guess_text_column(table, guess) == 1


@pytest.mark.parametrize(
    ("value", "band"),
    [
        ("moins de 18 ans", AgeBand.UNDER_18),
        ("-18", AgeBand.UNDER_18),
        ("18-25", AgeBand.FROM_18_TO_25),
        ("26 à 40 ans", AgeBand.FROM_26_TO_40),
        ("41-60 ans", AgeBand.FROM_41_TO_60),
        ("plus de 60 ans", AgeBand.OVER_60),
        ("+60", AgeBand.OVER_60),
        ("34", AgeBand.FROM_26_TO_40),
        ("72 ans", AgeBand.OVER_60),
        ("vieux", None),
        ("18-40", None),
    ],
)
def test_age_bands_are_read_as_people_write_them(value, band):
    assert parse_age_band(value) == band


def test_kinds_channels_and_dates_are_read_as_people_write_them():
    assert parse_kind("Problème") == Contribution.Kind.PROBLEM
    assert parse_kind("idée") == Contribution.Kind.SUGGESTION
    assert parse_kind("bof") is None
    assert parse_channel("Porte-à-porte") == Contribution.Channel.DOOR_TO_DOOR
    assert parse_channel("téléphone") == Contribution.Channel.PHONE
    assert parse_date("18/03/1999") == dt.date(1999, 3, 18)
    assert parse_date("1999-03-18 00:00") == dt.date(1999, 3, 18)
    assert parse_date("31/02/1999") is None


def _table(rows):
    return Table(header=["texte", "auteur", "type", "date", "âge"], rows=rows)


def _mapping(**extra):
    return ImportMapping(text=0, author=1, kind=2, date=3, age_band=4, **extra)


def test_import_with_one_bad_row_imports_nothing_and_says_where(consultation, territory):
    rows = [
        ["Plus de bus le dimanche", "", "problème", "18/03/1999", "plus de 60 ans"],
        ["Un local pour les jeunes", "", "pas un type", "18/03/1999", ""],
        ["", "Karim", "", "", ""],
        ["", "", "", "", ""],
    ]
    plan = run_import(consultation, _table(rows), _mapping())
    assert not consultation.contributions.exists()
    assert not plan.is_valid
    assert [(p.line, p.column) for p in plan.problems] == [(3, "type"), (4, "texte")]
    assert "Type inconnu : « pas un type »" in plan.problems[0].reason
    assert plan.problems[1].reason == "Le texte est vide."


def test_import_all_rows_when_they_are_valid(consultation, territory, professional, meeting):
    karim = Person.objects.create(display_name="Karim Ouali", territory=territory)
    rows = [
        ["Plus de bus le dimanche", "karim OUALI", "problème", "18/03/1999", "plus de 60 ans"],
        ["Un local pour les jeunes", "Zoé Nouvelle", "", "", ""],
        ["Une fête des voisins", "Zoé Nouvelle", "idée", "", "34"],
        ["", "", "", "", ""],
    ]
    plan = run_import(
        consultation, _table(rows), _mapping(gathering=meeting), entered_by=professional
    )
    assert plan.is_valid and plan.skipped_blank_rows == 1
    assert plan.unknown_names == ["Zoé Nouvelle"]
    imported = list(consultation.contributions.order_by("pk"))
    assert [c.text for c in imported] == [r[0] for r in rows[:3]]
    assert imported[0].author == karim and imported[0].said_on == dt.date(1999, 3, 18)
    assert imported[0].age_band == AgeBand.OVER_60 and imported[0].kind == "problem"
    # Without confirmation, unknown names are not created and not kept.
    assert imported[1].author is None and imported[1].author_name == ""
    assert imported[1].kind == Contribution.Kind.EXPECTATION
    assert imported[2].kind == "suggestion" and imported[2].age_band == AgeBand.FROM_26_TO_40
    assert all(c.gathering == meeting and c.entered_by == professional for c in imported)
    assert not Person.objects.filter(display_name="Zoé Nouvelle").exists()


def test_import_creates_unknown_people_once_when_confirmed(consultation, territory, meeting):
    rows = [["Un local", "Zoé Nouvelle", "", "", ""], ["Une fête", "zoe nouvelle", "", "", ""]]
    plan = run_import(
        consultation, _table(rows), _mapping(create_unknown_people=True, gathering=meeting)
    )
    assert plan.created_people == 1
    zoe = Person.objects.get(display_name="Zoé Nouvelle")
    assert zoe.territory == territory and zoe.first_met_on == dt.date(1999, 3, 18)
    assert consultation.contributions.filter(author=zoe).count() == 2


def test_import_keeps_ambiguous_names_anonymous(consultation, territory):
    Person.objects.create(display_name="Ali Ben", territory=territory)
    Person.objects.create(display_name="Ali Ben", territory=territory)
    plan = run_import(consultation, _table([["x", "Ali Ben", "", "", ""]]), _mapping())
    assert plan.ambiguous_names == ["Ali Ben"]
    assert consultation.contributions.get().author is None


def test_a_file_of_blank_rows_imports_nothing(consultation):
    plan = run_import(consultation, _table([["", "", "", "", ""]]), _mapping())
    assert not plan.is_valid and not consultation.contributions.exists()


def test_import_drafts_keep_only_the_base_name(consultation, professional):
    table = Table(header=["texte"], rows=[["x"]])
    draft = save_import_draft(consultation, table, "../../etc/passwd.csv", professional)
    assert draft.filename == "passwd.csv"
    assert draft_table(draft) == table


# --- public form and moderation -------------------------------------------------------------


def test_a_public_contribution_waits_for_moderation(consultation):
    contribution = submit_public_contribution(
        consultation, text="<b>Un banc</b>", author_name=" Zoé ", age_band="18_25", ip="1.2.3.4"
    )
    assert contribution.state == Contribution.State.PENDING
    assert contribution.channel == Contribution.Channel.WEB
    assert contribution.author is None and contribution.author_name == "Zoé"
    assert contribution.text == "<b>Un banc</b>"
    moderate(contribution, Contribution.State.PUBLISHED)
    contribution.refresh_from_db()
    assert contribution.state == Contribution.State.PUBLISHED


def test_a_filled_honeypot_saves_nothing(consultation):
    result = submit_public_contribution(
        consultation, text="Buy now", honeypot="http://spam.example", ip="1.2.3.4"
    )
    assert result is None and not consultation.contributions.exists()


def test_the_public_form_is_rate_limited_per_address(consultation):
    for _ in range(PUBLIC_RATE_LIMIT):
        submit_public_contribution(consultation, text="idée", ip="1.2.3.4")
    with pytest.raises(RateLimited) as refused:
        submit_public_contribution(consultation, text="idée", ip="1.2.3.4")
    assert "dix minutes" in str(refused.value)
    # Another address is not affected.
    submit_public_contribution(consultation, text="idée", ip="5.6.7.8")
    assert consultation.contributions.count() == PUBLIC_RATE_LIMIT + 1


def test_a_closed_consultation_takes_no_public_contribution(consultation):
    consultation.status = Consultation.Status.CLOSED
    consultation.save()
    with pytest.raises(ValidationError, match="terminée"):
        submit_public_contribution(consultation, text="idée", ip="1.2.3.4")


# --- export and demo -----------------------------------------------------------------------


def test_export_rows_name_authors_for_the_team(consultation, territory, meeting):
    aicha = Person.objects.create(display_name="Aïcha Benali", territory=territory)
    capture_contribution(consultation, text="=1+1", gathering=meeting, author=aicha)
    header, rows = export_rows(consultation.contributions.all())
    assert header == [
        "date",
        "canal",
        "rencontre",
        "type",
        "texte",
        "auteur",
        "tranche d'âge",
        "thème",
        "état",
    ]
    assert rows == [
        [
            dt.date(1999, 3, 18),
            "Réunion",
            "Réunion publique de mars",
            "Attente",
            "=1+1",
            "Aïcha Benali",
            "",
            "",
            "Publiée",
        ]
    ]


def test_demo_contributions_fall_into_the_seed_three_themes():
    themes = {key for _text, key in DEMO_CONTRIBUTIONS}
    assert themes == set(DEMO_THEMES) | {AUTRE}
    assert 140 <= len(DEMO_CONTRIBUTIONS) <= 160
    assert len({text for text, _key in DEMO_CONTRIBUTIONS}) == len(DEMO_CONTRIBUTIONS)
    for key in DEMO_THEMES:
        assert sum(1 for _t, k in DEMO_CONTRIBUTIONS if k == key) >= 40
    assert 8 <= sum(1 for _t, k in DEMO_CONTRIBUTIONS if k == AUTRE) <= 15


def test_the_demo_builds_the_consultation_with_its_intended_themes():
    from quartier.testing.demo import load_demo

    story = load_demo()
    consultation = story.consultation
    contributions = consultation.contributions.all()
    assert consultation.title == "Mieux vivre ensemble aux Montoires"
    assert contributions.count() == len(DEMO_CONTRIBUTIONS)
    assert set(story.contribution_themes) == set(contributions.values_list("pk", flat=True))
    meetings = {story.gatherings["first_public_meeting"], story.gatherings["second_public_meeting"]}
    assert {c.gathering for c in contributions} == meetings
    signed = contributions.exclude(author=None)
    assert 0.3 * len(DEMO_CONTRIBUTIONS) < signed.count() < 0.8 * len(DEMO_CONTRIBUTIONS)
    # Signed contributions come from residents who attended that meeting.
    for contribution in signed:
        assert contribution.gathering.attendances.filter(person=contribution.author).exists()
    assert contributions.filter(author=None).exclude(age_band="").exists()
