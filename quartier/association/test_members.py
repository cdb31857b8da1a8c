"""Members and dues: « à jour de cotisation » at any date, and a payment that writes its receipt
in the cash book in the same transaction."""

from __future__ import annotations

import datetime as dt

import pytest

from quartier.association.actions import ledger
from quartier.association.actions.errors import AssociationError
from quartier.association.actions.members import (
    add_member,
    current_members,
    is_up_to_date,
    members_with_status,
    record_dues,
    up_to_date_members,
)
from quartier.association.models import DuesPayment, Entry, FinancialYear
from quartier.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def aicha(association):
    person = Person.objects.create(display_name="Aïcha Benali", territory=association.territory)
    return add_member(association, person=person, joined_on=dt.date(2004, 3, 12))


def test_a_new_member_gets_the_next_number_and_can_be_someone_new(association, aicha):
    karim = add_member(association, name="  Karim   Ouali ", joined_on=dt.date(2005, 1, 3))
    assert (aicha.number, karim.number) == (1, 2)
    assert karim.person.display_name == "Karim Ouali"
    with pytest.raises(AssociationError, match="déjà membre"):
        add_member(association, person=karim.person, joined_on=dt.date(2005, 1, 3))


def test_recording_dues_writes_the_receipt_in_the_cash_book(aicha, volunteer):
    payment = record_dues(
        aicha,
        year=2005,
        amount=1000,
        paid_on=dt.date(2005, 3, 12),
        method="cash",
        recorded_by=volunteer,
    )
    entry = payment.entry
    assert (payment.period_start, payment.period_end) == (
        dt.date(2005, 1, 1),
        dt.date(2005, 12, 31),
    )
    assert entry.kind == Entry.Kind.RECEIPT and entry.journal == Entry.Journal.CASH
    assert {(line.account, line.debit, line.credit) for line in entry.lines.all()} == {
        ("530", 1000, 0),
        ("756", 0, 1000),
    }
    # The book names no one: it is kept unchanged for ten years, names are not.
    assert "Aïcha" not in entry.label and "n° 1" in entry.label


def test_dues_and_receipt_are_recorded_together_or_not_at_all(association, aicha):
    ledger.close_year(
        ledger.financial_year_for(association, dt.date(2005, 1, 1)), today=dt.date(2006, 1, 5)
    )
    with pytest.raises(AssociationError, match="clos"):
        record_dues(aicha, year=2005, amount=1000, paid_on=dt.date(2005, 3, 12), method="cash")
    assert not DuesPayment.objects.exists()
    assert not Entry.objects.exclude(journal=Entry.Journal.OPENING).exists()


def test_one_payment_per_year(aicha):
    record_dues(aicha, year=2005, amount=1000, paid_on=dt.date(2005, 3, 12), method="cheque")
    with pytest.raises(AssociationError, match="déjà enregistrée"):
        record_dues(aicha, year=2005, amount=1000, paid_on=dt.date(2005, 4, 1), method="cash")


def test_up_to_date_at_any_date(aicha):
    record_dues(aicha, year=2005, amount=1000, paid_on=dt.date(2005, 3, 12), method="cash")
    assert not is_up_to_date(aicha, dt.date(2005, 3, 11))  # not paid yet that day
    assert is_up_to_date(aicha, dt.date(2005, 3, 12))
    assert is_up_to_date(aicha, dt.date(2005, 12, 31))
    assert not is_up_to_date(aicha, dt.date(2006, 1, 1))  # a new year, new dues
    assert not is_up_to_date(aicha, dt.date(2004, 12, 31))


def test_a_member_who_left_is_no_longer_up_to_date(aicha):
    record_dues(aicha, year=2005, amount=1000, paid_on=dt.date(2005, 1, 10), method="cash")
    aicha.left_on = dt.date(2005, 6, 30)
    aicha.save()
    assert is_up_to_date(aicha, dt.date(2005, 6, 30))
    assert not is_up_to_date(aicha, dt.date(2005, 7, 1))


def test_cancelled_dues_do_not_count(aicha):
    payment = record_dues(
        aicha, year=2005, amount=1000, paid_on=dt.date(2005, 1, 10), method="cash"
    )
    ledger.reverse_entry(payment.entry, reason="Chèque refusé par la banque")
    payment.refresh_from_db()
    assert payment.cancelled_on is not None
    assert not is_up_to_date(aicha, dt.date(2005, 2, 1))


def test_a_corrected_dues_receipt_keeps_the_member_up_to_date_with_the_right_amount(aicha):
    payment = record_dues(
        aicha, year=2005, amount=10_000, paid_on=dt.date(2005, 1, 10), method="cash"
    )
    _reversal, right = ledger.correct_entry(
        payment.entry,
        reason="10 € et non 100 €",
        date=dt.date(2005, 1, 10),
        amount=1000,
        means="cash",
        category=payment.entry.category,
    )
    payment.refresh_from_db()
    assert payment.entry == right and payment.amount == 1000
    assert is_up_to_date(aicha, dt.date(2005, 2, 1))


def test_membership_years_may_start_in_september(association, aicha):
    association.membership_year_start = 9
    association.save()
    payment = record_dues(
        aicha, year=2005, amount=1000, paid_on=dt.date(2005, 9, 20), method="cash"
    )
    assert (payment.period_start, payment.period_end) == (dt.date(2005, 9, 1), dt.date(2006, 8, 31))
    assert is_up_to_date(aicha, dt.date(2006, 5, 1))


def test_the_member_list_says_who_is_up_to_date(association, aicha):
    karim = add_member(association, name="Karim Ouali", joined_on=dt.date(2005, 1, 3))
    record_dues(karim, year=2005, amount=1000, paid_on=dt.date(2005, 2, 1), method="cash")
    on = dt.date(2005, 6, 1)
    status = {m.person.display_name: m.up_to_date for m in members_with_status(association, on)}
    assert status == {"Aïcha Benali": False, "Karim Ouali": True}
    assert list(up_to_date_members(association, on)) == [karim]
    assert FinancialYear.objects.count() == 1


def test_a_leaving_date_ahead_is_still_a_member_and_a_joining_date_ahead_not_yet(
    association, aicha
):
    karim = add_member(association, name="Karim Ouali", joined_on=dt.date(2005, 1, 3))
    nadia = add_member(association, name="Nadia Colin", joined_on=dt.date(2005, 9, 1))
    record_dues(karim, year=2005, amount=1000, paid_on=dt.date(2005, 2, 1), method="cash")
    record_dues(nadia, year=2005, amount=1000, paid_on=dt.date(2005, 2, 1), method="cash")
    karim.left_on = dt.date(2005, 12, 31)  # leaving at the end of the year
    karim.save()
    aicha.left_on = dt.date(2005, 3, 1)
    aicha.save()
    on = dt.date(2005, 6, 1)
    assert list(current_members(association, on)) == [karim]  # Aïcha gone, Nadia not yet
    assert list(up_to_date_members(association, on)) == [karim]
    assert is_up_to_date(karim, on) and not is_up_to_date(nadia, on)
    assert not is_up_to_date(karim, dt.date(2006, 1, 2))
    status = {m.person.display_name: m.up_to_date for m in members_with_status(association, on)}
    assert status == {"Aïcha Benali": False, "Karim Ouali": True, "Nadia Colin": False}
