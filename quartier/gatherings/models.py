"""Gatherings (rencontres) and who came: the one idea the whole process rests on."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from quartier.people.models import Person, Territory


class Gathering(models.Model):
    class Kind(models.TextChoices):
        PUBLIC_MEETING = "public_meeting", _("Réunion publique")
        RESTITUTION = "restitution", _("Réunion de restitution")
        WORKING_GROUP_SESSION = "working_group_session", _("Séance de groupe de travail")
        ACTIVITY_SESSION = "activity_session", _("Séance d'activité")
        EVENT = "event", _("Événement")
        BOARD_MEETING = "board_meeting", _("Réunion du bureau")
        SUPPORT_MEETING = "support_meeting", _("Rencontre d'appui")
        GENERAL_ASSEMBLY = "general_assembly", _("Assemblée générale")

    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("titre"), max_length=200)
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"), null=True, blank=True)
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    territory = models.ForeignKey(
        Territory, verbose_name=_("territoire"), on_delete=models.PROTECT, related_name="gatherings"
    )
    notes = models.TextField(_("notes"), blank=True)
    # People who came without giving a name (an event open to all): counted, never named.
    guest_count = models.PositiveIntegerField(
        _("personnes venues sans donner leur nom"),
        default=0,
        help_text=_("Ajoutées au total des présents."),
    )
    # A cancelled gathering stays on record (the agenda and the feeds say it is cancelled, and
    # an activity's rule does not plan it again).
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True, editable=False)
    cancellation_reason = models.CharField(
        _("motif de l'annulation"),
        max_length=200,
        blank=True,
        editable=False,
        help_text=_("Affiché dans l'agenda public : n'y mettez pas de nom."),
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
    attendees = models.ManyToManyField(
        Person,
        verbose_name=_("personnes venues"),
        through="Attendance",
        related_name="gatherings",
    )

    class Meta:
        verbose_name = _("rencontre")
        verbose_name_plural = _("rencontres")
        ordering = ["-start"]
        indexes = [models.Index(fields=["territory", "start"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("gatherings:detail", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("La fin doit être après le début.")})


class Attendance(models.Model):
    class Role(models.TextChoices):
        PARTICIPANT = "participant", _("Participant ou participante")
        FACILITATOR = "facilitator", _("Animateur ou animatrice")
        GUEST = "guest", _("Invité ou invitée")

    gathering = models.ForeignKey(
        Gathering, verbose_name=_("rencontre"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("personne"), on_delete=models.CASCADE, related_name="attendances"
    )
    role = models.CharField(
        _("rôle"), max_length=20, choices=Role.choices, default=Role.PARTICIPANT
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
    # Copies kept by the database (quartier/gatherings/copies.py), for counting at size:
    # whatever the application writes here is replaced.
    held_at = models.DateTimeField(_("tenue le"), null=True, editable=False)
    person_kind = models.CharField(
        _("rôle de la personne"), max_length=20, default="", editable=False
    )

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        ordering = ["person__search_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["gathering", "person"], name="one_attendance_per_person"
            )
        ]
        indexes = [
            # each person's visits in order: first visit, a return, the last visit
            models.Index(fields=["person", "held_at", "person_kind"], name="attendance_by_person"),
            # the visits of a period
            models.Index(fields=["held_at", "person_kind", "person"], name="attendance_by_date"),
            # who was at a gathering: a professional present, residents facilitating, the
            # pairs of people who met there
            models.Index(
                fields=["gathering", "person_kind", "person", "role"],
                name="attendance_by_gathering",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.gathering}"
