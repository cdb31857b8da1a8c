"""The account mapping, the income statement (ANC layout, previous year beside it, in-kind at
its foot apart from the result) and the in-kind valuation derived from attendance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from quartier.association import chart
from quartier.association.actions import inkind, ledger
from quartier.association.actions.reports import income_statement, statement_table
from quartier.association.models import Entry, InKindGift, PremisesLoan
from quartier.gatherings.models import Attendance, Gathering
from quartier.people.models import Organisation, Person

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def _money(association, label, amount, day=dt.date(2005, 3, 1), means=Entry.Means.BANK):
    category = association.categories.get(label=label)
    return ledger.record_money(
        association, kind=category.kind, date=day, amount=amount, means=means, category=category
    )


@pytest.mark.parametrize(
    ("label", "account"),
    [
        ("Courses pour l'atelier cuisine", "6068"),
        ("Ventes du marché de Noël", "701"),
        ("Subvention de la mairie", "744"),
        ("Cotisations", "756"),
        ("Location de salle", "6132"),
        ("Assurance", "616"),
        ("Affiches et tracts", "6236"),
        ("Fêtes, goûters et réceptions", "6257"),
        ("Timbres, téléphone, internet", "626"),
        ("Frais de banque", "627"),
        ("Participation aux ateliers et aux sorties", "706"),
        ("Buvette (boissons achetées et revendues)", "707"),
        ("Remboursements et recettes diverses", "758"),
        ("Intérêts du livret", "768"),
    ],
)
def test_plain_words_categories_map_to_the_associations_chart(association, label, account):
    category = association.categories.get(label=label)
    assert category.account == account
    assert category.kind == ("receipt" if account.startswith("7") else "expense")
    assert chart.account_label(account) != account


def test_funders_map_to_their_74x_account_and_in_kind_to_86_87():
    assert chart.subsidy_account("town") == "744"
    assert chart.subsidy_account("departement") == "743"
    assert chart.subsidy_account("caf") == "745"
    assert chart.subsidy_account("landlord") == "748"
    # The Cerfa keeps the old chart's 87x labels: mapped by meaning.
    assert chart.cerfa_in_kind_line("875") == "870"  # bénévolat
    assert chart.cerfa_in_kind_line("870") == "875"  # dons en nature
    assert chart.cerfa_in_kind_line("871") == "871"
    assert chart.cerfa_in_kind_line("8611") == "861"


def test_the_income_statement_adds_up_with_the_previous_year_beside(association):
    _money(association, "Cotisations", 1000, dt.date(2004, 5, 1))
    _money(association, "Cotisations", 15_000)
    _money(association, "Ventes du marché de Noël", 42_950, means=Entry.Means.CASH)
    _money(association, "Subvention de la mairie", 20_000)
    _money(association, "Courses pour l'atelier cuisine", 7_830, means=Entry.Means.CASH)
    _money(association, "Assurance", 12_000)
    _money(association, "Intérêts du livret", 350)
    year = ledger.financial_year_for(association, dt.date(2005, 1, 1))
    statement = income_statement(year)
    lines = {
        line.label: line for row in statement.rows if hasattr(row, "lines") for line in row.lines
    }
    assert lines["Cotisations"].current == 15_000 and lines["Cotisations"].previous == 1000
    assert lines["Ventes de biens"].current == 42_950
    assert lines["Concours publics et subventions d'exploitation"].current == 20_000
    assert lines["Autres achats et charges externes"].current == 19_830
    assert lines["Produits financiers"].current == 350
    assert statement.products.current == 15_000 + 42_950 + 20_000 + 350
    assert statement.charges.current == 19_830
    assert statement.result.current == statement.products.current - statement.charges.current
    assert statement.result.previous == 1000
    assert statement.unplaced == {}
    header, rows = statement_table(statement)
    assert header[2:] == ["2005", "2004"]
    assert ["", "Excédent ou déficit", Decimal("584.70"), Decimal("10.00")] in rows


def test_a_reversed_entry_leaves_the_statement_as_if_it_never_was(association):
    wrong = _money(association, "Assurance", 99_999)
    ledger.reverse_entry(wrong, reason="Pas la bonne association")
    year = wrong.financial_year
    assert income_statement(year).charges.current == 0


@pytest.fixture
def activity(association):
    """An activity session of 2 h 30 led by a resident and a professional, with participants."""
    start = dt.datetime(2005, 2, 1, 14, 0, tzinfo=PARIS)
    session = Gathering.objects.create(
        kind=Gathering.Kind.ACTIVITY_SESSION,
        title="Atelier cuisine",
        start=start,
        end=start + dt.timedelta(hours=2, minutes=30),
        territory=association.territory,
    )
    volunteer = Person.objects.create(display_name="Fatou Roche", territory=association.territory)
    professional = Person.objects.create(display_name="Claire Morin", kind="professional")
    participant = Person.objects.create(display_name="Karim Ouali")
    Attendance.objects.create(gathering=session, person=volunteer, role="facilitator")
    Attendance.objects.create(gathering=session, person=professional, role="facilitator")
    Attendance.objects.create(gathering=session, person=participant)
    return session


def test_volunteer_hours_come_from_facilitators_of_activities(association, activity):
    start, end = dt.date(2005, 1, 1), dt.date(2005, 12, 31)
    time = inkind.volunteer_time(association, start, end)
    # Only the resident facilitator counts: the professional is paid to be there.
    assert (time.hours, time.people, time.gatherings) == (Decimal("2.50"), 1, 1)
    # A board meeting is no activity; an event is.
    meeting = Gathering.objects.create(
        kind=Gathering.Kind.BOARD_MEETING,
        title="Bureau",
        start=activity.start,
        end=activity.end,
        territory=association.territory,
    )
    market = Gathering.objects.create(
        kind=Gathering.Kind.EVENT,
        title="Marché de Noël",
        start=activity.start,
        end=activity.start + dt.timedelta(hours=8),
        territory=association.territory,
    )
    volunteer = activity.attendances.get(role="facilitator", person__kind="resident").person
    Attendance.objects.create(gathering=meeting, person=volunteer, role="facilitator")
    Attendance.objects.create(gathering=market, person=volunteer, role="facilitator")
    assert inkind.volunteer_time(association, start, end).hours == Decimal("10.50")
    valuation = inkind.valuation(association, start, end)
    line = next(line for line in valuation if line.kind == chart.VOLUNTEERING)
    assert line.amount == 10 * 1200 + 600  # 10.5 h × 12 €


def test_a_session_without_end_counts_nothing_and_is_reported(association, activity):
    Gathering.objects.filter(pk=activity.pk).update(end=None)
    time = inkind.volunteer_time(association, dt.date(2005, 1, 1), dt.date(2005, 12, 31))
    assert time.hours == 0 and time.without_end == 1


def test_premises_and_gifts_are_valued_at_the_foot_of_the_statement(association, activity):
    opac = Organisation.objects.create(name="OPAC du Loiret", kind="landlord")
    town = Organisation.objects.create(name="Commune de Gien", kind="town")
    PremisesLoan.objects.create(
        association=association,
        lender=opac,
        description="Appartement bâtiment C",
        agreement_start=dt.date(2005, 7, 1),
        hours_per_week=Decimal("10"),
        hourly_rate=800,
    )
    InKindGift.objects.create(
        association=association,
        giver=town,
        given_on=dt.date(2005, 4, 15),
        description="Tables et chaises",
        value=120_000,
    )
    _money(association, "Cotisations", 15_000)
    year = ledger.financial_year_for(association, dt.date(2005, 1, 1))
    valuation = inkind.valuation(association, year.starts_on, year.ends_on)
    lines = {line.kind.key: line for line in valuation}
    assert lines["premises"].amount == 26 * 10 * 800  # 26 whole weeks from July
    assert lines["gifts"].amount == 120_000
    statement = income_statement(year)
    in_kind = {line.label: line.current for line in statement.in_kind_products.lines}
    assert in_kind == {
        "Dons en nature": 120_000,
        "Prestations en nature": 208_000,
        "Bénévolat": 3000,
    }
    assert statement.in_kind_products.current == statement.in_kind_charges.current
    # Apart from the result.
    assert statement.result.current == 15_000

    year = ledger.close_year(year, today=dt.date(2006, 1, 10))
    written = inkind.recorded_in_kind(year)
    assert written == {
        "8611": 208_000,
        "871": 208_000,
        "8612": 120_000,
        "870": 120_000,
        "864": 3000,
        "875": 3000,
    }
    # Once closed, the statement reads what was written, whatever attendance says later.
    Attendance.objects.filter(gathering=activity).delete()
    assert income_statement(year).in_kind_products.current == 331_000
