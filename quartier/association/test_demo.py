"""The demo's association tells the seed's story, and its books hold: the 2005 income statement
adds up, the Cerfa 15059 for the Département shows 450 €, `quartier fec --year 2005` gives a
balanced file with the two subsidies on 74x accounts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from quartier.association.actions.board import current_board
from quartier.association.actions.cerfa import cerfa_report
from quartier.association.actions.reports import income_statement
from quartier.association.models import (
    Association,
    Entry,
    FinancialYear,
    GeneralAssembly,
    InKindGift,
    PremisesLoan,
    Subsidy,
)
from quartier.gatherings.models import Gathering
from quartier.testing.demo import load_demo
from quartier.testing.documents import pdf_words

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_the_demo_association_and_its_2005_books(client, tmp_path):
    load_demo()
    association = Association.objects.get()
    assert association.founded_on.year == 2004
    assert 20 <= association.members.count() <= 30
    board = current_board(association, dt.date(2005, 6, 1))
    assert board.filter(role="co_president").count() == 2
    assert PremisesLoan.objects.get().lender.short_name == "OPAC"
    assert InKindGift.objects.get().giver.kind == "town"
    for year in range(2004, 2026):
        amounts = dict(
            Subsidy.objects.filter(year=year).values_list("funder__kind", "amount_granted")
        )
        assert amounts == {"town": 20_000, "departement": 45_000}
    assert Gathering.objects.filter(kind="event", title__startswith="Marché de Noël").count() == 22
    # The board's own support meetings (the activities' review meetings are the activities').
    board_support = Gathering.objects.filter(
        kind="support_meeting", title__contains="conseil d'administration"
    )
    assert board_support.count() == 44
    assert GeneralAssembly.objects.count() == 22

    year = FinancialYear.objects.get(starts_on=dt.date(2005, 1, 1))
    assert year.is_closed
    statement = income_statement(year)
    lines = [line for row in statement.rows if hasattr(row, "lines") for line in row.lines]
    products = sum(line.current for row in statement.rows[:1] for line in row.lines)
    assert products == statement.products.current  # no financial nor exceptional products
    assert statement.result.current == statement.products.current - statement.charges.current
    assert statement.charges.current == sum(
        line.current
        for row in statement.rows
        if getattr(row, "title", "").startswith("Charges")
        for line in row.lines
    )
    assert statement.unplaced == {} and lines
    assert statement.in_kind_products.current == statement.in_kind_charges.current > 0
    assert statement.previous_year.label == "2004"

    departement = Subsidy.objects.get(year=2005, funder__kind="departement")
    report = cerfa_report(departement)
    subsidies = next(row for row in report.products if row.code == "74")
    assert ("Conseil général du Loiret — UTS de Gien", 45_000, 45_000) in [
        (c.label, c.forecast, c.actual) for c in subsidies.children
    ]
    client.force_login(_volunteer())
    pdf = client.get(f"/association/subventions/{departement.pk}/compte-rendu-financier.pdf")
    text = pdf_words(pdf.content)
    assert "La subvention de 450,00 € représente" in text and "du total des produits" in text
    assert "Conseil général du Loiret" in text

    call_command("fec", "--year", "2005", "--out", str(tmp_path))
    (written,) = tmp_path.iterdir()
    assert written.name == "443061841FEC20051231.txt"
    rows = [line.split("\t") for line in written.read_text("iso-8859-15").splitlines()]
    assert all(len(row) == 18 for row in rows)
    balance: dict[str, int] = {}
    for row in rows[1:]:
        balance[row[2]] = (
            balance.get(row[2], 0) + int(row[11].replace(",", "")) - int(row[12].replace(",", ""))
        )
    assert set(balance.values()) == {0}
    subsidy_accounts = {row[4]: row[12] for row in rows[1:] if row[4].startswith("74")}
    assert subsidy_accounts == {"743": "450,00", "744": "200,00"}
    assert Entry.objects.filter(financial_year=year, journal="AN").exists()


def _volunteer():
    from quartier.people.models import User

    return User.objects.get(username="benevole")
