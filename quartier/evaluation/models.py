"""What the evaluation records beyond attendance: a person's path (milestones, testimonies, the
loneliness questionnaire), the follow-up calls to people who stopped coming, the groups of
people whose meeting the network watches, and the team's words in the yearly bilan and the
practice sheet.

Everything about a person here is recorded only with their consent (`Consent.Purpose.EVALUATION`
for the path, `CONTACT` for the calls), is seen by the team alone (`rules.py`) and is declared
in `personal_data.py`: withdrawing the consent unlinks the record from the person and empties
what they said, so only anonymous counts remain.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from quartier.people.models import Person, Territory


class Milestone(models.Model):
    """A dated step of a person's path: a training started, a diploma, a job, a home."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("Formation commencée")
        DIPLOMA = "diploma", _("Diplôme obtenu")
        JOB = "job", _("Emploi trouvé")
        HOUSING = "housing", _("Logement obtenu")
        VOLUNTEERING = "volunteering", _("Engagement bénévole")
        OTHER = "other", _("Autre étape")

    # Empty once the person withdraws their consent: the step still counts, for nobody.
    person = models.ForeignKey(
        Person,
        verbose_name=_("personne"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
    )
    territory = models.ForeignKey(
        Territory, verbose_name=_("territoire"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("étape"), max_length=20, choices=Kind.choices)
    happened_on = models.DateField(_("date"))
    title = models.CharField(
        _("intitulé"), max_length=200, help_text=_("Par exemple : CAP de cuisine.")
    )
    age = models.PositiveSmallIntegerField(
        _("âge à cette date"),
        null=True,
        blank=True,
        help_text=_("Seulement si la personne veut qu'on le dise."),
    )
    note = models.TextField(
        _("ce qui a aidé"),
        blank=True,
        help_text=_("Par exemple : soutenue dans sa démarche par toute l'association."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("noté par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("noté le"), auto_now_add=True)

    class Meta:
        verbose_name = _("étape de parcours")
        verbose_name_plural = _("étapes de parcours")
        ordering = ["-happened_on", "-pk"]
        indexes = [models.Index(fields=["territory", "happened_on"])]

    def __str__(self) -> str:
        return self.title


class Testimony(models.Model):
    """Something a person said about what the action changed for them, and whether (and how)
    they agreed to see it published."""

    class Publication(models.TextChoices):
        PRIVATE = "", _("Ne pas publier")
        ANONYMOUS = "anonymous", _("Publier sans son nom")
        NAMED = "named", _("Publier avec son nom")

    person = models.ForeignKey(
        Person,
        verbose_name=_("personne"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="testimonies",
    )
    territory = models.ForeignKey(
        Territory, verbose_name=_("territoire"), on_delete=models.PROTECT, related_name="+"
    )
    quote = models.TextField(_("ses mots"))
    said_on = models.DateField(_("dit le"))
    attribution = models.CharField(
        _("comment la présenter"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : co-présidente de l'association."),
    )
    publication = models.CharField(
        _("publication"), max_length=10, choices=Publication.choices, default="", blank=True
    )
    publication_agreed_on = models.DateField(
        _("accord pour publier donné le"), null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("noté par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("noté le"), auto_now_add=True)

    class Meta:
        verbose_name = _("témoignage")
        verbose_name_plural = _("témoignages")
        ordering = ["-said_on", "-pk"]

    def __str__(self) -> str:
        return self.quote[:80]

    def clean(self) -> None:
        if self.publication and not self.publication_agreed_on:
            raise ValidationError(
                {"publication_agreed_on": _("Notez quand la personne a accepté la publication.")}
            )

    @property
    def is_published(self) -> bool:
        return bool(self.publication and self.publication_agreed_on and self.quote)


class SurveyResponse(models.Model):
    """The three-item UCLA loneliness scale (Hughes et al., 2004), taken before and after."""

    class Wave(models.TextChoices):
        BEFORE = "before", _("Avant")
        AFTER = "after", _("Après")

    class Answer(models.IntegerChoices):
        HARDLY_EVER = 1, _("Presque jamais")
        SOMETIMES = 2, _("Parfois")
        OFTEN = 3, _("Souvent")

    person = models.ForeignKey(
        Person,
        verbose_name=_("personne"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
    )
    territory = models.ForeignKey(
        Territory, verbose_name=_("territoire"), on_delete=models.PROTECT, related_name="+"
    )
    wave = models.CharField(_("moment"), max_length=10, choices=Wave.choices)
    answered_on = models.DateField(_("date"))
    # Empty once consent is withdrawn: the response no longer counts.
    lack_companionship = models.PositiveSmallIntegerField(
        _("À quelle fréquence avez-vous le sentiment de manquer de compagnie ?"),
        choices=Answer.choices,
        null=True,
    )
    left_out = models.PositiveSmallIntegerField(
        _("À quelle fréquence avez-vous le sentiment d'être tenu ou tenue à l'écart ?"),
        choices=Answer.choices,
        null=True,
    )
    isolated = models.PositiveSmallIntegerField(
        _("À quelle fréquence avez-vous le sentiment d'être isolé ou isolée des autres ?"),
        choices=Answer.choices,
        null=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("noté par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("noté le"), auto_now_add=True)

    ITEMS = ("lack_companionship", "left_out", "isolated")

    class Meta:
        verbose_name = _("réponse au questionnaire sur l'isolement")
        verbose_name_plural = _("réponses au questionnaire sur l'isolement")
        ordering = ["-answered_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "wave"],
                condition=models.Q(person__isnull=False),
                name="one_survey_response_per_person_and_wave",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_wave_display()} — {self.answered_on}"

    @property
    def score(self) -> int | None:
        """3 (hardly ever lonely) to 9 (often lonely); None when an answer is missing."""
        answers = [getattr(self, item) for item in self.ITEMS]
        if any(a is None for a in answers):
            return None
        return sum(answers)


class FollowUpNote(models.Model):
    """A call to someone who stopped coming: whether they were reached and what was said."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="follow_up_notes",
    )
    noted_on = models.DateField(_("date de l'appel"))
    reached = models.BooleanField(_("personne jointe"), default=False)
    note = models.TextField(_("ce qui a été dit"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("noté par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("noté le"), auto_now_add=True)

    class Meta:
        verbose_name = _("appel de suivi")
        verbose_name_plural = _("appels de suivi")
        ordering = ["-noted_on", "-pk"]
        indexes = [models.Index(fields=["person", "noted_on"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.noted_on}"


class Circle(models.Model):
    """A group of people the team wants to see meet others: « les résidents du CADA ». The
    network counts the ties between its members and everyone else."""

    name = models.CharField(_("nom"), max_length=120)
    territory = models.ForeignKey(
        Territory, verbose_name=_("territoire"), on_delete=models.CASCADE, related_name="+"
    )
    description = models.TextField(_("qui en fait partie"), blank=True)
    members = models.ManyToManyField(
        Person, verbose_name=_("personnes"), blank=True, related_name="evaluation_circles"
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("groupe suivi dans le réseau")
        verbose_name_plural = _("groupes suivis dans le réseau")
        ordering = ["territory", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class Bilan(models.Model):
    """The yearly bilan of a territory: figures are computed when it is read; the team's words
    (drafted from the figures, then reviewed and completed) are kept here, one per year."""

    territory = models.ForeignKey(
        Territory, verbose_name=_("territoire"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("année"))
    summary = models.TextField(
        _("en quelques mots"),
        blank=True,
        help_text=_("Proposé d'après les chiffres : relisez-le et complétez-le."),
    )
    highlights = models.TextField(_("faits marquants"), blank=True)
    difficulties = models.TextField(_("difficultés rencontrées"), blank=True)
    outlook = models.TextField(_("perspectives"), blank=True)
    reviewed = models.BooleanField(
        _("relu par l'équipe"), default=False, help_text=_("Prêt à envoyer aux partenaires.")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("modifié par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("bilan annuel")
        verbose_name_plural = _("bilans annuels")
        ordering = ["territory", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "year"], name="one_bilan_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.territory.name} {self.year}"


class PracticeSheet(models.Model):
    """What the practice sheet (fiche d'expérience) cannot read from the data: its title, the
    objectives in the team's words, the history before the first gathering, the contact."""

    territory = models.OneToOneField(
        Territory,
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="practice_sheet",
    )
    title = models.CharField(_("titre de la fiche"), max_length=200, blank=True)
    objectives = models.TextField(
        _("objectifs"),
        blank=True,
        help_text=_("Ce que l'action cherche à obtenir, en deux ou trois phrases."),
    )
    origins = models.TextField(
        _("origines"),
        blank=True,
        help_text=_("Ce qui s'est passé avant la première rencontre enregistrée."),
    )
    contact = models.TextField(
        _("contact"), blank=True, help_text=_("Nom, service, adresse, téléphone, courriel.")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("modifié par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("fiche d'expérience")
        verbose_name_plural = _("fiches d'expérience")

    def __str__(self) -> str:
        return self.title or str(self.territory)
