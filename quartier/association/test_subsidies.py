"""Subsidies: the spending report due six months after the year, reminders, the payment on the
funder's 74x account, each funder's budget against actual, and the Cerfa 15059."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from quartier.association.actions import ledger
from quartier.association.actions.assemblies import create_assembly
from quartier.association.actions.cerfa import cerfa_report
from quartier.association.actions.subsidies import (
    budget_against_actual,
    due_soon,
    record_payment,
    report_due_date,
)
from quartier.association.models import BudgetLine, Entry, Subsidy
from quartier.gatherings.models import Attendance, Gathering
from quartier.people.models import Person

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def _subsidy(association, funder, amount, year=2005, **extra):
    return Subsidy.objects.create(
        association=association,
        funder=funder,
        year=year,
        purpose="Ateliers de lien social",
        amount_asked=amount,
        amount_granted=amount,
        report_due_on=report_due_date(association, year),
        **extra,
    )


def test_the_spending_report_is_due_six_months_after_the_year(association):
    assert report_due_date(association, 2005) == dt.date(2006, 6, 30)
    association.financial_year_start = 9
    assert report_due_date(association, 2005) == dt.date(2007, 2, 28)


def test_reminders_before_the_report_the_next_application_and_the_notice(association, departement):
    _subsidy(association, departement, 45_000, next_application_on=dt.date(2006, 5, 15))
    create_assembly(
        association,
        title="AG 2006",
        start=dt.datetime(2006, 6, 10, 14, tzinfo=PARIS),
        agenda="Rapport moral",
    )
    texts = [(r.due_on, r.text) for r in due_soon(association, today=dt.date(2006, 5, 1))]
    assert (dt.date(2006, 5, 15), "Nouvelle demande de subvention : CG") in texts
    assert (dt.date(2006, 5, 26), "Envoyer la convocation : AG 2006") in texts
    assert any("Compte rendu financier" in text for _due, text in texts)
    assert due_soon(association, today=dt.date(2006, 1, 5)) == []
    late = due_soon(association, today=dt.date(2006, 7, 2))
    assert late[0].late and "Compte rendu financier" in late[0].text


def test_a_sent_report_is_no_longer_reminded(association, departement):
    _subsidy(association, departement, 45_000, report_sent_on=dt.date(2006, 5, 2))
    assert due_soon(association, today=dt.date(2006, 6, 1)) == []


def test_the_payment_goes_on_the_funders_74x_account(association, town, departement):
    subsidy = _subsidy(association, departement, 45_000)
    entry = record_payment(subsidy, paid_on=dt.date(2005, 5, 20), amount=45_000, means="bank")
    lines = {(line.account, line.credit) for line in entry.lines.all()}
    assert lines == {("512", 0), ("743", 45_000)}
    assert entry.subsidy == subsidy
    subsidy.refresh_from_db()
    assert subsidy.paid_on == dt.date(2005, 5, 20)
    town_entry = record_payment(
        _subsidy(association, town, 20_000),
        paid_on=dt.date(2005, 4, 2),
        amount=20_000,
        means="bank",
    )
    assert "744" in {line.account for line in town_entry.lines.all()}


def test_budget_against_actual_adds_up_per_funder(association, town, departement):
    cg = _subsidy(association, departement, 45_000)
    mairie = _subsidy(association, town, 20_000)
    BudgetLine.objects.create(subsidy=cg, group="60", amount=40_000)
    BudgetLine.objects.create(subsidy=mairie, group="61", amount=15_000)
    record_payment(cg, paid_on=dt.date(2005, 5, 20), amount=45_000, means="bank")
    courses = association.categories.get(label="Courses pour l'atelier cuisine")
    for amount in (12_000, 8_500):
        ledger.record_money(
            association,
            kind="expense",
            date=dt.date(2005, 6, 1),
            amount=amount,
            means=Entry.Means.CASH,
            category=courses,
            subsidy=cg,
        )
    wrong = ledger.record_money(
        association,
        kind="expense",
        date=dt.date(2005, 6, 2),
        amount=9_900,
        means=Entry.Means.CASH,
        category=courses,
        subsidy=cg,
    )
    ledger.reverse_entry(wrong, reason="Doublon")
    rows = {str(row.funder): row for row in budget_against_actual(association, 2005)}
    assert (rows["CG"].budget, rows["CG"].spent, rows["CG"].received) == (40_000, 20_500, 45_000)
    assert rows["CG"].gap == 19_500 and rows["CG"].left == 24_500
    assert (rows["Mairie"].budget, rows["Mairie"].spent, rows["Mairie"].received) == (15_000, 0, 0)


def test_the_cerfa_has_one_line_per_funder_under_74_and_the_share(association, town, departement):
    cg = _subsidy(association, departement, 45_000)
    mairie = _subsidy(association, town, 20_000)
    BudgetLine.objects.create(subsidy=cg, group="74", funder=departement, amount=45_000)
    BudgetLine.objects.create(subsidy=cg, group="74", funder=town, amount=20_000)
    BudgetLine.objects.create(subsidy=cg, group="60", amount=50_000)
    record_payment(cg, paid_on=dt.date(2005, 5, 20), amount=45_000, means="bank")
    record_payment(mairie, paid_on=dt.date(2005, 4, 2), amount=20_000, means="bank")
    dues = association.categories.get(label="Cotisations")
    ledger.record_money(
        association,
        kind="receipt",
        date=dt.date(2005, 3, 1),
        amount=55_000,
        means="cash",
        category=dues,
    )
    report = cerfa_report(cg)
    subsidies = next(row for row in report.products if row.code == "74")
    assert [(c.label, c.forecast, c.actual) for c in subsidies.children] == [
        ("Commune de Gien", 20_000, 20_000),
        ("Conseil général du Loiret", 45_000, 45_000),
    ]
    assert (subsidies.forecast, subsidies.actual) == (65_000, 65_000)
    assert report.products_total.actual == 120_000
    assert str(report.share) == "37.5"  # 450 € of 1 200 €
    charges = next(row for row in report.charges if row.code == "60")
    assert (charges.forecast, charges.actual, charges.percent) == (50_000, 0, 0)


def test_beneficiaries_are_distinct_people_at_the_associations_public_gatherings(
    association, departement
):
    start = dt.datetime(2005, 3, 1, 14, tzinfo=PARIS)
    gatherings = [
        Gathering.objects.create(
            kind=kind, title=kind, start=start, territory=association.territory, place="Local"
        )
        for kind in ("activity_session", "event", "board_meeting")
    ]
    aicha = Person.objects.create(display_name="Aïcha")
    karim = Person.objects.create(display_name="Karim")
    claire = Person.objects.create(display_name="Claire", kind="professional")
    for gathering in gatherings[:2]:
        for person in (aicha, claire):
            Attendance.objects.create(gathering=gathering, person=person)
    Attendance.objects.create(gathering=gatherings[2], person=karim)  # the board: not a public
    public = cerfa_report(_subsidy(association, departement, 45_000)).public
    assert (public.beneficiaries, public.gatherings) == (1, 2)
    assert public.first == public.last == dt.date(2005, 3, 1)
    assert public.places == [("Local", 2)]
