from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from quartier.consultation.models import Theme
from quartier.core.http import pk_or_none
from quartier.core.pdf import pdf_response
from quartier.core.permissions import access, permission_required
from quartier.gatherings import calendar
from quartier.gatherings.views import attendance_context
from quartier.groups import services
from quartier.groups.forms import (
    ActionForm,
    DecisionForm,
    DocumentForm,
    GroupForm,
    GroupPeopleForm,
    GroupUpdateForm,
    LeaveForm,
    MemberForm,
    MinutesForm,
    ProposalForm,
    ProposalStepForm,
    SessionForm,
)
from quartier.groups.models import (
    Action,
    Membership,
    Proposal,
    ProposalDocument,
    Session,
    WorkingGroup,
)
from quartier.people.models import Territory

# What each page reads of the object it is about, fetched with it by `access`.
GROUPS = WorkingGroup.objects.select_related("territory", "theme__consultation")
SESSIONS = Session.objects.select_related("gathering", "group")
ACTIONS = Action.objects.select_related("group")
PROPOSALS = Proposal.objects.select_related("group", "addressee")
DOCUMENTS = ProposalDocument.objects.select_related("proposal__group")


def _can(request: HttpRequest, obj, *names: str) -> dict[str, bool]:
    """Object-level permissions for templates (`perms.groups.x` cannot see a facilitator)."""
    return {name: request.user.has_perm(f"groups.{name}", obj) for name in names}


def _invited_ids(raw: str) -> list[int]:
    """`?invite=3,8,15` from the theme page; anything that is not a number is ignored."""
    return [int(part) for part in raw.split(",") if part.strip().isdigit()][:500]


# --- groups --------------------------------------------------------------------------------


@permission_required("groups.list_group")
def group_list(request: HttpRequest) -> HttpResponse:
    groups = WorkingGroup.objects.select_related("territory").annotate(
        member_count=Count("memberships", filter=Q(memberships__left_on__isnull=True))
    )
    if not request.user.has_perm("groups.view_due"):
        # A resident sees the groups they belong to, not the whole list.
        groups = groups.filter(
            memberships__person_id=request.user.person_id, memberships__left_on__isnull=True
        )
    return render(request, "groups/group_list.html", {"groups": groups.order_by("status", "name")})


@permission_required("groups.add_group")
def group_create(request: HttpRequest) -> HttpResponse:
    theme_label = request.GET.get("theme_label", "").strip()[:200]
    invited_ids = _invited_ids(request.GET.get("invite", ""))
    territories = list(Territory.objects.all()[:2])
    initial = {
        "name": theme_label,
        "theme_label": theme_label,
        "territory": territories[0] if len(territories) == 1 else None,
    }
    if theme_label:
        initial["mandate"] = _(
            "Travailler sur le thème « %(theme)s » et faire des propositions."
        ) % {"theme": theme_label}
    form = GroupForm(request.POST or None, initial=initial)
    own_person = [request.user.person_id] if request.user.person_id else []
    people_form = GroupPeopleForm(
        request.POST or None,
        invited_ids=invited_ids,
        initial={"invited": invited_ids, "facilitators": own_person},
    )
    if request.method == "POST" and form.is_valid() and people_form.is_valid():
        group = services.create_group(
            name=form.cleaned_data["name"],
            mandate=form.cleaned_data["mandate"],
            territory=form.cleaned_data["territory"],
            theme_label=form.cleaned_data["theme_label"],
            created_by=request.user,
            invited=people_form.cleaned_data["invited"],
            facilitators=people_form.cleaned_data["facilitators"],
        )
        messages.success(request, _("Groupe de travail créé. Fixez maintenant sa première séance."))
        return redirect(group)
    return render(
        request,
        "groups/group_form.html",
        {"form": form, "people_form": people_form, "themes": _theme_choices()},
    )


def _theme_choices() -> list[dict]:
    """Curated themes, each with the group already made from it, if any."""
    themes = list(services.curated_themes()[:200])
    made = {
        g.theme_id: g
        for g in WorkingGroup.objects.filter(theme__in=themes)
        .order_by("-pk")
        .only("pk", "name", "theme_id")
    }
    return [{"theme": theme, "group": made.get(theme.pk)} for theme in themes]


