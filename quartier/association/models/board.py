"""Board mandates, and the registre spécial they feed."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from quartier.association.models.identity import Association
from quartier.people.models import Person


class Mandate(models.Model):
    class Role(models.TextChoices):
        CO_PRESIDENT = "co_president", _("Coprésidence")
        PRESIDENT = "president", _("Présidence")
        VICE_PRESIDENT = "vice_president", _("Vice-présidence")
        TREASURER = "treasurer", _("Trésorerie")
        SECRETARY = "secretary", _("Secrétariat")
        BOARD_MEMBER = "board_member", _("Membre du conseil d'administration")

    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="mandates",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("personne"), on_delete=models.PROTECT, related_name="mandates"
    )
    role = models.CharField(_("fonction"), max_length=20, choices=Role.choices)
    started_on = models.DateField(_("depuis le"))
    ended_on = models.DateField(_("jusqu'au"), null=True, blank=True)
    elected_at = models.ForeignKey(
        "association.GeneralAssembly",
        verbose_name=_("voté à l'assemblée générale"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="elected_mandates",
    )
    declared_on = models.DateField(
        _("déclaré à la préfecture le"),
        null=True,
        blank=True,
        help_text=_("Tout changement de dirigeants se déclare dans les trois mois."),
    )

    class Meta:
        verbose_name = _("mandat")
        verbose_name_plural = _("mandats")
        ordering = ["association", "ended_on", "role", "started_on", "pk"]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}"

    def is_current(self, on) -> bool:
        return self.started_on <= on and (self.ended_on is None or self.ended_on >= on)
