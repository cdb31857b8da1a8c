"""Weekly activities and events open to all: what they are, who runs them, when they recur.

Their dates are gatherings (`gatherings.Gathering` of kind activity session or event, with
their attendance); an `ActivitySession` only says which activity a gathering belongs to, as
`groups.Session` does for working groups.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from quartier.gatherings.models import Gathering
from quartier.groups.models import WorkingGroup
from quartier.people.models import Organisation, Territory


class Activity(models.Model):
    class Kind(models.TextChoices):
        # The values are the kinds of the gatherings the activity's dates become.
        SESSION = Gathering.Kind.ACTIVITY_SESSION, _("Activité régulière")
        EVENT = Gathering.Kind.EVENT, _("Événement ouvert à tous")

    name = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("ce qu'on y fait"), blank=True)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices, default=Kind.SESSION)
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territoire"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    # Who runs it: the residents' association (an Organisation of kind association, which the
    # association app builds on) and, or, a working group.
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("association ou partenaire qui l'organise"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("groupe de travail qui l'organise"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    # An RFC 5545 recurrence rule without its start ("FREQ=WEEKLY;BYDAY=TU"); empty when the
    # dates are added one by one.
    rule = models.CharField(_("règle de répétition"), max_length=300, blank=True)
    starts_on = models.DateField(_("à partir du"))
    ends_on = models.DateField(_("jusqu'au"), null=True, blank=True)
    start_time = models.TimeField(_("heure de début"))
    end_time = models.TimeField(_("heure de fin"))
    skip_school_holidays = models.BooleanField(
        _("pas pendant les vacances scolaires"),
        default=False,
        help_text=_("Les jours fériés sont toujours sautés."),
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
        verbose_name = _("activité")
        verbose_name_plural = _("activités")
        ordering = ["territory", "kind", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("activities:detail", args=[self.pk])

    def clean(self) -> None:
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("La fin doit être après le début.")})
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("La dernière date doit suivre la première.")})


class ActivitySession(models.Model):
    """One date of an activity: a Gathering (time, place, attendance) the activity owns."""

    gathering = models.OneToOneField(
        Gathering,
        verbose_name=_("rencontre"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="activity_session",
    )
    activity = models.ForeignKey(
        Activity, verbose_name=_("activité"), on_delete=models.CASCADE, related_name="sessions"
    )
    # The date of the rule this session stands for (empty for a date added by hand): a session
    # moved or cancelled is never planned a second time.
    planned_for = models.DateField(_("date prévue par la règle"), null=True, blank=True)

    class Meta:
        verbose_name = _("séance")
        verbose_name_plural = _("séances")
        ordering = ["gathering__start"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "planned_for"], name="one_session_per_planned_date"
            )
        ]

    def __str__(self) -> str:
        return self.gathering.title

    def get_absolute_url(self) -> str:
        return reverse("activities:session", args=[self.pk])
