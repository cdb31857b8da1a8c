"""The association itself, its documents (every version kept) and what it is lent or given."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from quartier.association.identifiers import normalise_number, validate_rna, validate_siret
from quartier.people.models import Organisation, Territory

MONTHS = [
    (1, _("janvier")),
    (2, _("février")),
    (3, _("mars")),
    (4, _("avril")),
    (5, _("mai")),
    (6, _("juin")),
    (7, _("juillet")),
    (8, _("août")),
    (9, _("septembre")),
    (10, _("octobre")),
    (11, _("novembre")),
    (12, _("décembre")),
]


class Association(models.Model):
    """A residents' association (loi de 1901) and the rules its statutes set."""

    name = models.CharField(_("nom"), max_length=200)
    object = models.TextField(_("objet"), help_text=_("L'objet écrit dans les statuts."))
    founded_on = models.DateField(_("date de création"))
    rna = models.CharField(
        _("numéro RNA"),
        max_length=10,
        validators=[validate_rna],
        help_text=_("W suivi de 9 chiffres, sur le récépissé de la préfecture."),
    )
    siret = models.CharField(
        _("SIRET"),
        max_length=14,
        blank=True,
        validators=[validate_siret],
        help_text=_("14 chiffres, si l'association en a un (facultatif)."),
    )
    registered_office = models.TextField(_("siège social"))
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territoire"),
        on_delete=models.PROTECT,
        related_name="associations",
        help_text=_("Le quartier où l'association agit : ses rencontres y ont lieu."),
    )
    convocation_days = models.PositiveSmallIntegerField(
        _("délai de convocation (jours)"),
        default=15,
        validators=[MaxValueValidator(90)],
        help_text=_("Nombre de jours avant l'assemblée générale, selon les statuts."),
    )
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (%)"),
        default=25,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "Part des membres à jour de cotisation, sur place ou par pouvoir, qu'il faut pour "
            "que l'assemblée puisse décider (0 si les statuts n'en prévoient pas)."
        ),
    )
    max_proxies = models.PositiveSmallIntegerField(
        _("pouvoirs par personne au plus"),
        default=2,
        validators=[MinValueValidator(0), MaxValueValidator(20)],
    )
    membership_year_start = models.PositiveSmallIntegerField(
        _("l'année d'adhésion commence en"), choices=MONTHS, default=1
    )
    financial_year_start = models.PositiveSmallIntegerField(
        _("l'exercice comptable commence en"), choices=MONTHS, default=1
    )
    default_dues = models.BigIntegerField(_("cotisation habituelle (centimes)"), default=1000)
    volunteer_hourly_rate = models.BigIntegerField(
        _("valeur d'une heure de bénévolat (centimes)"),
        default=1200,
        help_text=_("Pour valoriser le bénévolat au pied du compte de résultat."),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.rna = normalise_number(self.rna)
        self.siret = normalise_number(self.siret)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("association:home", args=[self.pk])

    def year_bounds(self, year: int, start_month: int | None = None) -> tuple[dt.date, dt.date]:
        """First and last day of the (membership or financial) year that starts in `year`."""
        month = start_month or self.financial_year_start
        start = dt.date(year, month, 1)
        end = dt.date(year + 1, month, 1) - dt.timedelta(days=1)
        return start, end

    def membership_bounds(self, year: int) -> tuple[dt.date, dt.date]:
        return self.year_bounds(year, self.membership_year_start)

    def membership_year_of(self, day: dt.date) -> int:
        return day.year if day.month >= self.membership_year_start else day.year - 1


class Document(models.Model):
    class Kind(models.TextChoices):
        STATUTES = "statutes", _("Statuts")
        RULES = "rules", _("Règlement intérieur")
        RECEIPT = "receipt", _("Récépissé de la préfecture")
        MINUTES = "minutes", _("Procès-verbal")
        AGREEMENT = "agreement", _("Convention")
        OTHER = "other", _("Autre document")

    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("titre"), max_length=200)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["kind", "title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("association:document", args=[self.pk])

    @property
    def current(self) -> DocumentVersion | None:
        return self.versions.order_by("-uploaded_at", "-pk").first()


def _version_path(instance: DocumentVersion, filename: str) -> str:
    # A random prefix: two versions named alike never overwrite each other, and the name of a
    # stored file cannot be guessed.
    name = get_valid_filename(Path(filename).name)[-120:] or "document"
    return (
        f"association/{instance.document.association_id}/documents/"
        f"{instance.document_id}/{uuid.uuid4().hex[:12]}-{name}"
    )


class DocumentVersion(models.Model):
    """One version of a document: a new upload never replaces the previous ones."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="versions"
    )
    file = models.FileField(_("fichier"), upload_to=_version_path, max_length=300)
    original_name = models.CharField(_("nom du fichier"), max_length=200)
    note = models.CharField(_("note"), max_length=300, blank=True)
    adopted_on = models.DateField(
        _("adoptée le"),
        null=True,
        blank=True,
        help_text=_("Pour des statuts : la date de l'assemblée qui les a adoptés."),
    )
    declared_on = models.DateField(_("déclarée à la préfecture le"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("déposé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("déposée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("version de document")
        verbose_name_plural = _("versions de documents")
        ordering = ["document", "-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.document} ({self.original_name})"


class PremisesLoan(models.Model):
    """Premises lent free of charge (the OPAC's flat): valued in kind at the foot of the
    income statement as hours of use × weeks × a reference hourly rate."""

    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="premises_loans",
    )
    lender = models.ForeignKey(
        Organisation,
        verbose_name=_("prêté par"),
        on_delete=models.PROTECT,
        related_name="premises_lent",
    )
    description = models.CharField(
        _("local"), max_length=200, help_text=_("Par exemple : appartement du bâtiment C.")
    )
    agreement_start = models.DateField(_("convention du"))
    agreement_end = models.DateField(_("convention jusqu'au"), null=True, blank=True)
    hours_per_week = models.DecimalField(
        _("heures d'utilisation par semaine"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(168)],
    )
    hourly_rate = models.BigIntegerField(
        _("valeur d'une heure de location (centimes)"),
        default=1000,
        help_text=_("Ce que coûterait une heure de location d'une salle semblable."),
    )

    class Meta:
        verbose_name = _("local prêté")
        verbose_name_plural = _("locaux prêtés")
        ordering = ["agreement_start", "pk"]

    def __str__(self) -> str:
        return f"{self.description} ({self.lender})"


class InKindGift(models.Model):
    """A gift in kind (the town's furniture): valued once, in the year it was given."""

    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="gifts",
    )
    giver = models.ForeignKey(
        Organisation,
        verbose_name=_("donné par"),
        on_delete=models.PROTECT,
        related_name="gifts_given",
    )
    given_on = models.DateField(_("donné le"))
    description = models.CharField(_("quoi"), max_length=200)
    value = models.BigIntegerField(_("valeur estimée (centimes)"))

    class Meta:
        verbose_name = _("don en nature")
        verbose_name_plural = _("dons en nature")
        ordering = ["given_on", "pk"]

    def __str__(self) -> str:
        return self.description
