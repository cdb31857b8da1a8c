"""A recorded entry cannot be changed or deleted: not through the ORM (instance or queryset),
not through the admin, not even with raw SQL (database triggers, on SQLite and PostgreSQL:
under bin/with-postgres this same file runs on PostgreSQL). A closed year takes no entry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from quartier.association import guards
from quartier.association.actions import ledger
from quartier.association.models import Entry, EntryLine, FinancialYear, ImmutableRecordError

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(association):
    return ledger.record_money(
        association,
        kind=Entry.Kind.EXPENSE,
        date=dt.date(2005, 3, 4),
        amount=4250,
        means=Entry.Means.CASH,
        category=association.categories.get(label="Courses pour l'atelier cuisine"),
    )


def test_the_database_has_its_guards():
    assert connection.vendor in guards.STATEMENTS
    assert guards.guards_in_place(connection)


def test_an_entry_refuses_save_and_delete(entry):
    entry.amount = 1
    with pytest.raises(ImmutableRecordError):
        entry.save()
    with pytest.raises(ImmutableRecordError):
        entry.delete()
    line = entry.lines.first()
    line.debit = 1
    with pytest.raises(ImmutableRecordError):
        line.save()


def test_the_querysets_refuse_update_and_delete(entry):
    with pytest.raises(ImmutableRecordError):
        Entry.objects.filter(pk=entry.pk).update(amount=1)
    with pytest.raises(ImmutableRecordError):
        Entry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(ImmutableRecordError):
        EntryLine.objects.filter(entry=entry).update(debit=1)
    with pytest.raises(ImmutableRecordError):
        Entry._base_manager.filter(pk=entry.pk).delete()
    assert Entry.objects.get(pk=entry.pk).amount == 4250


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE association_entry SET amount = 1",
        "UPDATE association_entry SET label = 'effacé'",
        "DELETE FROM association_entry",
        "UPDATE association_entryline SET debit = 1 WHERE debit > 0",
        "DELETE FROM association_entryline",
    ],
)
def test_raw_sql_cannot_change_or_delete_an_entry(entry, statement):
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert Entry.objects.get(pk=entry.pk).amount == 4250
    assert sorted(entry.lines.values_list("debit", flat=True)) == [0, 4250]


def test_raw_sql_cannot_insert_into_a_closed_year_nor_reopen_it(entry):
    year = entry.financial_year
    ledger.close_year(year, today=dt.date(2006, 2, 1))
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO association_entry (association_id, financial_year_id, number, date, "
            "journal, kind, label, piece_ref, amount, means, reason, recorded_at) VALUES "
            "(%s, %s, 99, %s, 'CA', 'expense', 'En douce', '', 100, 'cash', '', %s)",
            [entry.association_id, year.pk, dt.date(2005, 5, 5), "2006-02-01 10:00:00+00:00"],
        )
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE association_financialyear SET closed_at = NULL")
    assert FinancialYear.objects.get(pk=year.pk).is_closed


def test_raw_sql_cannot_date_an_entry_outside_its_year(entry):
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO association_entry (association_id, financial_year_id, number, date, "
            "journal, kind, label, piece_ref, amount, means, reason, recorded_at) VALUES "
            "(%s, %s, 99, %s, 'CA', 'expense', 'Hors exercice', '', 100, 'cash', '', %s)",
            [
                entry.association_id,
                entry.financial_year_id,
                dt.date(2007, 5, 5),
                "2006-02-01 10:00:00+00:00",
            ],
        )


def test_the_admin_shows_entries_and_changes_nothing(client, entry, administrator):
    client.force_login(administrator)
    change = reverse("admin:association_entry_change", args=[entry.pk])
    assert client.get(change).status_code == 200  # read-only view
    response = client.post(change, {"label": "Modifié", "amount": "1"})
    assert response.status_code == 403
    delete = reverse("admin:association_entry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:association_entry_add")).status_code == 403
    assert Entry.objects.get(pk=entry.pk).label == entry.label


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_book_and_puts_the_guards_back(entry):
    call_command("flush", interactive=False, verbosity=0)
    assert not Entry.objects.exists()
    assert guards.guards_in_place(connection)
