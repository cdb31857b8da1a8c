"""Members and their dues: « à jour de cotisation » at any date."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from quartier.association.models.identity import Association
from quartier.association.models.ledger import Entry
from quartier.people.models import Person


class Member(models.Model):
    association = models.ForeignKey(
        Association, verbose_name=_("association"), on_delete=models.CASCADE, related_name="members"
    )
    # Dues are accounting evidence: a person with dues is never deleted, only anonymised.
    person = models.ForeignKey(
        Person,
        verbose_name=_("personne"),
        on_delete=models.PROTECT,
        related_name="association_memberships",
    )
    number = models.PositiveIntegerField(_("numéro de membre"))
    joined_on = models.DateField(_("membre depuis le"))
    left_on = models.DateField(_("a quitté l'association le"), null=True, blank=True)

    class Meta:
        verbose_name = _("membre")
        verbose_name_plural = _("membres")
        ordering = ["association", "person__search_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["association", "person"], name="one_member_per_person"),
            models.UniqueConstraint(fields=["association", "number"], name="one_member_number"),
        ]

    def __str__(self) -> str:
        return f"{self.person} (n° {self.number})"

    def get_absolute_url(self) -> str:
        return reverse("association:member", args=[self.pk])


class DuesPayment(models.Model):
    """One year's dues: who, which period, how much, when and how it was paid. The receipt is
    written to the cash book in the same transaction (`entry`)."""

    class Method(models.TextChoices):
        CASH = "cash", _("Espèces")
        CHEQUE = "cheque", _("Chèque")
        TRANSFER = "transfer", _("Virement")

    member = models.ForeignKey(
        Member, verbose_name=_("membre"), on_delete=models.PROTECT, related_name="dues"
    )
    period_start = models.DateField(_("cotisation du"))
    period_end = models.DateField(_("au"))
    amount = models.BigIntegerField(_("montant (centimes)"))
    paid_on = models.DateField(_("payée le"))
    method = models.CharField(_("moyen de paiement"), max_length=10, choices=Method.choices)
    # The current receipt: after a correction, the entry that replaced the first one.
    entry = models.OneToOneField(
        Entry,
        verbose_name=_("écriture"),
        on_delete=models.PROTECT,
        related_name="dues_payment",
    )
    cancelled_on = models.DateField(_("annulée le"), null=True, blank=True)
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
        verbose_name = _("cotisation")
        verbose_name_plural = _("cotisations")
        ordering = ["member", "-period_start", "-pk"]
        indexes = [models.Index(fields=["period_start", "period_end"])]

    def __str__(self) -> str:
        return f"{self.member} — {self.period_start:%Y}"
