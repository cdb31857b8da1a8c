"""Subsidies: the application, the decision, the payment, the budget, and the spending report
(compte rendu financier, Cerfa n° 15059) due six months after the financial year ends."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from quartier.association.chart import BUDGET_GROUPS
from quartier.association.models.identity import Association
from quartier.people.models import Organisation


class Subsidy(models.Model):
    class Scope(models.TextChoices):
        OPERATING = "operating", _("Fonctionnement de l'association (toute l'année)")
        PROJECT = "project", _("Une action précise (les écritures qui la portent)")

    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.PROTECT,
        related_name="subsidies",
    )
    funder = models.ForeignKey(
        Organisation,
        verbose_name=_("financeur"),
        on_delete=models.PROTECT,
        related_name="subsidies",
    )
    year = models.PositiveSmallIntegerField(_("année"))
    purpose = models.CharField(_("objet"), max_length=200)
    scope = models.CharField(
        _("ce que la subvention finance"),
        max_length=10,
        choices=Scope.choices,
        default=Scope.OPERATING,
    )
    amount_asked = models.BigIntegerField(_("montant demandé (centimes)"))
    amount_granted = models.BigIntegerField(_("montant accordé (centimes)"), null=True, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    asked_on = models.DateField(_("demandée le"), null=True, blank=True)
    decided_on = models.DateField(_("décision le"), null=True, blank=True)
    paid_on = models.DateField(_("versée le"), null=True, blank=True)
    report_due_on = models.DateField(
        _("compte rendu financier à rendre avant le"),
        help_text=_("Six mois après la fin de l'exercice, sauf autre date dans la convention."),
    )
    report_sent_on = models.DateField(_("compte rendu envoyé le"), null=True, blank=True)
    next_application_on = models.DateField(
        _("prochaine demande à déposer avant le"), null=True, blank=True
    )
    description = models.TextField(
        _("mise en œuvre de l'action"),
        blank=True,
        help_text=_("Ce qui a été fait, pour le compte rendu (Cerfa 15059)."),
    )
    objectives = models.TextField(
        _("objectifs et résultats"),
        blank=True,
        help_text=_("Les objectifs ont-ils été atteints ? Avec quels indicateurs ?"),
    )
    gaps = models.TextField(
        _("écarts et explications"),
        blank=True,
        help_text=_("Les écarts entre le budget prévu et le réalisé, et pourquoi."),
    )

    class Meta:
        verbose_name = _("subvention")
        verbose_name_plural = _("subventions")
        ordering = ["association", "-year", "funder__name", "pk"]

    def __str__(self) -> str:
        return f"{self.funder} {self.year} — {self.purpose}"

    def get_absolute_url(self) -> str:
        return reverse("association:subsidy", args=[self.pk])


class BudgetLine(models.Model):
    """One line of the subsidy's forecast budget, by account group (60 to 68, 70 to 78, 86,
    87); a 74 line names its funder."""

    subsidy = models.ForeignKey(
        Subsidy, verbose_name=_("subvention"), on_delete=models.CASCADE, related_name="budget_lines"
    )
    group = models.CharField(_("poste"), max_length=2, choices=BUDGET_GROUPS)
    funder = models.ForeignKey(
        Organisation,
        verbose_name=_("financeur (pour le 74)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    label = models.CharField(_("détail"), max_length=200, blank=True)
    amount = models.BigIntegerField(_("montant prévu (centimes)"))

    class Meta:
        verbose_name = _("ligne de budget")
        verbose_name_plural = _("lignes de budget")
        ordering = ["subsidy", "group", "pk"]

    def __str__(self) -> str:
        return f"{self.group} {self.label}"
