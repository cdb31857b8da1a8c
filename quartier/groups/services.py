"""Working-group rules that views, commands, the demo and tests all call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from quartier.consultation.actions.restitution import quote_contributions
from quartier.consultation.models import Contribution, Theme
from quartier.gatherings.models import Attendance, Gathering
from quartier.gatherings.services import upcoming
from quartier.groups.models import (
    Action,
    Decision,
    Membership,
    Proposal,
    ProposalStep,
    Session,
    WorkingGroup,
)
from quartier.people.models import Person, Territory
from quartier.people.rules import is_team

# Which status may follow which: a refused proposal can be reworked and sent again.
PROPOSAL_TRANSITIONS: dict[str, set[str]] = {
    Proposal.Status.DRAFT: {Proposal.Status.SUBMITTED},
    Proposal.Status.SUBMITTED: {
        Proposal.Status.UNDER_STUDY,
        Proposal.Status.ACCEPTED,
        Proposal.Status.REFUSED,
    },
    Proposal.Status.UNDER_STUDY: {Proposal.Status.ACCEPTED, Proposal.Status.REFUSED},
    Proposal.Status.ACCEPTED: {Proposal.Status.IMPLEMENTED},
    Proposal.Status.REFUSED: {Proposal.Status.SUBMITTED},
    Proposal.Status.IMPLEMENTED: set(),
}


# --- groups and members -------------------------------------------------------------------


@transaction.atomic
def create_group(
    *,
    name: str,
    mandate: str,
    territory: Territory,
    created_by=None,
    theme_label: str = "",
    theme=None,
    invited: Iterable[Person] = (),
    facilitators: Iterable[Person] = (),
    on: dt.date | None = None,
) -> WorkingGroup:
    """A new group, forming: the invited are asked to join, facilitators are in from the start."""
    on = on or timezone.localdate()
    group = WorkingGroup(
        name=" ".join(name.split()),
        mandate=mandate,
        territory=territory,
        theme_label=theme_label,
        created_by=created_by,
        theme=theme,
    )
    group.save()
    facilitator_ids = set()
    for person in facilitators:
        facilitator_ids.add(person.pk)
        Membership.objects.create(
            group=group,
            person=person,
            role=Membership.Role.FACILITATOR,
            status=Membership.Status.MEMBER,
            joined_on=on,
        )
    for person in invited:
        if person.pk in facilitator_ids:
            continue
        Membership.objects.get_or_create(
            group=group,
            person=person,
            defaults={"status": Membership.Status.INVITED, "invited_on": on},
        )
    return group


def curated_themes(territory: Territory | None = None) -> QuerySet[Theme]:
    """Themes the team kept for the restitution (not hidden), newest consultation first."""
    themes = Theme.objects.filter(hidden=False).select_related("consultation__territory")
    if territory is not None:
        themes = themes.filter(consultation__territory=territory)
    return themes.annotate(
        contributor_count=Count(
            "contributions__author",
            filter=Q(
                contributions__state=Contribution.State.PUBLISHED,
                contributions__author__anonymised_at__isnull=True,
            ),
            distinct=True,
        )
    ).order_by("consultation__territory__name", "-consultation__period_start", "position", "pk")


def theme_contributors(theme: Theme) -> QuerySet[Person]:
    """Everyone known by name who said something the theme gathers (anonymous words stay so)."""
    return (
        Person.objects.filter(
            contributions__theme=theme,
            contributions__state=Contribution.State.PUBLISHED,
            anonymised_at__isnull=True,
        )
        .distinct()
        .order_by("search_name", "pk")
    )


def theme_mandate(theme: Theme, *, quotes: int = 3) -> str:
    """A first mandate from the theme: its label and what residents said (the restitution's
    quotes, no names). Never the engine's keywords: they are a machine's reading, not a task."""
    parts = [
        _("Travailler sur le thème « %(theme)s » et faire des propositions aux institutions.")
        % {"theme": theme.label}
    ]
    members = list(theme.contributions.filter(state=Contribution.State.PUBLISHED).order_by("pk"))
    said = [
        Truncator(" ".join(c.text.split())).chars(300)
        for c in quote_contributions(theme, members)[:quotes]
    ]
    if said:
        parts.append(_("Ce que les habitants et habitantes ont dit :"))
        parts += [f"« {text} »" for text in said]
    return "\n\n".join(parts)


@transaction.atomic
def create_group_from_theme(theme: Theme, user, *, on: dt.date | None = None) -> WorkingGroup:
    """One click from a curated theme: the group takes its label, a mandate drawn from its
    keywords and quotes, its territory; the theme's contributors are invited, and the team
    member who clicks facilitates. A second click returns the group already created."""
    # Lock the theme so that a double click cannot make two groups.
    theme = (
        Theme.objects.select_for_update().select_related("consultation__territory").get(pk=theme.pk)
    )
    existing = theme.working_groups.order_by("pk").first()
    if existing is not None:
        return existing
    facilitators = []
    if user is not None and user.is_authenticated and user.person_id and is_team(user):
        facilitators.append(user.person)
    return create_group(
        name=theme.label[:200],
        mandate=theme_mandate(theme),
        territory=theme.consultation.territory,
        created_by=user if user is not None and user.is_authenticated else None,
        theme_label=theme.label[:200],
        theme=theme,
        invited=theme_contributors(theme),
        facilitators=facilitators,
        on=on,
    )


def add_member(
    group: WorkingGroup,
    person: Person,
    *,
    role: str = Membership.Role.MEMBER,
    on: dt.date | None = None,
) -> Membership:
    """Add someone (or bring them back): joining accepts a pending invitation."""
    on = on or timezone.localdate()
    membership, created = Membership.objects.get_or_create(
        group=group,
        person=person,
        defaults={"role": role, "status": Membership.Status.MEMBER, "joined_on": on},
    )
    if not created:
        membership.role = role
        membership.status = Membership.Status.MEMBER
        # Coming back after leaving starts a new stay; accepting an invitation starts the first.
        if membership.left_on is not None or membership.joined_on is None:
            membership.joined_on = on
        membership.left_on = None
        membership.save()
    return membership


def leave_group(membership: Membership, *, on: dt.date | None = None) -> Membership:
    on = on or timezone.localdate()
    if membership.joined_on and on < membership.joined_on:
        raise ValidationError({"left_on": _("La date de départ doit suivre la date d'arrivée.")})
    membership.left_on = on
    membership.save(update_fields=["left_on"])
    return membership


def current_memberships(group: WorkingGroup) -> QuerySet[Membership]:
    return group.memberships.filter(left_on__isnull=True).select_related("person")


def people_to_invite(group: WorkingGroup) -> list[Person]:
    """Current members and invited people, facilitators included: who should hear of a session."""
    return [m.person for m in current_memberships(group) if m.person.anonymised_at is None]


# --- sessions and minutes ------------------------------------------------------------------


@transaction.atomic
def schedule_session(
    group: WorkingGroup,
    *,
    start: dt.datetime,
    end: dt.datetime | None = None,
    place: str = "",
    agenda: str = "",
    title: str = "",
    created_by=None,
) -> Session:
    """A session is a gathering of kind working-group session, on the group's territory."""
    if end and end < start:
        raise ValidationError({"end": _("La fin doit être après le début.")})
    gathering = Gathering.objects.create(
        kind=Gathering.Kind.WORKING_GROUP_SESSION,
        title=title.strip() or _("Groupe « %(name)s » : séance") % {"name": group.name},
        start=start,
        end=end,
        place=place,
        territory=group.territory,
        created_by=created_by,
    )
    if group.status == WorkingGroup.Status.FORMING:
        group.status = WorkingGroup.Status.ACTIVE
        group.save(update_fields=["status"])
    return Session.objects.create(gathering=gathering, group=group, agenda=agenda)


