"""Territory statistics kept as published: one dataset per imported file, one row per area.

Values are stored under INSEE's own variable names (`P18_POP`, `MED19`...) exactly as read,
so every indicator is recomputed by the engine in `quartier.statistics` from the same numbers
a careful analyst would use; nothing is pre-aggregated in the database.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from quartier.people.models import Territory


class Level(models.TextChoices):
    IRIS = "iris", _("IRIS")
    COMMUNE = "commune", _("commune")
    DEPARTEMENT = "departement", _("département")
    FRANCE = "france", _("France")


class Dataset(models.Model):
    """One imported statistics file, for one of the partnership's territories."""

    territory = models.ForeignKey(
        Territory, on_delete=models.CASCADE, related_name="datasets", verbose_name=_("territoire")
    )
    title = models.CharField(_("titre"), max_length=200)
    file_name = models.CharField(_("fichier"), max_length=255)
    source = models.CharField(_("source"), max_length=300, blank=True)
    kind = models.CharField(_("une ligne par"), max_length=12, choices=Level.choices)
    census_year = models.PositiveSmallIntegerField(_("année du recensement"), null=True)
    income_year = models.PositiveSmallIntegerField(_("année des revenus"), null=True)
    labels = models.JSONField(_("libellés des variables"), default=dict, blank=True)
    warnings = models.JSONField(_("avertissements"), default=list, blank=True)
    unknown_columns = models.JSONField(_("colonnes inconnues"), default=list, blank=True)
    illustrative = models.BooleanField(
        _("valeurs d'illustration"),
        default=False,
        help_text=_("Données fictives de démonstration, à ne pas citer."),
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("importé par"),
    )
    imported_at = models.DateTimeField(_("importé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("jeu de statistiques")
        verbose_name_plural = _("jeux de statistiques")
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("diagnosis:dataset", kwargs={"pk": self.pk})


class Area(models.Model):
    """One row of an imported file: an area and its variables, missing values as null."""

    dataset = models.ForeignKey(
        Dataset, on_delete=models.CASCADE, related_name="areas", verbose_name=_("jeu")
    )
    position = models.PositiveIntegerField(_("rang dans le fichier"))
    code = models.CharField(_("code Insee"), max_length=12)
    level = models.CharField(_("niveau"), max_length=12, choices=Level.choices)
    commune_code = models.CharField(_("code commune"), max_length=5, blank=True)
    name = models.CharField(_("nom"), max_length=200, blank=True)
    values = models.JSONField(_("valeurs"), default=dict)

    class Meta:
        verbose_name = _("territoire statistique")
        verbose_name_plural = _("territoires statistiques")
        ordering = ["dataset", "position"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "code"], name="diagnosis_area_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.name or self.code} ({self.get_level_display()})"


class ImportDraft(models.Model):
    """An uploaded file waiting for confirmation, after its preview (never a file on disk)."""

    id = models.UUIDField(_("identifiant"), primary_key=True, default=uuid.uuid4, editable=False)
    territory = models.ForeignKey(
        Territory, on_delete=models.CASCADE, related_name="+", verbose_name=_("territoire")
    )
    title = models.CharField(_("titre"), max_length=200)
    file_name = models.CharField(_("fichier"), max_length=255)
    data = models.BinaryField(_("contenu"))
    meta_name = models.CharField(_("dictionnaire"), max_length=255, blank=True)
    meta_data = models.BinaryField(_("contenu du dictionnaire"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("envoyé par"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("import en préparation")
        verbose_name_plural = _("imports en préparation")

    def __str__(self) -> str:
        return self.file_name


class LocalFact(models.Model):
    """A fact observed on the ground: buses per day, minutes to the nearest shop..."""

    territory = models.ForeignKey(
        Territory,
        on_delete=models.CASCADE,
        related_name="local_facts",
        verbose_name=_("territoire"),
    )
    label = models.CharField(_("ce qui est mesuré"), max_length=200)
    value = models.DecimalField(_("valeur"), max_digits=14, decimal_places=3)
    unit = models.CharField(_("unité"), max_length=40, blank=True)
    source = models.CharField(_("source"), max_length=200)
    observed_on = models.DateField(_("date du constat"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saisi par"),
    )
    created_at = models.DateTimeField(_("saisi le"), auto_now_add=True)

    class Meta:
        verbose_name = _("fait local")
        verbose_name_plural = _("faits locaux")
        ordering = ["territory", "label", "-observed_on"]

    def __str__(self) -> str:
        return f"{self.label} : {self.value} {self.unit}".strip()
