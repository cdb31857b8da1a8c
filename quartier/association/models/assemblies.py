"""General assemblies: a Gathering (date, place, who came) with what only an assembly has:
its agenda, the proxies given, the quorum and the resolutions voted."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from quartier.association.models.identity import Association
from quartier.gatherings.models import Gathering
from quartier.people.models import Person


class GeneralAssembly(models.Model):
    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("ordinaire")
        EXTRAORDINARY = "extraordinary", _("extraordinaire")

    gathering = models.OneToOneField(
        Gathering,
        verbose_name=_("rencontre"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="general_assembly",
    )
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="assemblies",
    )
    kind = models.CharField(
        _("assemblée"), max_length=15, choices=Kind.choices, default=Kind.ORDINARY
    )
    agenda = models.TextField(_("ordre du jour"), help_text=_("Un point par ligne."))
    convocation_sent_on = models.DateField(_("convocation envoyée le"), null=True, blank=True)
    notes = models.TextField(
        _("déroulé de la séance"),
        blank=True,
        help_text=_("Ce qui a été dit et présenté : il sera repris dans le procès-verbal."),
    )

    class Meta:
        verbose_name = _("assemblée générale")
        verbose_name_plural = _("assemblées générales")
        ordering = ["-gathering__start"]

    def __str__(self) -> str:
        return self.gathering.title

    def get_absolute_url(self) -> str:
        return reverse("association:assembly", args=[self.pk])

    @property
    def agenda_items(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.agenda.splitlines() if line.strip(" -•\t")]


class Proxy(models.Model):
    """A member who cannot come gives a proxy (pouvoir) to another member."""

    assembly = models.ForeignKey(
        GeneralAssembly,
        verbose_name=_("assemblée générale"),
        on_delete=models.CASCADE,
        related_name="proxies",
    )
    giver = models.ForeignKey(
        Person, verbose_name=_("donné par"), on_delete=models.PROTECT, related_name="proxies_given"
    )
    holder = models.ForeignKey(
        Person, verbose_name=_("donné à"), on_delete=models.PROTECT, related_name="proxies_held"
    )
    recorded_at = models.DateTimeField(_("noté le"), auto_now_add=True)

    class Meta:
        verbose_name = _("pouvoir")
        verbose_name_plural = _("pouvoirs")
        ordering = ["assembly", "holder__search_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assembly", "giver"], name="one_proxy_per_giver"),
            models.CheckConstraint(
                condition=~models.Q(giver=models.F("holder")), name="proxy_to_someone_else"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.giver} → {self.holder}"


class Resolution(models.Model):
    class Majority(models.TextChoices):
        SIMPLE = "simple", _("majorité simple des votes exprimés")
        TWO_THIRDS = "two_thirds", _("majorité des deux tiers des votes exprimés")

    assembly = models.ForeignKey(
        GeneralAssembly,
        verbose_name=_("assemblée générale"),
        on_delete=models.CASCADE,
        related_name="resolutions",
    )
    number = models.PositiveSmallIntegerField(_("numéro"))
    title = models.CharField(_("résolution"), max_length=300)
    majority = models.CharField(
        _("majorité requise"), max_length=12, choices=Majority.choices, default=Majority.SIMPLE
    )
    votes_for = models.PositiveIntegerField(_("pour"), default=0)
    votes_against = models.PositiveIntegerField(_("contre"), default=0)
    abstentions = models.PositiveIntegerField(_("abstentions"), default=0)

    class Meta:
        verbose_name = _("résolution")
        verbose_name_plural = _("résolutions")
        ordering = ["assembly", "number"]
        constraints = [
            models.UniqueConstraint(fields=["assembly", "number"], name="one_resolution_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def voted(self) -> bool:
        return bool(self.votes_for or self.votes_against or self.abstentions)

    @property
    def adopted(self) -> bool:
        """Abstentions are not votes cast (« votes exprimés »), as is usual in statutes."""
        cast = self.votes_for + self.votes_against
        if not cast:
            return False
        if self.majority == self.Majority.TWO_THIRDS:
            return self.votes_for * 3 >= cast * 2
        return self.votes_for > self.votes_against
