"""What waits in the working groups, for the home page's to-do list (see
quartier.gatherings.todo): overdue actions and proposals awaiting an institution's answer for
the team; for a resident, the next session of their groups and minutes to approve."""

from __future__ import annotations

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.gatherings.todo import TodoItem, day
from quartier.groups import services
from quartier.groups.models import Proposal, Session

# Sent to an institution, which has not answered yet.
AWAITING_ANSWER = (Proposal.Status.SUBMITTED, Proposal.Status.UNDER_STUDY)


def items_for(user) -> list[TodoItem]:
    if user.has_perm("groups.view_due"):
        return _overdue_actions() + _proposals_awaiting_an_answer()
    if user.is_authenticated and user.person_id:
        return _for_a_member(user)
    return []


def _overdue_actions() -> list[TodoItem]:
    late = services.due_actions().filter(due_on__lt=timezone.localdate())[:10]
    return [
        TodoItem(
            section=_("Actions en retard"),
            label=action.title,
            url=reverse("groups:action_update", args=[action.pk]),
            detail=_("%(group)s · prévue pour le %(date)s · %(owner)s")
            % {
                "group": action.group.name,
                "date": day(action.due_on),
                "owner": action.owner.display_name if action.owner else _("personne désignée"),
            },
            urgent=True,
        )
        for action in late
    ]


def _proposals_awaiting_an_answer() -> list[TodoItem]:
    waiting = (
        Proposal.objects.filter(status__in=AWAITING_ANSWER)
        .select_related("group", "addressee")
        .annotate(since=Max("steps__on"))
        .order_by("since", "pk")[:10]
    )
    return [
        TodoItem(
            section=_("Propositions en attente de réponse"),
            label=proposal.title,
            url=reverse("groups:proposal", args=[proposal.pk]),
            detail=_("%(status)s · adressée à %(addressee)s%(since)s")
            % {
                "status": proposal.get_status_display(),
                "addressee": proposal.addressee,
                "since": _(" depuis le %(date)s") % {"date": day(proposal.since)}
                if proposal.since
                else "",
            },
        )
        for proposal in waiting
    ]


def _for_a_member(user) -> list[TodoItem]:
    """A resident's groups: the next session of each, and minutes waiting for their approval."""
    items = []
    now = timezone.now()
    groups = user.person.working_groups.filter(
        memberships__person=user.person, memberships__left_on__isnull=True
    ).distinct()
    for group in groups:
        upcoming = (
            Session.objects.filter(group=group, gathering__start__gte=now)
            .select_related("gathering")
            .order_by("gathering__start")
            .first()
        )
        if upcoming is not None:
            awaiting = services.minutes_awaiting_approval(upcoming)
            items.append(
                TodoItem(
                    section=_("Vos groupes"),
                    label=_("Prochaine séance : %(group)s") % {"group": group.name},
                    url=reverse("groups:session", args=[upcoming.pk]),
                    detail=_("%(date)s, %(place)s")
                    % {
                        "date": day(upcoming.gathering.start),
                        "place": upcoming.gathering.place or _("lieu à venir"),
                    }
                    + (_(" · compte rendu à approuver") if awaiting else ""),
                )
            )
    return items
