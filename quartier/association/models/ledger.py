"""The cash book: financial years, categories in plain words, entries that never change.

An entry once recorded is never edited nor deleted. Four layers say so: `save()` and
`delete()` refuse, the queryset refuses `update()` and `delete()`, the admin is read-only, and
database triggers (migration 0002, `quartier.association.guards`) refuse UPDATE and DELETE on
the entries and their lines, and any entry in a closed year. A mistake is undone by a
reversing entry and a new one (`actions.ledger.correct_entry`), both kept in sight.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.association.chart import account_label
from quartier.association.models.identity import Association


class ImmutableRecordError(Exception):
    """Raised on any attempt to change or delete a recorded accounting record."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message
            or "Écriture enregistrée : elle ne peut être ni modifiée ni supprimée. "
            "Pour une erreur, enregistrez une correction."
        )


class ImmutableQuerySet(models.QuerySet):
    """Inserts only: `update()`, `delete()` and `bulk_update()` refuse."""

    def update(self, **kwargs):
        raise ImmutableRecordError

    def delete(self):
        raise ImmutableRecordError

    def bulk_update(self, objs, fields, batch_size=None):
        raise ImmutableRecordError

    def update_or_create(self, *args, **kwargs):
        raise ImmutableRecordError


ImmutableManager = models.Manager.from_queryset(ImmutableQuerySet)


class ImmutableModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ImmutableRecordError
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError


class FinancialYear(models.Model):
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.PROTECT,
        related_name="financial_years",
    )
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    closed_at = models.DateTimeField(_("clôturé le"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("clôturé par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("exercice comptable")
        verbose_name_plural = _("exercices comptables")
        ordering = ["association", "starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "starts_on"], name="one_financial_year_per_start"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="financial_year_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("association:income_statement", args=[self.pk])

    @property
    def label(self) -> str:
        if self.starts_on.year == self.ends_on.year:
            return str(self.starts_on.year)
        return f"{self.starts_on.year}-{self.ends_on.year}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def contains(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on


class Category(models.Model):
    """What people call a receipt or an expense (« Courses pour l'atelier cuisine »), and the
    account of the chart it goes to (6068)."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Recette")
        EXPENSE = "expense", _("Dépense")

    class Purpose(models.TextChoices):
        NONE = "", _("Aucun")
        DUES = "dues", _("Cotisations")
        SALES = "sales", _("Ventes de l'artisanat")

    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="categories",
    )
    label = models.CharField(_("nom"), max_length=120)
    kind = models.CharField(_("sens"), max_length=10, choices=Kind.choices)
    account = models.CharField(_("compte"), max_length=10)
    purpose = models.CharField(
        _("usage"), max_length=10, choices=Purpose.choices, blank=True, default=""
    )
    active = models.BooleanField(_("proposée"), default=True)

    class Meta:
        verbose_name = _("catégorie")
        verbose_name_plural = _("catégories")
        ordering = ["kind", "label", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["association", "label"], name="one_category_label")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def account_label(self) -> str:
        return account_label(self.account)


class Entry(ImmutableModel):
    """One accounting entry (écriture): a date, a label, balanced lines."""

    class Journal(models.TextChoices):
        BANK = "BQ", _("Banque")
        CASH = "CA", _("Caisse")
        MISC = "OD", _("Opérations diverses")
        OPENING = "AN", _("À-nouveaux")

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Recette")
        EXPENSE = "expense", _("Dépense")
        TRANSFER = "transfer", _("Virement interne")
        IN_KIND = "in_kind", _("Contribution en nature")
        OPENING = "opening", _("Soldes d'ouverture")
        REVERSAL = "reversal", _("Annulation")

    class Means(models.TextChoices):
        BANK = "bank", _("Banque")
        CASH = "cash", _("Caisse (espèces)")

    association = models.ForeignKey(
        Association, verbose_name=_("association"), on_delete=models.PROTECT, related_name="+"
    )
    financial_year = models.ForeignKey(
        FinancialYear,
        verbose_name=_("exercice"),
        on_delete=models.PROTECT,
        related_name="entries",
    )
    number = models.PositiveIntegerField(_("numéro"))
    date = models.DateField(_("date"))
    journal = models.CharField(_("journal"), max_length=2, choices=Journal.choices)
    kind = models.CharField(_("nature"), max_length=10, choices=Kind.choices)
    label = models.CharField(_("libellé"), max_length=200)
    piece_ref = models.CharField(_("pièce"), max_length=40, blank=True)
    category = models.ForeignKey(
        Category,
        verbose_name=_("catégorie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
    )
    amount = models.BigIntegerField(_("montant (centimes)"))
    means = models.CharField(_("moyen"), max_length=5, choices=Means.choices, blank=True)
    subsidy = models.ForeignKey(
        "association.Subsidy",
        verbose_name=_("subvention"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("annule l'écriture"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
    )
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("remplace l'écriture"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
    )
    reason = models.TextField(_("motif de la correction"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enregistrée par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("enregistrée le"), default=timezone.now)

    objects = ImmutableManager()

    class Meta:
        verbose_name = _("écriture")
        verbose_name_plural = _("écritures")
        ordering = ["financial_year", "number"]
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(
                fields=["financial_year", "number"], name="one_entry_number_per_year"
            ),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="entry_amount_sign"),
        ]
        indexes = [models.Index(fields=["association", "date"])]

    def __str__(self) -> str:
        return f"n° {self.number} — {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("association:entry", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        """Reversed by a later entry (whether or not a new one replaced it)."""
        return hasattr(self, "reversed_by")


class EntryLine(ImmutableModel):
    entry = models.ForeignKey(
        Entry, verbose_name=_("écriture"), on_delete=models.PROTECT, related_name="lines"
    )
    account = models.CharField(_("compte"), max_length=10)
    debit = models.BigIntegerField(_("débit (centimes)"), default=0)
    credit = models.BigIntegerField(_("crédit (centimes)"), default=0)

    objects = ImmutableManager()

    class Meta:
        verbose_name = _("ligne d'écriture")
        verbose_name_plural = _("lignes d'écriture")
        ordering = ["entry", "pk"]
        base_manager_name = "objects"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(debit__gte=0, credit__gte=0)
                & (models.Q(debit=0) | models.Q(credit=0)),
                name="entry_line_one_side",
            )
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.debit}/{self.credit}"

    @property
    def account_label(self) -> str:
        return account_label(self.account)


class BankCheck(models.Model):
    """A bank statement balance compared with the book: the gap is reported, never fixed."""

    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="bank_checks",
    )
    on = models.DateField(_("solde du relevé au"))
    statement_balance = models.BigIntegerField(_("solde du relevé (centimes)"))
    book_balance = models.BigIntegerField(_("solde du livre (centimes)"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pointé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("pointé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("rapprochement bancaire")
        verbose_name_plural = _("rapprochements bancaires")
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.on}"

    @property
    def gap(self) -> int:
        return self.statement_balance - self.book_balance
