"""The short public address of each open consultation (/avis/3), residents' way in without an
account; and what consultation offers on a gathering's page and printed documents (see
quartier.gatherings.offers)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from quartier.consultation.models import Consultation, Contribution
from quartier.gatherings.offers import GatheringAction, PublicAddress


def short_path(consultation: Consultation) -> str:
    """The address printed on posters: stable (the consultation's number), short, no account."""
    return reverse("avis:go", args=[consultation.pk])


def open_consultations(territory=None):
    consultations = Consultation.objects.filter(status=Consultation.Status.OPEN)
    if territory is not None:
        consultations = consultations.filter(territory=territory)
    return consultations.select_related("territory").order_by("-period_start", "-pk")


def for_gathering(gathering) -> list[PublicAddress]:
    """The open consultations of the gathering's territory, as printed on its documents."""
    return [
        PublicAddress(title=c.title, question=c.question, path=short_path(c))
        for c in open_consultations(gathering.territory)
    ]


def actions_for(gathering, user) -> list[GatheringAction]:
    """« Saisir ce qui est dit » for each open consultation of the territory: the capture
    with this gathering and the channel « réunion » already chosen."""
    if not user.has_perm("consultation.add_contribution"):
        return []
    query = urlencode({"rencontre": gathering.pk, "canal": Contribution.Channel.MEETING})
    return [
        GatheringAction(
            label=_("Saisir ce qui est dit : %(title)s") % {"title": c.title},
            url=f"{reverse('consultation:capture', args=[c.pk])}?{query}",
        )
        for c in open_consultations(gathering.territory)
    ]
