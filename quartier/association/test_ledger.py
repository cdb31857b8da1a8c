"""The cash book's rules: balanced entries numbered without gaps, corrections that keep both
entries and the right balance, closing a year that locks it, bank statement gaps reported."""

from __future__ import annotations

import datetime as dt

import pytest

from quartier.association import chart
from quartier.association.actions import ledger
from quartier.association.actions.errors import AssociationError
from quartier.association.models import Entry, FinancialYear

pytestmark = pytest.mark.django_db


def _category(association, label):
    return association.categories.get(label=label)


def _expense(association, amount, day=dt.date(2005, 3, 4), **kwargs):
    return ledger.record_money(
        association,
        kind=Entry.Kind.EXPENSE,
        date=day,
        amount=amount,
        means=Entry.Means.CASH,
        category=_category(association, "Courses pour l'atelier cuisine"),
        **kwargs,
    )


def _receipt(association, amount, day=dt.date(2005, 3, 1), means=Entry.Means.BANK):
    return ledger.record_money(
        association,
        kind=Entry.Kind.RECEIPT,
        date=day,
        amount=amount,
        means=means,
        category=_category(association, "Dons"),
    )


def test_an_expense_is_balanced_against_its_category_account(association):
    entry = _expense(association, 4250)
    lines = {(line.account, line.debit, line.credit) for line in entry.lines.all()}
    assert lines == {("6068", 4250, 0), (chart.CASH, 0, 4250)}
    assert entry.journal == Entry.Journal.CASH
    assert entry.financial_year.label == "2005"


def test_entries_are_numbered_without_gaps_within_their_year(association):
    numbers = [_expense(association, 100 * n).number for n in range(1, 4)]
    other_year = _expense(association, 100, day=dt.date(2006, 1, 2))
    assert numbers == [1, 2, 3]
    assert other_year.number == 1


def test_an_unbalanced_entry_is_refused(association):
    spec = ledger.EntrySpec(
        association=association,
        date=dt.date(2005, 1, 5),
        kind=Entry.Kind.EXPENSE,
        journal=Entry.Journal.BANK,
        label="Bancal",
        lines=[ledger.LineSpec("6068", debit=100), ledger.LineSpec("512", credit=90)],
    )
    with pytest.raises(AssociationError, match="pas équilibrée"):
        ledger.record_entry(spec)
    assert not Entry.objects.exists()


def test_a_correction_keeps_both_entries_and_gives_the_right_balance(association, volunteer):
    _receipt(association, 10_000, means=Entry.Means.CASH)
    wrong = _expense(association, 4250)
    reversal, right = ledger.correct_entry(
        wrong,
        reason="Ticket mal recopié : 24,50 €",
        recorded_by=volunteer,
        date=wrong.date,
        amount=2450,
        means=Entry.Means.CASH,
        category=wrong.category,
    )
    assert Entry.objects.count() == 4
    assert reversal.reverses == wrong and right.replaces == wrong
    assert reversal.reason == right.reason == "Ticket mal recopié : 24,50 €"
    assert reversal.recorded_by == volunteer
    assert {(line.account, line.debit, line.credit) for line in reversal.lines.all()} == {
        ("6068", 0, 4250),
        (chart.CASH, 4250, 0),
    }
    balances = ledger.money_balances(association, dt.date(2005, 12, 31))
    assert balances[chart.CASH] == 10_000 - 2450
    assert ledger.year_totals(wrong.financial_year)["charges"] == 2450
    wrong = Entry.objects.get(pk=wrong.pk)
    assert wrong.is_cancelled


def test_an_entry_is_corrected_or_cancelled_once_only(association):
    entry = _expense(association, 500)
    ledger.reverse_entry(entry, reason="Doublon")
    with pytest.raises(AssociationError, match="déjà annulée"):
        ledger.reverse_entry(entry, reason="Encore")
    with pytest.raises(AssociationError, match="motif|pourquoi"):
        ledger.reverse_entry(_expense(association, 600), reason="  ")


