"""Rows already imported (same text, same date, same author) are flagged in the import
preview and left out unless the team chooses to import them again."""

import datetime as dt

import pytest
from django.urls import reverse

from quartier.consultation.actions.importing import (
    ImportMapping,
    plan_import,
    run_import,
    save_import_draft,
)
from quartier.consultation.models import Contribution
from quartier.core.tabular import Table
from quartier.people.models import Person

pytestmark = pytest.mark.django_db

HEADER = ["texte", "auteur", "date"]
ROWS = [
    ["Plus de bus le dimanche", "Karim Ouali", "18/03/1999"],
    ["Un local pour les jeunes", "", "18/03/1999"],
    ["Une fête des voisins", "Zoé Nouvelle", ""],
]


def table(rows=ROWS):
    return Table(header=HEADER, rows=[list(r) for r in rows])


def mapping(**extra):
    return ImportMapping(text=0, author=1, date=2, **extra)


@pytest.fixture
def karim(territory):
    return Person.objects.create(display_name="Karim Ouali", territory=territory)


def test_the_same_file_imported_twice_is_flagged_and_left_out(consultation, karim):
    assert run_import(consultation, table(), mapping()).is_valid
    plan = plan_import(consultation, table(), mapping())
    assert [d.line for d in plan.duplicates] == [2, 3, 4]
    assert plan.duplicates_skipped and not plan.contributions and not plan.is_valid
    run_import(consultation, table(), mapping())
    assert consultation.contributions.count() == 3


def test_the_team_can_still_import_them_again(consultation, karim):
    run_import(consultation, table(), mapping())
    plan = run_import(consultation, table(), mapping(skip_duplicates=False))
    assert len(plan.duplicates) == 3 and not plan.duplicates_skipped
    assert consultation.contributions.count() == 6


def test_a_different_date_or_author_or_text_is_not_a_duplicate(consultation, karim, territory):
    run_import(consultation, table(), mapping())
    rows = [
        ["Plus de bus le dimanche", "Karim Ouali", "19/03/1999"],  # another day
        ["Plus de bus le dimanche", "", "18/03/1999"],  # not Karim
        ["Plus de bus le lundi", "Karim Ouali", "18/03/1999"],  # other words
        ["  plus de BUS le dimanche ", "karim ouali", "18/03/1999"],  # the same, retyped
    ]
    plan = plan_import(consultation, table(rows), mapping())
    assert [d.line for d in plan.duplicates] == [5]
    assert len(plan.contributions) == 3


def test_a_row_repeated_in_the_file_is_flagged_with_its_first_line(consultation):
    rows = [ROWS[1], ["Autre chose", "", ""], ROWS[1]]
    plan = plan_import(consultation, table(rows), mapping())
    assert [(d.line, d.earlier_line) for d in plan.duplicates] == [(4, 2)]
    assert len(plan.contributions) == 2


def test_the_gathering_gives_the_date_of_rows_without_one(consultation, meeting):
    Contribution.objects.create(consultation=consultation, text="Un banc", gathering=meeting)
    rows = [["Un banc", "", ""]]
    assert plan_import(consultation, table(rows), mapping(gathering=meeting)).duplicates
    assert not plan_import(consultation, table(rows), mapping()).duplicates


def test_people_created_by_this_import_are_never_duplicates_of_anonymous_rows(
    consultation, territory
):
    Contribution.objects.create(
        consultation=consultation, text="Une fête des voisins", said_on=None
    )
    rows = [["Une fête des voisins", "Zoé Nouvelle", ""]]
    assert plan_import(consultation, table(rows), mapping()).duplicates  # stays anonymous
    plan = plan_import(consultation, table(rows), mapping(create_unknown_people=True))
    assert not plan.duplicates


def test_the_preview_lists_the_rows_already_imported(client, professional, consultation, karim):
    run_import(consultation, table(), mapping())
    draft = save_import_draft(
        consultation, table(ROWS + [["Nouveau", "", ""]]), "a.csv", professional
    )
    client.force_login(professional)
    url = reverse("consultation:import_mapping", args=[consultation.pk, draft.pk])
    form = client.get(url).content.decode()
    assert (
        'name="skip_duplicates"' in form
        and "checked" in form.split('name="skip_duplicates"')[1][:80]
    )
    fields = {"text": "0", "author": "1", "date": "2", "default_kind": "expectation"}
    fields |= {"default_channel": "paper", "skip_duplicates": "on", "action": "check"}
    page = client.post(url, fields).content.decode()
    assert "3 lignes semblent déjà importées" in page
    assert "1 contribution sera importée." in page
    assert "Elles ne seront pas importées." in page
    response = client.post(url, {**fields, "action": "import"}, follow=True)
    assert "1 contribution importée. 3 lignes déjà importées laissées de côté." in (
        response.content.decode()
    )
    assert consultation.contributions.count() == 4


def test_unticking_imports_them_a_second_time(client, professional, consultation, karim):
    run_import(consultation, table(), mapping())
    draft = save_import_draft(consultation, table(), "a.csv", professional)
    client.force_login(professional)
    url = reverse("consultation:import_mapping", args=[consultation.pk, draft.pk])
    fields = {"text": "0", "author": "1", "date": "2", "default_kind": "expectation"}
    fields |= {"default_channel": "paper", "action": "check"}
    page = client.post(url, fields).content.decode()
    assert "Elles seront importées une seconde fois" in page
    client.post(url, {**fields, "action": "import"})
    assert consultation.contributions.count() == 6
    assert dt.date(1999, 3, 18) in set(consultation.contributions.values_list("said_on", flat=True))