@require_POST
def create_from_theme(request: HttpRequest, pk: int) -> HttpResponse:
    """The one-click button of a curated theme (here and on the consultation's theme page)."""
    theme = access(request, Theme, "groups.add_group", pk=pk)
    existing = theme.working_groups.order_by("pk").first()
    if existing is not None:
        messages.info(
            request,
            _("Ce thème a déjà son groupe de travail : « %(name)s ».") % {"name": existing.name},
        )
        return redirect(existing)
    group = services.create_group_from_theme(theme, request.user)
    invited = group.memberships.filter(status=Membership.Status.INVITED).count()
    messages.success(
        request,
        ngettext(
            "Groupe de travail créé à partir du thème : %(count)d personne invitée. "
            "Fixez maintenant sa première séance.",
            "Groupe de travail créé à partir du thème : %(count)d personnes invitées. "
            "Fixez maintenant sa première séance.",
            invited,
        )
        % {"count": invited},
    )
    return redirect(group)


def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = access(request, GROUPS, "groups.view_group", pk=pk)
    memberships = list(
        group.memberships.select_related("person__organisation").order_by("person__search_name")
    )
    current = [m for m in memberships if m.left_on is None]
    return render(
        request,
        "groups/group_detail.html",
        {
            "group": group,
            "facilitators": [m for m in current if m.role == Membership.Role.FACILITATOR],
            "members": [
                m
                for m in current
                if m.role == Membership.Role.MEMBER and m.status == Membership.Status.MEMBER
            ],
            "invited": [
                m
                for m in current
                if m.role == Membership.Role.MEMBER and m.status == Membership.Status.INVITED
            ],
            "former": [m for m in memberships if m.left_on is not None],
            "next_session": services.next_session(group),
            "trend": services.attendance_trend(group),
            "open_actions": services.due_actions(group=group),
            "proposals": group.proposals.select_related("addressee"),
            "sessions": services.sessions_of(group).reverse()[:12],
            "calendar_url": request.build_absolute_uri(reverse("groups:calendar", args=[group.pk])),
            "theme_url": _theme_url(request, group),
            "can": _can(
                request,
                group,
                "change_group",
                "manage_members",
                "add_session",
                "manage_actions",
                "manage_proposals",
                "send_invitations",
            ),
        },
    )


def _theme_url(request: HttpRequest, group: WorkingGroup) -> str:
    """Where the group's theme can be read, for those allowed to read the consultation."""
    theme = group.theme
    if theme is None or not request.user.has_perm(
        "consultation.view_consultation", theme.consultation
    ):
        return ""
    try:
        return reverse("consultation:theme", args=[theme.consultation_id, theme.pk])
    except NoReverseMatch:  # the theme pages are being built: the consultation will do
        return theme.consultation.get_absolute_url()


def group_update(request: HttpRequest, pk: int) -> HttpResponse:
    group = access(request, GROUPS, "groups.change_group", pk=pk)
    form = GroupUpdateForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Modifications enregistrées."))
        return redirect(group)
    return render(request, "groups/group_form.html", {"form": form, "group": group})


def members(request: HttpRequest, pk: int) -> HttpResponse:
    group = access(request, GROUPS, "groups.manage_members", pk=pk)
    form = MemberForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        membership = services.add_member(
            group,
            form.cleaned_data["person"],
            role=form.cleaned_data["role"],
            on=form.cleaned_data["joined_on"],
        )
        messages.success(
            request, _("%(name)s fait partie du groupe.") % {"name": membership.person}
        )
        return redirect("groups:members", pk=group.pk)
    return render(
        request,
        "groups/members.html",
        {
            "group": group,
            "form": form,
            "memberships": group.memberships.select_related("person").order_by(
                "left_on", "role", "person__search_name"
            ),
            "leave_form": LeaveForm(initial={"left_on": form.fields["joined_on"].initial}),
        },
    )