def test_a_reversal_is_not_itself_cancelled(association):
    reversal = ledger.reverse_entry(_expense(association, 500), reason="Doublon")
    with pytest.raises(AssociationError, match="annule une autre"):
        ledger.reverse_entry(reversal, reason="Oups")


def test_closing_a_year_locks_it_and_opens_the_next_on_its_balances(association, volunteer):
    _receipt(association, 20_000)
    _expense(association, 3000, day=dt.date(2005, 6, 1))
    year = FinancialYear.objects.get(starts_on=dt.date(2005, 1, 1))
    ledger.close_year(year, closed_by=volunteer, today=dt.date(2006, 2, 1))
    year.refresh_from_db()
    assert year.is_closed and year.closed_by == volunteer
    with pytest.raises(AssociationError, match="clos"):
        _expense(association, 100, day=dt.date(2005, 7, 1))
    following = FinancialYear.objects.get(starts_on=dt.date(2006, 1, 1))
    opening = following.entries.get(journal=Entry.Journal.OPENING)
    assert {(line.account, line.debit, line.credit) for line in opening.lines.all()} == {
        (chart.BANK, 20_000, 0),
        (chart.CASH, 0, 3000),
        (chart.CARRIED_FORWARD, 0, 17_000),
    }
    # The same balances before and after the closing, and carried on into 2006.
    assert ledger.money_balances(association, dt.date(2006, 3, 1)) == {
        chart.BANK: 20_000,
        chart.CASH: -3000,
    }


def test_a_year_is_closed_once_finished_and_after_the_one_before(association):
    _expense(association, 100, day=dt.date(2005, 2, 1))
    _expense(association, 100, day=dt.date(2006, 2, 1))
    y2005 = FinancialYear.objects.get(starts_on=dt.date(2005, 1, 1))
    y2006 = FinancialYear.objects.get(starts_on=dt.date(2006, 1, 1))
    with pytest.raises(AssociationError, match="une fois terminé"):
        ledger.close_year(y2005, today=dt.date(2005, 12, 31))
    with pytest.raises(AssociationError, match="Clôturez d'abord l'exercice 2005"):
        ledger.close_year(y2006, today=dt.date(2007, 1, 10))
    ledger.close_year(y2005, today=dt.date(2007, 1, 10))
    with pytest.raises(AssociationError, match="déjà clos"):
        ledger.close_year(y2005, today=dt.date(2007, 1, 10))


def test_a_correction_in_a_closed_year_is_refused(association):
    entry = _expense(association, 100, day=dt.date(2005, 2, 1))
    ledger.close_year(entry.financial_year, today=dt.date(2006, 1, 10))
    with pytest.raises(AssociationError, match="clos"):
        ledger.reverse_entry(entry, reason="Trop tard")


def test_a_bank_statement_gap_is_reported_never_fixed(association):
    _receipt(association, 50_000)
    check = ledger.check_bank_statement(
        association, on=dt.date(2005, 3, 31), statement_balance=49_500
    )
    assert check.book_balance == 50_000 and check.gap == -500
    assert Entry.objects.count() == 1  # nothing written to hide the gap


def test_a_transfer_moves_cash_to_the_bank(association):
    _receipt(association, 8000, means=Entry.Means.CASH)
    ledger.record_entry(
        ledger.transfer_spec(
            association, date=dt.date(2005, 3, 2), amount=8000, source=Entry.Means.CASH
        )
    )
    assert ledger.money_balances(association, dt.date(2005, 3, 2)) == {
        chart.BANK: 8000,
        chart.CASH: 0,
    }


def test_opening_balances_of_a_new_association(territory):
    from quartier.association.actions.identity import create_association

    association = create_association(
        name="Les Amis",
        object="Se retrouver",
        founded_on=dt.date(2010, 9, 1),
        rna="W452009999",
        registered_office="Gien",
        territory=territory,
        opening_bank=120_000,
        opening_cash=3_500,
    )
    assert ledger.money_balances(association, dt.date(2010, 9, 1)) == {
        chart.BANK: 120_000,
        chart.CASH: 3_500,
    }
