"""Working groups: residents who took up a theme, their sessions, decisions, actions and the
proposals they send to institutions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.core.markdown import render_markdown
from quartier.gatherings.models import Gathering
from quartier.people.models import Organisation, Person, Territory


class WorkingGroup(models.Model):
    class Status(models.TextChoices):
        FORMING = "forming", _("En constitution")
        ACTIVE = "active", _("Actif")
        CLOSED = "closed", _("Terminé")

    name = models.CharField(_("nom"), max_length=200)
    mandate = models.TextField(
        _("mandat"), help_text=_("Ce que le groupe s'est donné pour tâche, en quelques phrases.")
    )
    # Gatherings already protect a territory in use; its groups go with it, after their sessions.
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="working_groups",
    )
    theme_label = models.CharField(
        _("thème d'origine"),
        max_length=200,
        blank=True,
        help_text=_("Le thème de la restitution dont le groupe est né."),
    )
    # The consultation theme the group came from; the label above stays if the theme goes.
    theme = models.ForeignKey(
        "consultation.Theme",
        verbose_name=_("thème de la consultation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="working_groups",
    )
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.FORMING
    )
    outcome = models.TextField(
        _("résultat"), blank=True, help_text=_("Ce que le groupe a obtenu ou produit.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    people = models.ManyToManyField(
        Person, verbose_name=_("membres"), through="Membership", related_name="working_groups"
    )

    class Meta:
        verbose_name = _("groupe de travail")
        verbose_name_plural = _("groupes de travail")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("groups:detail", args=[self.pk])

    @property
    def group(self) -> WorkingGroup:
        """So permission predicates take a group or anything that belongs to one."""
        return self


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Membre")
        FACILITATOR = "facilitator", _("Animateur ou animatrice")

    class Status(models.TextChoices):
        INVITED = "invited", _("Invité ou invitée")
        MEMBER = "member", _("Membre")

    group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("groupe"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.MEMBER
    )
    invited_on = models.DateField(_("date de l'invitation"), null=True, blank=True)
    joined_on = models.DateField(_("date d'arrivée"), null=True, blank=True)
    left_on = models.DateField(_("date de départ"), null=True, blank=True)

    class Meta:
        verbose_name = _("participation au groupe")
        verbose_name_plural = _("participations aux groupes")
        ordering = ["group", "role", "person__search_name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "person"], name="one_membership_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.group}"


class Session(models.Model):
    """A working-group session: a Gathering (date, place, attendance) the group owns."""

    gathering = models.OneToOneField(
        Gathering,
        verbose_name=_("rencontre"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="group_session",
    )
    group = models.ForeignKey(
        WorkingGroup, verbose_name=_("groupe"), on_delete=models.CASCADE, related_name="sessions"
    )
    agenda = models.TextField(_("ordre du jour"), blank=True)
    minutes_draft = models.TextField(
        _("compte rendu (brouillon)"),
        blank=True,
        help_text=_("Mise en forme simple : **gras**, *italique*, listes avec « - »."),
    )
    minutes_approved = models.TextField(_("compte rendu approuvé"), blank=True, editable=False)
    approved_at = models.DateTimeField(_("approuvé le"), null=True, blank=True, editable=False)
    approved_in = models.ForeignKey(
        "self",
        verbose_name=_("approuvé à la séance"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="approved_minutes",
    )
    reminders_sent_at = models.DateTimeField(
        _("rappels envoyés le"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("séance")
        verbose_name_plural = _("séances")
        ordering = ["gathering__start"]

    def __str__(self) -> str:
        return self.gathering.title

    def get_absolute_url(self) -> str:
        return reverse("groups:session", args=[self.pk])

    @property
    def start(self):
        return self.gathering.start

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    @property
    def minutes_html(self) -> str:
        return render_markdown(self.minutes_approved if self.is_approved else self.minutes_draft)

    @property
    def agenda_html(self) -> str:
        return render_markdown(self.agenda)


class Decision(models.Model):
    session = models.ForeignKey(
        Session, verbose_name=_("séance"), on_delete=models.CASCADE, related_name="decisions"
    )
    text = models.TextField(_("décision"))
    created_at = models.DateTimeField(_("notée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")
        ordering = ["session", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def group(self) -> WorkingGroup:
        return self.session.group


class Action(models.Model):
    class Status(models.TextChoices):
        TODO = "todo", _("À faire")
        DOING = "doing", _("En cours")
        DONE = "done", _("Faite")
        DROPPED = "dropped", _("Abandonnée")

    OPEN = (Status.TODO, Status.DOING)

    group = models.ForeignKey(
        WorkingGroup, verbose_name=_("groupe"), on_delete=models.CASCADE, related_name="actions"
    )
    title = models.CharField(_("quoi"), max_length=200)
    # Required in forms; nullable so that erasing a person never blocks on their old tasks.
    owner = models.ForeignKey(
        Person,
        verbose_name=_("qui s'en charge"),
        on_delete=models.SET_NULL,
        null=True,
        blank=False,
        related_name="group_actions",
    )
    due_on = models.DateField(_("pour quand"))
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.TODO)
    decided_in = models.ForeignKey(
        Session,
        verbose_name=_("décidée à la séance"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def is_late(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()


class Proposal(models.Model):
    """A proposal the group sends to an institution, and what became of it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SUBMITTED = "submitted", _("Déposée")
        UNDER_STUDY = "under_study", _("À l'étude")
        ACCEPTED = "accepted", _("Acceptée")
        REFUSED = "refused", _("Refusée")
        IMPLEMENTED = "implemented", _("Mise en œuvre")

    group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("groupe"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    title = models.CharField(_("titre"), max_length=200)
    addressee = models.ForeignKey(
        Organisation,
        verbose_name=_("adressée à"),
        on_delete=models.PROTECT,
        related_name="received_proposals",
    )
    body = models.TextField(
        _("texte de la proposition"),
        blank=True,
        help_text=_("Mise en forme simple : **gras**, *italique*, listes avec « - »."),
    )
    decided_in = models.ForeignKey(
        Session,
        verbose_name=_("décidée à la séance"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    status = models.CharField(
        _("état"), max_length=12, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    outcome = models.TextField(
        _("résultat"),
        blank=True,
        help_text=_("Ce qui a changé grâce à la proposition."),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("proposition")
        verbose_name_plural = _("propositions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("groups:proposal", args=[self.pk])

    @property
    def body_html(self) -> str:
        return render_markdown(self.body)


class ProposalStep(models.Model):
    """One step of the timeline: the status reached, when, and a note."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposition"), on_delete=models.CASCADE, related_name="steps"
    )
    status = models.CharField(_("étape"), max_length=12, choices=Proposal.Status.choices)
    on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
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
        verbose_name = _("étape de la proposition")
        verbose_name_plural = _("étapes des propositions")
        ordering = ["proposal", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.proposal} — {self.get_status_display()}"


def _document_path(instance: ProposalDocument, filename: str) -> str:
    return f"groupes/propositions/{instance.proposal_id}/{filename}"


class ProposalDocument(models.Model):
    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposition"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    title = models.CharField(_("titre du document"), max_length=200)
    file = models.FileField(_("fichier"), upload_to=_document_path, max_length=300)
    uploaded_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)

    class Meta:
        verbose_name = _("document joint")
        verbose_name_plural = _("documents joints")
        ordering = ["proposal", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def group(self) -> WorkingGroup:
        return self.proposal.group
