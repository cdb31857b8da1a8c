"""Crafts and a stall's sale: one transaction lowers the stock and writes the receipt; selling
more than the stock is refused, in French, and nothing is saved."""

from __future__ import annotations

import datetime as dt

import pytest

from quartier.association.actions.crafts import SoldItem, add_stock, record_sale
from quartier.association.actions.errors import AssociationError
from quartier.association.models import CraftItem, Entry, Sale

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(association):
    scarf = CraftItem.objects.create(association=association, name="Écharpe", price=1500, stock=4)
    card = CraftItem.objects.create(association=association, name="Carte de vœux", price=250)
    add_stock(card, 20)
    return scarf, card


def test_a_sale_lowers_the_stock_and_writes_the_receipt(association, items, volunteer):
    scarf, card = items
    sale = record_sale(
        association,
        sold_on=dt.date(2005, 12, 10),
        stall="Marché de Noël 2005",
        means="cash",
        items=[SoldItem(scarf, 3, 1500), SoldItem(card, 10, 200), SoldItem(card, 0, 250)],
        recorded_by=volunteer,
    )
    scarf.refresh_from_db()
    card.refresh_from_db()
    assert (scarf.stock, card.stock) == (1, 10)
    assert sale.total == 3 * 1500 + 10 * 200
    assert sale.lines.count() == 2
    entry = sale.entry
    assert entry.amount == 6500 and entry.journal == Entry.Journal.CASH
    assert {(line.account, line.debit, line.credit) for line in entry.lines.all()} == {
        ("530", 6500, 0),
        ("701", 0, 6500),
    }


def test_selling_more_than_the_stock_is_refused_and_nothing_is_saved(association, items):
    scarf, card = items
    with pytest.raises(AssociationError, match="Il ne reste que 4 « Écharpe » en stock"):
        record_sale(
            association,
            sold_on=dt.date(2005, 12, 10),
            stall="Marché",
            means="cash",
            items=[SoldItem(card, 5, 250), SoldItem(scarf, 5, 1500)],
        )
    card.refresh_from_db()
    assert card.stock == 20
    assert not Sale.objects.exists() and not Entry.objects.exists()


def test_a_sale_needs_something_sold(association, items):
    with pytest.raises(AssociationError, match="au moins un objet"):
        record_sale(
            association,
            sold_on=dt.date(2005, 12, 10),
            stall="Marché",
            means="cash",
            items=[SoldItem(items[0], 0, 1500)],
        )
