"""Crafts made in the activities, their stock, and sales at a stall (the Christmas market)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from quartier.association.models.identity import Association
from quartier.association.models.ledger import Entry
from quartier.gatherings.models import Gathering
from quartier.people.models import Person


class CraftItem(models.Model):
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="craft_items",
    )
    name = models.CharField(_("objet"), max_length=200)
    maker = models.ForeignKey(
        Person,
        verbose_name=_("fait par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="crafts_made",
    )
    made_in = models.ForeignKey(
        Gathering,
        verbose_name=_("fait à l'atelier"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="crafts_made",
    )
    materials_cost = models.BigIntegerField(_("coût des matières par pièce (centimes)"), default=0)
    price = models.BigIntegerField(_("prix de vente (centimes)"))
    stock = models.PositiveIntegerField(_("en stock"), default=0)

    class Meta:
        verbose_name = _("objet artisanal")
        verbose_name_plural = _("objets artisanaux")
        ordering = ["association", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stock__gte=0), name="craft_stock_not_negative"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("association:craft", args=[self.pk])


class Sale(models.Model):
    association = models.ForeignKey(
        Association, verbose_name=_("association"), on_delete=models.PROTECT, related_name="sales"
    )
    sold_on = models.DateField(_("date"))
    stall = models.CharField(
        _("stand"), max_length=200, help_text=_("Par exemple : marché de Noël.")
    )
    means = models.CharField(
        _("encaissé en"), max_length=5, choices=Entry.Means.choices, default=Entry.Means.CASH
    )
    entry = models.OneToOneField(
        Entry, verbose_name=_("écriture"), on_delete=models.PROTECT, related_name="sale"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("notée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("notée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("vente")
        verbose_name_plural = _("ventes")
        ordering = ["-sold_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.stall} ({self.sold_on})"

    def get_absolute_url(self) -> str:
        return reverse("association:sale", args=[self.pk])

    @property
    def total(self) -> int:
        return sum(line.quantity * line.unit_price for line in self.lines.all())


class SaleLine(models.Model):
    sale = models.ForeignKey(
        Sale, verbose_name=_("vente"), on_delete=models.CASCADE, related_name="lines"
    )
    item = models.ForeignKey(
        CraftItem, verbose_name=_("objet"), on_delete=models.PROTECT, related_name="sale_lines"
    )
    quantity = models.PositiveIntegerField(_("quantité"))
    unit_price = models.BigIntegerField(_("prix unitaire (centimes)"))

    class Meta:
        verbose_name = _("ligne de vente")
        verbose_name_plural = _("lignes de vente")
        ordering = ["sale", "pk"]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.item}"

    @property
    def total(self) -> int:
        return self.quantity * self.unit_price
