"""A consultation of residents: what they said (contributions), and the themes it is grouped into.

`GroupingRun` and `Theme` are the data the theme-grouping step builds on (engine in
quartier/synthesis); this app only stores them.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.gatherings.models import Gathering
from quartier.people.models import Person, Territory


class AgeBand(models.TextChoices):
    """Age bands asked of anonymous contributors: enough for the restitution, no birth date."""

    UNDER_18 = "under_18", _("moins de 18 ans")
    FROM_18_TO_25 = "18_25", _("18-25 ans")
    FROM_26_TO_40 = "26_40", _("26-40 ans")
    FROM_41_TO_60 = "41_60", _("41-60 ans")
    OVER_60 = "over_60", _("plus de 60 ans")


class Consultation(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Ouverte")
        CLOSED = "closed", _("Fermée")

    title = models.CharField(_("titre"), max_length=200)
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territoire"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    period_start = models.DateField(_("début"))
    period_end = models.DateField(_("fin"), null=True, blank=True)
    question = models.TextField(
        _("question posée"),
        help_text=_("Par exemple : « Qu'attendez-vous pour mieux vivre ensemble ici ? »"),
    )
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.OPEN)
    restitution_published = models.BooleanField(
        _("restitution visible par les habitants"),
        default=False,
        help_text=_("Les habitants ayant un compte peuvent lire la restitution."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-period_start", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultation:detail", args=[self.pk])

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("La fin doit être après le début.")})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class GroupingRun(models.Model):
    """One run of the theme-grouping engine over a consultation's published contributions."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("En attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Terminé")
        FAILED = "failed", _("Échec")

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="grouping_runs",
    )
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(
        _("avancement (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    message = models.TextField(_("message"), blank=True)
    requested_themes = models.PositiveSmallIntegerField(
        _("nombre de thèmes demandé"),
        null=True,
        blank=True,
        help_text=_("Vide : le moteur choisit."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    result = models.JSONField(_("résultat"), default=dict, blank=True)

    class Meta:
        verbose_name = _("regroupement automatique")
        verbose_name_plural = _("regroupements automatiques")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.consultation} — {self.get_status_display()}"


class Theme(models.Model):
    """A theme of a consultation, proposed by the engine and curated by the team."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="themes",
    )
    label = models.CharField(_("intitulé"), max_length=200)
    keywords = models.JSONField(_("mots-clés"), default=list, blank=True)
    salience = models.PositiveIntegerField(
        _("importance"),
        default=0,
        help_text=_("Nombre d'auteurs distincts (les anonymes comptent chacun pour un)."),
    )
    position = models.PositiveIntegerField(_("ordre"), default=0)
    label_curated = models.BooleanField(
        _("intitulé revu par l'équipe"),
        default=False,
        help_text=_("Un nouveau regroupement ne change plus l'intitulé."),
    )
    hidden = models.BooleanField(
        _("ne pas présenter"), default=False, help_text=_("Absent de la restitution.")
    )
    engine_key = models.CharField(
        _("clé du moteur"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("Retrouve ce thème d'un regroupement à l'autre."),
    )
    # Keys of engine themes merged into this one: a re-run maps them here, not to a new theme.
    engine_keys = models.JSONField(_("autres clés du moteur"), default=list, blank=True)
    # Representative quotes the engine proposed (contribution ids, best first).
    quotes = models.JSONField(_("citations proposées"), default=list, blank=True)
    created_by_run = models.ForeignKey(
        GroupingRun,
        verbose_name=_("créé par le regroupement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="themes",
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")
        ordering = ["consultation", "position", "pk"]

    def __str__(self) -> str:
        return self.label


class SubTheme(models.Model):
    """Detail the engine found inside a large theme: shown under it, never on its own in the
    restitution; the team can promote it to a theme. A contribution is in a sub-theme only
    while it is in that sub-theme's theme."""

    theme = models.ForeignKey(
        Theme, verbose_name=_("thème"), on_delete=models.CASCADE, related_name="subthemes"
    )
    label = models.CharField(_("intitulé"), max_length=200)
    keywords = models.JSONField(_("mots-clés"), default=list, blank=True)
    # Representative quotes the engine proposed (contribution ids, best first).
    quotes = models.JSONField(_("citations proposées"), default=list, blank=True)
    engine_key = models.CharField(_("clé du moteur"), max_length=100, blank=True)
    position = models.PositiveIntegerField(_("ordre"), default=0)
    created_by_run = models.ForeignKey(
        GroupingRun,
        verbose_name=_("créé par le regroupement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subthemes",
    )

    class Meta:
        verbose_name = _("sous-thème")
        verbose_name_plural = _("sous-thèmes")
        ordering = ["theme", "position", "pk"]

    def __str__(self) -> str:
        return self.label


class Contribution(models.Model):
    """Something a resident said or wrote in answer to the consultation's question."""

    class Channel(models.TextChoices):
        MEETING = "meeting", _("Réunion")
        PAPER = "paper", _("Papier")
        WEB = "web", _("Formulaire en ligne")
        PHONE = "phone", _("Téléphone")
        DOOR_TO_DOOR = "door_to_door", _("Porte-à-porte")

    class Kind(models.TextChoices):
        EXPECTATION = "expectation", _("Attente")
        PROBLEM = "problem", _("Problème")
        SUGGESTION = "suggestion", _("Suggestion")
        TESTIMONY = "testimony", _("Témoignage")

    class State(models.TextChoices):
        PENDING = "pending", _("À modérer")
        PUBLISHED = "published", _("Publiée")
        REJECTED = "rejected", _("Refusée")

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    text = models.TextField(_("texte"))
    gathering = models.ForeignKey(
        Gathering,
        verbose_name=_("rencontre"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
    )
    channel = models.CharField(
        _("canal"), max_length=20, choices=Channel.choices, default=Channel.MEETING
    )
    kind = models.CharField(
        _("type"), max_length=20, choices=Kind.choices, default=Kind.EXPECTATION
    )
    author = models.ForeignKey(
        Person,
        verbose_name=_("auteur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
    )
    # A first name left on the public form: never turned into a Person (anyone can type it).
    author_name = models.CharField(_("prénom indiqué"), max_length=100, blank=True)
    age_band = models.CharField(
        _("tranche d'âge"), max_length=10, choices=AgeBand.choices, blank=True
    )
    language = models.CharField(_("langue"), max_length=10, default="fr")
    said_on = models.DateField(_("date"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saisie par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    state = models.CharField(
        _("état"), max_length=10, choices=State.choices, default=State.PUBLISHED
    )
    created_at = models.DateTimeField(_("saisie le"), auto_now_add=True)
    # Theme step (see GroupingRun / Theme).
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("thème"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
    )
    subtheme = models.ForeignKey(
        SubTheme,
        verbose_name=_("sous-thème"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
    )
    theme_curated = models.BooleanField(
        _("thème choisi par l'équipe"),
        default=False,
        help_text=_("Un nouveau regroupement ne la déplace plus."),
    )
    is_pinned_quote = models.BooleanField(_("citation retenue"), default=False)
    is_excluded_quote = models.BooleanField(
        _("citation écartée"),
        default=False,
        help_text=_("L'équipe ne veut pas la citer, même si le moteur la propose."),
    )
    # The run that last placed it; None: never grouped yet (a new contribution).
    placed_by_run = models.ForeignKey(
        GroupingRun,
        verbose_name=_("placée par le regroupement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    other_reason = models.TextField(_("pourquoi hors thème"), blank=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["consultation", "state"])]

    def __str__(self) -> str:
        return self.text[:60]

    def clean(self) -> None:
        if (
            self.theme_id
            and self.consultation_id
            and self.theme.consultation_id != (self.consultation_id)
        ):
            raise ValidationError({"theme": _("Ce thème appartient à une autre consultation.")})

    @property
    def is_anonymous(self) -> bool:
        return self.author_id is None

    @property
    def date(self):
        """When it was said: the given date, else the gathering's day, else when typed in."""
        if self.said_on:
            return self.said_on
        if self.gathering_id:
            return timezone.localtime(self.gathering.start).date()
        return timezone.localtime(self.created_at).date() if self.created_at else None


class ThemeProposal(models.Model):
    """A change a re-run suggests to curated themes: the team accepts or dismisses it."""

    class Kind(models.TextChoices):
        NEW_THEME = "new_theme", _("Nouveau thème")
        RENAME = "rename", _("Nouvel intitulé")
        MOVE = "move", _("Déplacer des contributions")

    class Status(models.TextChoices):
        PENDING = "pending", _("À examiner")
        ACCEPTED = "accepted", _("Acceptée")
        DISMISSED = "dismissed", _("Écartée")

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="theme_proposals",
    )
    run = models.ForeignKey(
        GroupingRun,
        verbose_name=_("regroupement"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    kind = models.CharField(_("nature"), max_length=10, choices=Kind.choices)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # RENAME: the theme renamed; MOVE: where to (None: "other").
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("thème"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="proposals",
    )
    label = models.CharField(_("intitulé proposé"), max_length=200, blank=True)
    keywords = models.JSONField(_("mots-clés"), default=list, blank=True)
    engine_key = models.CharField(_("clé du moteur"), max_length=100, blank=True)
    contributions = models.JSONField(_("contributions concernées"), default=list, blank=True)
    quotes = models.JSONField(_("citations proposées"), default=list, blank=True)
    # MOVE to "other": contribution id (as text) -> why it fits no theme.
    reasons = models.JSONField(_("raisons"), default=dict, blank=True)
    created_at = models.DateTimeField(_("proposée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("proposition de regroupement")
        verbose_name_plural = _("propositions de regroupement")
        ordering = ["consultation", "kind", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.label or self.theme or ''}"


class ImportDraft(models.Model):
    """A parsed spreadsheet waiting between the upload and the import (never a file on disk)."""

    id = models.UUIDField(_("identifiant"), primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="import_drafts",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("déposé par"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    filename = models.CharField(_("fichier"), max_length=255)
    header = models.JSONField(_("en-tête"), default=list)
    rows = models.JSONField(_("lignes"), default=list)
    start_line = models.PositiveIntegerField(_("première ligne"), default=2)
    created_at = models.DateTimeField(_("déposé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("import en préparation")
        verbose_name_plural = _("imports en préparation")

    def __str__(self) -> str:
        return self.filename
