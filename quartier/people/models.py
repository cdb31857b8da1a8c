"""Territories, partner organisations, the people quartier knows, their consent, and log-ins."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.core.text import fold


class Territory(models.Model):
    """The neighbourhood the partnership works in (e.g. Les Montoires, Gien)."""

    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("identifiant court"), unique=True)
    town = models.CharField(_("commune"), max_length=120)
    insee_commune = models.CharField(
        _("code commune INSEE"), max_length=5, blank=True, help_text=_("Par exemple 45155.")
    )
    insee_iris = models.CharField(
        _("codes IRIS INSEE"),
        max_length=200,
        blank=True,
        help_text=_("Un ou plusieurs codes à 9 chiffres, séparés par des virgules."),
    )

    class Meta:
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.town})"

    @property
    def iris_codes(self) -> list[str]:
        return [c.strip() for c in self.insee_iris.split(",") if c.strip()]


class Organisation(models.Model):
    """A partner agency or body: CAF, Département, landlord, MSA, town, the association..."""

    class Kind(models.TextChoices):
        CAF = "caf", _("Caisse d'allocations familiales")
        DEPARTEMENT = "departement", _("Département")
        LANDLORD = "landlord", _("Bailleur social")
        MSA = "msa", _("Mutualité sociale agricole")
        TOWN = "town", _("Commune")
        ASSOCIATION = "association", _("Association")
        OTHER = "other", _("Autre")

    name = models.CharField(_("nom"), max_length=200, unique=True)
    short_name = models.CharField(_("sigle"), max_length=40, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.OTHER)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class Person(models.Model):
    """One record per human being, whatever their part: resident, professional, volunteer.

    Only a display name is required: many residents are first met at a meeting and give no more.
    """

    class Kind(models.TextChoices):
        RESIDENT = "resident", _("Habitant ou habitante")
        PROFESSIONAL = "professional", _("Professionnel ou professionnelle")
        VOLUNTEER = "volunteer", _("Bénévole")

    display_name = models.CharField(
        _("nom"),
        max_length=150,
        help_text=_("Comme la personne souhaite être appelée (un prénom suffit)."),
    )
    search_name = models.CharField(
        _("nom pour la recherche"), max_length=150, editable=False, db_index=True
    )
    kind = models.CharField(_("rôle"), max_length=20, choices=Kind.choices, default=Kind.RESIDENT)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territoire"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    languages = models.CharField(
        _("langues parlées"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : français, arabe, turc."),
    )
    first_met_on = models.DateField(_("première rencontre"), null=True, blank=True)
    created_at = models.DateTimeField(_("fiche créée le"), auto_now_add=True)
    anonymised_at = models.DateTimeField(_("anonymisée le"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")
        ordering = ["search_name", "pk"]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs) -> None:
        self.display_name = " ".join(self.display_name.split())
        self.search_name = fold(self.display_name)
        if kwargs.get("update_fields") is not None and "display_name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("people:detail", args=[self.pk])


class Consent(models.Model):
    """What a person agreed to, when and how; withdrawing keeps the history."""

    class Purpose(models.TextChoices):
        ATTENDANCE = "attendance", _("Enregistrer sa présence aux rencontres")
        CONTACT = (
            "contact",
            _("Recevoir des appels et des messages (téléphone, courriel, courrier)"),
        )
        CONTRIBUTIONS = "contributions", _("Citer ses paroles dans les restitutions")
        PHOTOS = "photos", _("Photographies")
        # The evaluation (quartier.evaluation): milestones of one's path, testimonies, the
        # loneliness questionnaire before and after.
        EVALUATION = (
            "evaluation",
            _("Noter son parcours et ses réponses au questionnaire pour le bilan de l'action"),
        )

    class Means(models.TextChoices):
        ORAL = "oral", _("À l'oral")
        SIGNED = "signed", _("Signature sur une feuille")
        ONLINE = "online", _("En ligne")

    person = models.ForeignKey(
        Person, verbose_name=_("personne"), on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("objet"), max_length=20, choices=Purpose.choices)
    given_on = models.DateField(_("donné le"), default=timezone.localdate)
    means = models.CharField(_("comment"), max_length=10, choices=Means.choices)
    withdrawn_on = models.DateField(_("retiré le"), null=True, blank=True)

    class Meta:
        verbose_name = _("consentement")
        verbose_name_plural = _("consentements")
        ordering = ["person", "purpose", "-given_on"]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_purpose_display()}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


class User(AbstractUser):
    """A log-in. Residents need none; when one has an account it is linked to their Person."""

    class Role(models.TextChoices):
        ADMINISTRATOR = "administrator", _("Administrateur ou administratrice")
        PROFESSIONAL = "professional", _("Professionnel ou professionnelle")
        VOLUNTEER = "volunteer", _("Bénévole de l'association")
        RESIDENT = "resident", _("Habitant ou habitante")

    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices, default=Role.RESIDENT)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    person = models.OneToOneField(
        Person,
        verbose_name=_("personne"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
    )

    class Meta:
        verbose_name = _("compte")
        verbose_name_plural = _("comptes")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