def sessions_of(group: WorkingGroup) -> QuerySet[Session]:
    return group.sessions.select_related("gathering").order_by("gathering__start", "pk")


def next_session(group: WorkingGroup) -> Session | None:
    gatherings = upcoming(Gathering.objects.filter(group_session__group=group))
    first = gatherings.first()
    return first.group_session if first else None


def attendance_trend(group: WorkingGroup, *, last: int = 12) -> list[dict]:
    """Headcount of the last sessions held, oldest first, with a width for a bar chart."""
    held = (
        group.sessions.filter(gathering__start__lt=timezone.now())
        .select_related("gathering")
        .annotate(headcount=Count("gathering__attendances"))
        .order_by("-gathering__start")[:last]
    )
    rows = list(reversed(held))
    top = max((s.headcount for s in rows), default=0) or 1
    return [
        {"session": s, "count": s.headcount, "percent": round(100 * s.headcount / top)}
        for s in rows
    ]


def save_minutes(session: Session, text: str) -> Session:
    if session.is_approved:
        raise ValidationError(
            {"minutes_draft": _("Ce compte rendu est approuvé : il ne se modifie plus.")}
        )
    session.minutes_draft = text
    session.save(update_fields=["minutes_draft"])
    return session


def minutes_awaiting_approval(session: Session) -> Session | None:
    """The previous session of the group, if its minutes are written and not yet approved."""
    previous = (
        session.group.sessions.filter(gathering__start__lt=session.gathering.start)
        .select_related("gathering")
        .order_by("-gathering__start")
        .first()
    )
    if previous and previous.minutes_draft.strip() and not previous.is_approved:
        return previous
    return None


