"""What waits in consultations, for the home page's to-do list (see quartier.gatherings.todo):
contributions to moderate and re-run suggestions to examine for the team; for a resident with
an account, the consultations open to their opinion and the restitutions to read."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quartier.consultation.models import Consultation, Contribution, ThemeProposal
from quartier.gatherings.todo import TodoItem


def items_for(user) -> list[TodoItem]:
    if user.has_perm("consultation.moderate_contribution"):
        return _for_the_team(user)
    if user.has_perm("consultation.resident_menu"):
        return _for_a_resident()
    return []


def _for_the_team(user) -> list[TodoItem]:
    items = []
    waiting = Consultation.objects.annotate(
        pending=Count("contributions", filter=Q(contributions__state=Contribution.State.PENDING))
    ).filter(pending__gt=0)
    for consultation in waiting.order_by("-pending", "pk")[:10]:
        items.append(
            TodoItem(
                section=_("Contributions à modérer"),
                label=ngettext(
                    "%(count)s contribution à modérer : %(title)s",
                    "%(count)s contributions à modérer : %(title)s",
                    consultation.pending,
                )
                % {"count": consultation.pending, "title": consultation.title},
                url=reverse("consultation:moderation", args=[consultation.pk]),
                detail=_("envoyées par le formulaire en ligne, pas encore visibles"),
            )
        )
    if user.has_perm("consultation.curate_themes"):
        examined = Consultation.objects.annotate(
            suggestions=Count(
                "theme_proposals",
                filter=Q(theme_proposals__status=ThemeProposal.Status.PENDING),
            )
        ).filter(suggestions__gt=0)
        for consultation in examined.order_by("pk")[:10]:
            items.append(
                TodoItem(
                    section=_("Thèmes à revoir"),
                    label=ngettext(
                        "%(count)s suggestion du regroupement à examiner : %(title)s",
                        "%(count)s suggestions du regroupement à examiner : %(title)s",
                        consultation.suggestions,
                    )
                    % {"count": consultation.suggestions, "title": consultation.title},
                    url=reverse("consultation:themes", args=[consultation.pk]),
                )
            )
    return items


def _for_a_resident() -> list[TodoItem]:
    items = [
        TodoItem(
            section=_("Donner votre avis"),
            label=consultation.title,
            url=reverse("consultation:public", args=[consultation.pk]),
            detail=consultation.question,
        )
        for consultation in Consultation.objects.filter(status=Consultation.Status.OPEN).order_by(
            "-period_start"
        )[:5]
    ]
    items += [
        TodoItem(
            section=_("Ce que les habitants ont dit"),
            label=consultation.title,
            url=reverse("consultation:restitution", args=[consultation.pk]),
        )
        for consultation in Consultation.objects.filter(restitution_published=True).order_by(
            "-period_start"
        )[:5]
    ]
    return items