@require_POST
def member_leave(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    membership = access(
        request, Membership, "groups.manage_members", via="group", pk=membership_pk, group_id=pk
    )
    group = membership.group
    form = LeaveForm(request.POST)
    if form.is_valid():
        try:
            services.leave_group(membership, on=form.cleaned_data["left_on"])
            messages.success(request, _("Départ noté."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Indiquez la date de départ."))
    return redirect("groups:members", pk=group.pk)


# --- sessions ------------------------------------------------------------------------------


def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    group = access(request, GROUPS, "groups.add_session", pk=pk)
    last = services.sessions_of(group).last()
    form = SessionForm(
        request.POST or None, initial={"place": last.gathering.place if last else ""}
    )
    if request.method == "POST" and form.is_valid():
        session = services.schedule_session(group, created_by=request.user, **form.cleaned_data)
        messages.success(request, _("Séance fixée. Notez-y qui est venu le jour venu."))
        return redirect(session)
    return render(request, "groups/session_form.html", {"form": form, "group": group})


def _session_page(request: HttpRequest, session: Session, decision_form=None) -> HttpResponse:
    context = {
        "session": session,
        "group": session.group,
        "gathering": session.gathering,
        "decisions": session.decisions.all(),
        "actions": session.actions.select_related("owner"),
        "proposals": session.proposals.select_related("addressee"),
        "to_approve": services.minutes_awaiting_approval(session),
        "decision_form": decision_form or DecisionForm(),
        "can": _can(request, session, "change_session", "manage_actions", "approve_minutes"),
    }
    if request.user.has_perm("gatherings.view_attendance", session.gathering):
        context.update(attendance_context(session.gathering, request.user))
    return render(request, "groups/session_detail.html", context)


def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _session_page(request, access(request, SESSIONS, "groups.view_group", pk=pk))


def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = access(request, SESSIONS, "groups.change_session", pk=pk)
    if session.is_approved:
        messages.error(request, _("Ce compte rendu est approuvé : il ne se modifie plus."))
        return redirect(session)
    form = MinutesForm(request.POST or None, initial={"minutes_draft": session.minutes_draft})
    if request.method == "POST" and form.is_valid():
        services.save_minutes(session, form.cleaned_data["minutes_draft"])
        messages.success(request, _("Compte rendu enregistré (brouillon)."))
        return redirect(session)
    return render(request, "groups/minutes_form.html", {"form": form, "session": session})


@require_POST
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    session = access(request, SESSIONS, "groups.change_session", pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        services.record_decision(session, form.cleaned_data["text"])
        messages.success(request, _("Décision notée."))
        return redirect(f"{session.get_absolute_url()}#decisions-title")
    return _session_page(request, session, decision_form=form)


@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    """At this session, the members approve the minutes of the previous one."""
    session = access(request, SESSIONS, "groups.approve_minutes", pk=pk)
    previous = services.minutes_awaiting_approval(session)
    if previous is None:
        messages.error(request, _("Aucun compte rendu n'attend d'approbation."))
    else:
        try:
            services.approve_minutes(previous, at=session)
            messages.success(request, _("Compte rendu approuvé par les membres."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect(session)


# --- actions -------------------------------------------------------------------------------


def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    group = access(request, GROUPS, "groups.manage_actions", pk=pk)
    initial = {}
    if (session_id := pk_or_none(request.GET.get("seance"))) is not None:
        initial["decided_in"] = group.sessions.filter(pk=session_id).first()
    form = ActionForm(request.POST or None, group=group, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.instance.group = group
        action = form.save()
        messages.success(request, _("Action notée : %(title)s.") % {"title": action.title})
        return redirect(action.decided_in or group)
    return render(request, "groups/action_form.html", {"form": form, "group": group})


def action_update(request: HttpRequest, pk: int) -> HttpResponse:
    action = access(request, ACTIONS, "groups.manage_actions", pk=pk)
    form = ActionForm(request.POST or None, instance=action, group=action.group)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Action mise à jour."))
        return redirect(action.group)
    return render(
        request, "groups/action_form.html", {"form": form, "group": action.group, "action": action}
    )


@permission_required("groups.view_due")
def due(request: HttpRequest) -> HttpResponse:
    territories = Territory.objects.all()
    territory = None
    if slug := request.GET.get("territoire"):
        territory = get_object_or_404(Territory, slug=slug)
    return render(
        request,
        "groups/due.html",
        {
            "actions": services.due_actions(territory=territory),
            "territories": territories,
            "territory": territory,
            "can": _can(request, None, "manage_actions"),
        },
    )


def group_due(request: HttpRequest, pk: int) -> HttpResponse:
    group = access(request, GROUPS, "groups.view_group", pk=pk)
    return render(
        request,
        "groups/due.html",
        {
            "actions": services.due_actions(group=group),
            "group": group,
            "can": _can(request, group, "manage_actions"),
        },
    )


# --- proposals -----------------------------------------------------------------------------


def proposal_create(request: HttpRequest, pk: int) -> HttpResponse:
    group = access(request, GROUPS, "groups.manage_proposals", pk=pk)
    form = ProposalForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        proposal = services.create_proposal(
            group,
            title=form.cleaned_data["title"],
            addressee=form.cleaned_data["addressee"],
            body=form.cleaned_data["body"],
            decided_in=form.cleaned_data["decided_in"],
            recorded_by=request.user,
        )
        messages.success(request, _("Proposition enregistrée (brouillon)."))
        return redirect(proposal)
    return render(request, "groups/proposal_form.html", {"form": form, "group": group})


def _proposal_page(request: HttpRequest, proposal: Proposal, **forms) -> HttpResponse:
    can_manage = request.user.has_perm("groups.manage_proposals", proposal)
    return render(
        request,
        "groups/proposal_detail.html",
        {
            "proposal": proposal,
            "group": proposal.group,
            "steps": proposal.steps.all(),
            "documents": proposal.documents.all(),
            "step_form": forms.get("step_form")
            or (ProposalStepForm(proposal=proposal) if can_manage else None),
            "document_form": forms.get("document_form") or (DocumentForm() if can_manage else None),
        },
    )


def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _proposal_page(request, access(request, PROPOSALS, "groups.view_group", pk=pk))


def proposal_update(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access(request, PROPOSALS, "groups.manage_proposals", pk=pk)
    form = ProposalForm(request.POST or None, instance=proposal, group=proposal.group)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Modifications enregistrées."))
        return redirect(proposal)
    return render(
        request,
        "groups/proposal_form.html",
        {"form": form, "group": proposal.group, "proposal": proposal},
    )


@require_POST
def proposal_step(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access(request, PROPOSALS, "groups.manage_proposals", pk=pk)
    form = ProposalStepForm(request.POST, proposal=proposal)
    if form.is_valid():
        try:
            step = services.advance_proposal(
                proposal, recorded_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(
                request, _("Étape notée : %(status)s.") % {"status": step.get_status_display()}
            )
            return redirect(proposal)
    return _proposal_page(request, proposal, step_form=form)


@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access(request, PROPOSALS, "groups.manage_proposals", pk=pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        form.instance.proposal = proposal
        with transaction.atomic():
            form.save()
        messages.success(request, _("Document joint."))
        return redirect(proposal)
    return _proposal_page(request, proposal, document_form=form)


def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = access(request, DOCUMENTS, "groups.view_group", pk=pk)
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=Path(document.file.name).name
    )


# --- invitations, reminders, calendar ------------------------------------------------------


def invitation_letters(request: HttpRequest, pk: int) -> HttpResponse:
    """One printed letter per member without e-mail, for the next session."""
    group = access(request, GROUPS, "groups.send_invitations", pk=pk)
    session = services.next_session(group)
    if session is None:
        messages.error(request, _("Aucune séance à venir : fixez d'abord la prochaine séance."))
        return redirect(group)
    recipients = [p for p in services.people_to_invite(group) if not p.email]
    facilitators = group.memberships.filter(
        role=Membership.Role.FACILITATOR, left_on__isnull=True
    ).select_related("person__organisation")
    return pdf_response(
        "groups/pdf/invitation.html",
        {
            "group": group,
            "session": session,
            "recipients": recipients,
            "facilitators": [m.person for m in facilitators],
        },
        filename=f"invitations-{session.gathering.start:%Y-%m-%d}-{group.name}",
        request=request,
    )


@require_POST
def send_reminders(request: HttpRequest, pk: int) -> HttpResponse:
    group = access(request, GROUPS, "groups.send_invitations", pk=pk)
    session = services.next_session(group)
    if session is None:
        messages.error(request, _("Aucune séance à venir : fixez d'abord la prochaine séance."))
        return redirect(group)
    outcome = services.send_session_reminders(session)
    messages.success(
        request,
        _(
            "Rappels envoyés par courriel : %(sent)d. Sans courriel : %(letters)d "
            "(imprimez leur lettre d'invitation)."
        )
        % {"sent": len(outcome.sent), "letters": len(outcome.without_email)},
    )
    return redirect(group)


@login_not_required
def group_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """Public iCal feed of one group's sessions: titles, times and places, never names."""
    group = get_object_or_404(WorkingGroup, pk=pk)
    gatherings = [s.gathering for s in services.sessions_of(group)]
    feed = calendar.feed_for(
        gatherings,
        name=_("Groupe de travail — %(name)s") % {"name": group.name},
        base_url=request.build_absolute_uri("/"),
    )
    response = HttpResponse(feed, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="groupe-{group.pk}.ics"'
    return response
