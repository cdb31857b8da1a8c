from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from quartier.association import chart
from quartier.association.actions.ledger import money_balances
from quartier.association.actions.members import (
    current_members,
    is_up_to_date,
    member_of,
    up_to_date_members,
)
from quartier.association.actions.subsidies import due_soon
from quartier.association.models import Association
from quartier.association.views.common import VIEW, association_of
from quartier.core.permissions import permission_required
from quartier.gatherings.models import Gathering


@permission_required(VIEW)
def index(request: HttpRequest) -> HttpResponse:
    associations = list(Association.objects.select_related("territory")[:2])
    if len(associations) == 1:
        # Most installations hold one association: its home page, at once.
        return _home(request, associations[0])
    return render(request, "association/index.html", {"associations": Association.objects.all()})


@permission_required(VIEW)
def home(request: HttpRequest, pk: int) -> HttpResponse:
    return _home(request, association_of(request, pk))


def _home(request: HttpRequest, association: Association) -> HttpResponse:
    today = timezone.localdate()
    balances = money_balances(association, today)
    meetings = Gathering.objects.filter(
        territory_id=association.territory_id,
        kind__in=(Gathering.Kind.BOARD_MEETING, Gathering.Kind.SUPPORT_MEETING),
    ).order_by("-start")[:5]
    return render(
        request,
        "association/home.html",
        {
            "association": association,
            "reminders": due_soon(association, today),
            "bank": balances[chart.BANK],
            "cash": balances[chart.CASH],
            "members_up_to_date": up_to_date_members(association, today).count(),
            "members_total": current_members(association, today).count(),
            "meetings": meetings,
            "today": today,
        },
    )


@permission_required("association.view_own_membership")
def my_membership(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    members = [
        {"member": member, "up_to_date": is_up_to_date(member, today), "dues": member.dues.all()}
        for member in member_of(request.user)
    ]
    return render(request, "association/my_membership.html", {"members": members, "today": today})