@transaction.atomic
def approve_minutes(session: Session, *, at: Session, when: dt.datetime | None = None) -> Session:
    """Members approve the minutes of `session` at a later session `at`: the text is frozen."""
    session = Session.objects.select_for_update().select_related("gathering").get(pk=session.pk)
    if session.is_approved:
        raise ValidationError(_("Ce compte rendu est déjà approuvé."))
    if at.group_id != session.group_id or at.gathering.start <= session.gathering.start:
        raise ValidationError(_("Un compte rendu s'approuve à une séance suivante du même groupe."))
    if not session.minutes_draft.strip():
        raise ValidationError(_("Ce compte rendu est vide : rien à approuver."))
    session.minutes_approved = session.minutes_draft
    session.approved_at = when or timezone.now()
    session.approved_in = at
    session.save(update_fields=["minutes_approved", "approved_at", "approved_in"])
    return session


def record_decision(session: Session, text: str) -> Decision:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Écrivez la décision prise.")})
    return Decision.objects.create(session=session, text=text)


# --- actions -------------------------------------------------------------------------------


def due_actions(
    *, group: WorkingGroup | None = None, territory: Territory | None = None
) -> QuerySet[Action]:
    """Open actions (to do, doing), the most urgent first."""
    actions = Action.objects.filter(status__in=Action.OPEN).select_related(
        "owner", "group", "decided_in__gathering"
    )
    if group is not None:
        actions = actions.filter(group=group)
    if territory is not None:
        actions = actions.filter(group__territory=territory)
    return actions.order_by("due_on", "pk")


def action_owner_choices(group: WorkingGroup) -> QuerySet[Person]:
    """Anyone currently in the group, and the professionals who support it."""
    return (
        Person.objects.filter(
            Q(memberships__group=group, memberships__left_on__isnull=True)
            | Q(kind=Person.Kind.PROFESSIONAL)
        )
        .filter(anonymised_at__isnull=True)
        .distinct()
        .order_by("search_name", "pk")
    )


# --- proposals -----------------------------------------------------------------------------


@transaction.atomic
def create_proposal(
    group: WorkingGroup,
    *,
    title: str,
    addressee,
    body: str = "",
    decided_in: Session | None = None,
    on: dt.date | None = None,
    recorded_by=None,
) -> Proposal:
    if decided_in is not None and decided_in.group_id != group.pk:
        raise ValidationError({"decided_in": _("Cette séance est celle d'un autre groupe.")})
    proposal = Proposal.objects.create(
        group=group, title=title, addressee=addressee, body=body, decided_in=decided_in
    )
    ProposalStep.objects.create(
        proposal=proposal,
        status=Proposal.Status.DRAFT,
        on=on or timezone.localdate(),
        recorded_by=recorded_by,
    )
    return proposal


