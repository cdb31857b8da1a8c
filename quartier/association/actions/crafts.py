"""Crafts and their sale at a stall: one transaction records the items sold, lowers the stock
and writes the receipt in the cash book; selling more than the stock is refused."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from quartier.association.actions.errors import AssociationError
from quartier.association.actions.ledger import record_money
from quartier.association.models import Association, Category, CraftItem, Entry, Sale, SaleLine


@dataclass
class SoldItem:
    item: CraftItem
    quantity: int
    unit_price: int


def sales_category(association: Association) -> Category:
    from quartier.association.actions.identity import ensure_categories

    ensure_categories(association)
    return association.categories.get(purpose=Category.Purpose.SALES)


@transaction.atomic
def add_stock(item: CraftItem, quantity: int) -> CraftItem:
    if quantity <= 0:
        raise AssociationError(_("Indiquez combien de pièces ont été faites."), field="quantity")
    CraftItem.objects.filter(pk=item.pk).update(stock=F("stock") + quantity)
    item.refresh_from_db(fields=["stock"])
    return item


@transaction.atomic
def record_sale(
    association: Association,
    *,
    sold_on: dt.date,
    stall: str,
    means: str,
    items: list[SoldItem],
    recorded_by=None,
) -> Sale:
    sold = [line for line in items if line.quantity > 0]
    if not sold:
        raise AssociationError(_("Indiquez au moins un objet vendu."))
    locked = {
        item.pk: item
        for item in CraftItem.objects.select_for_update().filter(
            pk__in=[line.item.pk for line in sold], association=association
        )
    }
    for line in sold:
        item = locked.get(line.item.pk)
        if item is None:
            raise AssociationError(_("Cet objet n'est pas celui de l'association."))
        if line.quantity > item.stock:
            raise AssociationError(
                _(
                    "Il ne reste que %(stock)s « %(name)s » en stock : impossible d'en vendre "
                    "%(quantity)s."
                )
                % {"stock": item.stock, "name": item.name, "quantity": line.quantity},
                field=f"quantity_{item.pk}",
            )
    total = sum(line.quantity * line.unit_price for line in sold)
    if total <= 0:
        raise AssociationError(_("Le total de la vente doit être supérieur à zéro."))
    user = recorded_by if getattr(recorded_by, "is_authenticated", False) else None
    entry = record_money(
        association,
        kind=Entry.Kind.RECEIPT,
        date=sold_on,
        amount=total,
        means=means,
        category=sales_category(association),
        label=_("Ventes : %(stall)s") % {"stall": stall},
        recorded_by=user,
    )
    sale = Sale.objects.create(
        association=association,
        sold_on=sold_on,
        stall=stall,
        means=means,
        entry=entry,
        recorded_by=user,
    )
    SaleLine.objects.bulk_create(
        [
            SaleLine(sale=sale, item=line.item, quantity=line.quantity, unit_price=line.unit_price)
            for line in sold
        ]
    )
    for line in sold:
        CraftItem.objects.filter(pk=line.item.pk).update(stock=F("stock") - line.quantity)
    return sale