def next_statuses(proposal: Proposal) -> list[tuple[str, str]]:
    allowed = PROPOSAL_TRANSITIONS[proposal.status]
    return [(value, label) for value, label in Proposal.Status.choices if value in allowed]


@transaction.atomic
def advance_proposal(
    proposal: Proposal,
    *,
    status: str,
    on: dt.date,
    note: str = "",
    outcome: str = "",
    recorded_by=None,
) -> ProposalStep:
    """Move a proposal one step along its timeline, dated, with a note."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if status not in PROPOSAL_TRANSITIONS[proposal.status]:
        raise ValidationError(
            {
                "status": _("Une proposition « %(current)s » ne peut pas passer à « %(next)s ».")
                % {
                    "current": proposal.get_status_display(),
                    "next": Proposal.Status(status).label if status in Proposal.Status else status,
                }
            }
        )
    last = proposal.steps.order_by("-on", "-pk").first()
    if last and on < last.on:
        raise ValidationError(
            {
                "on": _("Cette étape ne peut pas précéder la précédente (%(date)s).")
                % {"date": last.on.strftime("%d/%m/%Y")}
            }
        )
    step = ProposalStep.objects.create(
        proposal=proposal, status=status, on=on, note=note.strip(), recorded_by=recorded_by
    )
    proposal.status = status
    fields = ["status"]
    if outcome.strip():
        proposal.outcome = outcome.strip()
        fields.append("outcome")
    proposal.save(update_fields=fields)
    return step


# --- invitations and reminders -------------------------------------------------------------


@dataclass
class ReminderOutcome:
    sent: list[Person] = field(default_factory=list)
    without_email: list[Person] = field(default_factory=list)


def send_session_reminders(session: Session, *, connection=None) -> ReminderOutcome:
    """E-mail everyone in the group who has an address; the others get the printed letter."""
    outcome = ReminderOutcome()
    messages = []
    for person in people_to_invite(session.group):
        if not person.email:
            outcome.without_email.append(person)
            continue
        context = {"session": session, "group": session.group, "person": person}
        subject = " ".join(render_to_string("groups/email/reminder_subject.txt", context).split())
        body = render_to_string("groups/email/reminder_body.txt", context)
        messages.append(EmailMessage(subject=subject, body=body, to=[person.email]))
        outcome.sent.append(person)
    if messages:
        (connection or get_connection()).send_messages(messages)
        session.reminders_sent_at = timezone.now()
        session.save(update_fields=["reminders_sent_at"])
    return outcome


def sessions_needing_reminders(*, within: dt.timedelta) -> QuerySet[Session]:
    """Next sessions in the coming `within`, whose reminders have not gone out yet."""
    now = timezone.now()
    return (
        Session.objects.filter(
            gathering__start__gte=now,
            gathering__start__lte=now + within,
            reminders_sent_at__isnull=True,
        )
        .exclude(group__status=WorkingGroup.Status.CLOSED)
        .select_related("gathering", "group")
        .order_by("gathering__start")
    )


def membership_from_attendance(attendance: Attendance) -> Membership | None:
    """Coming to a session makes you part of the group: an invitation is accepted, a newcomer
    joins, a facilitator is listed as such. Guests (a mayor's representative...) stay guests."""
    session = Session.objects.filter(pk=attendance.gathering_id).select_related("gathering")
    session = session.first()
    if session is None or attendance.role == Attendance.Role.GUEST:
        return None
    on = timezone.localtime(session.gathering.start).date()
    role = (
        Membership.Role.FACILITATOR
        if attendance.role == Attendance.Role.FACILITATOR
        else Membership.Role.MEMBER
    )
    membership, created = Membership.objects.get_or_create(
        group_id=session.group_id,
        person_id=attendance.person_id,
        defaults={"role": role, "status": Membership.Status.MEMBER, "joined_on": on},
    )
    if not created and membership.status == Membership.Status.INVITED:
        membership.status = Membership.Status.MEMBER
        membership.joined_on = on
        membership.save(update_fields=["status", "joined_on"])
    return membership
