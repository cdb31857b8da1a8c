import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from quartier.gatherings.models import Attendance, Gathering
from quartier.groups import services
from quartier.groups.models import Action, Membership, Proposal, WorkingGroup
from quartier.people.models import Organisation, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(territory):
    return {
        name: Person.objects.create(display_name=name, territory=territory)
        for name in ["Aïcha Benali", "Karim Ouali", "Denise Morel"]
    }


@pytest.fixture
def worker(territory):
    org = Organisation.objects.create(name="Conseil général", kind="departement")
    return Person.objects.create(
        display_name="Claire Morin", kind="professional", organisation=org, territory=territory
    )


@pytest.fixture
def group(territory, people, worker):
    return services.create_group(
        name="Les jeunes",
        mandate="Proposer quelque chose pour les jeunes.",
        territory=territory,
        theme_label="Les jeunes",
        invited=people.values(),
        facilitators=[worker],
    )


def at(days: int, hour: int = 18) -> dt.datetime:
    base = timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0)
    return base + dt.timedelta(days=days)


def test_a_new_group_invites_people_and_facilitators_join_at_once(group, people, worker):
    assert group.status == WorkingGroup.Status.FORMING
    assert group.theme_label == "Les jeunes"
    invited = group.memberships.filter(status=Membership.Status.INVITED)
    assert {m.person.display_name for m in invited} == set(people)
    facilitator = group.memberships.get(person=worker)
    assert facilitator.role == Membership.Role.FACILITATOR
    assert facilitator.joined_on == timezone.localdate()


def test_joining_accepts_the_invitation_and_leaving_keeps_the_dates(group, people):
    aicha = people["Aïcha Benali"]
    membership = services.add_member(group, aicha, on=dt.date(1999, 9, 16))
    assert membership.status == Membership.Status.MEMBER
    assert membership.joined_on == dt.date(1999, 9, 16)
    services.leave_group(membership, on=dt.date(2000, 3, 1))
    assert Membership.objects.get(pk=membership.pk).left_on == dt.date(2000, 3, 1)
    with pytest.raises(ValidationError):
        services.leave_group(membership, on=dt.date(1999, 1, 1))
    assert aicha not in services.people_to_invite(group)


def test_a_session_is_a_working_group_gathering_on_the_group_territory(group):
    session = services.schedule_session(group, start=at(-7), place="Local C", agenda="Accueil")
    gathering = session.gathering
    assert gathering.kind == Gathering.Kind.WORKING_GROUP_SESSION
    assert gathering.territory == group.territory
    assert "Les jeunes" in gathering.title
    group.refresh_from_db()
    assert group.status == WorkingGroup.Status.ACTIVE


def test_a_session_ending_before_it_starts_creates_nothing(group):
    with pytest.raises(ValidationError):
        services.schedule_session(group, start=at(1), end=at(1, hour=10))
    assert not Gathering.objects.exists()


def test_minutes_are_approved_at_a_later_session_and_then_frozen(group):
    first = services.schedule_session(group, start=at(-14))
    second = services.schedule_session(group, start=at(-7))
    services.save_minutes(first, "On a parlé du **club**.")
    assert services.minutes_awaiting_approval(second) == first
    with pytest.raises(ValidationError):
        services.approve_minutes(second, at=first)  # an earlier session cannot approve
    services.approve_minutes(first, at=second)
    first.refresh_from_db()
    assert first.minutes_approved == "On a parlé du **club**."
    assert first.approved_in == second
    assert services.minutes_awaiting_approval(second) is None
    with pytest.raises(ValidationError):
        services.save_minutes(first, "réécrit après coup")
    first.refresh_from_db()
    assert first.minutes_approved == "On a parlé du **club**."
    assert "<strong>club</strong>" in first.minutes_html


def test_minutes_with_a_script_are_stored_intact_and_shown_as_text(group):
    session = services.schedule_session(group, start=at(-1))
    services.save_minutes(session, "<script>alert(1)</script>")
    session.refresh_from_db()
    assert session.minutes_draft == "<script>alert(1)</script>"
    assert "<script>" not in session.minutes_html
    assert "&lt;script&gt;" in session.minutes_html


def test_next_session_and_attendance_trend(group, people):
    past = services.schedule_session(group, start=at(-7))
    services.schedule_session(group, start=at(-14))
    upcoming = services.schedule_session(group, start=at(7))
    Attendance.objects.create(gathering=past.gathering, person=people["Aïcha Benali"])
    Attendance.objects.create(gathering=past.gathering, person=people["Karim Ouali"])
    assert services.next_session(group) == upcoming
    trend = services.attendance_trend(group)
    assert [row["count"] for row in trend] == [0, 2]
    assert trend[-1]["percent"] == 100


def test_due_actions_lists_open_ones_most_urgent_first(group, people, territory):
    owner = people["Karim Ouali"]
    later = Action.objects.create(group=group, title="B", owner=owner, due_on=dt.date(2000, 5, 1))
    sooner = Action.objects.create(
        group=group, title="A", owner=owner, due_on=dt.date(2000, 3, 1), status="doing"
    )
    Action.objects.create(
        group=group, title="fait", owner=owner, due_on=dt.date(2000, 1, 1), status="done"
    )
    assert list(services.due_actions(group=group)) == [sooner, later]
    assert list(services.due_actions(territory=territory)) == [sooner, later]
    assert sooner.is_late


def test_proposal_timeline_follows_the_allowed_steps(group):
    town = Organisation.objects.create(name="Commune de Gien", kind="town")
    session = services.schedule_session(group, start=at(-30))
    proposal = services.create_proposal(
        group,
        title="Club de prévention",
        addressee=town,
        decided_in=session,
        on=dt.date(2000, 6, 1),
    )
    assert proposal.status == Proposal.Status.DRAFT
    with pytest.raises(ValidationError) as refused:
        services.advance_proposal(proposal, status="accepted", on=dt.date(2000, 6, 2))
    assert "ne peut pas passer" in str(refused.value)
    services.advance_proposal(proposal, status="submitted", on=dt.date(2000, 7, 3), note="Remis")
    with pytest.raises(ValidationError):
        services.advance_proposal(proposal, status="under_study", on=dt.date(2000, 7, 1))
    services.advance_proposal(proposal, status="under_study", on=dt.date(2000, 9, 12))
    services.advance_proposal(proposal, status="accepted", on=dt.date(2000, 11, 20))
    services.advance_proposal(
        proposal, status="implemented", on=dt.date(2001, 3, 1), outcome="Une cellule créée"
    )
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.IMPLEMENTED
    assert proposal.outcome == "Une cellule créée"
    assert list(proposal.steps.values_list("status", flat=True)) == [
        "draft",
        "submitted",
        "under_study",
        "accepted",
        "implemented",
    ]
    assert services.next_statuses(proposal) == []


def test_a_proposal_cannot_cite_another_groups_session(group, territory):
    other = services.create_group(name="Autre", mandate="m", territory=territory)
    foreign = services.schedule_session(other, start=at(-3))
    town = Organisation.objects.create(name="Commune", kind="town")
    with pytest.raises(ValidationError):
        services.create_proposal(group, title="x", addressee=town, decided_in=foreign)
    assert not Proposal.objects.exists()


def test_reminders_go_to_those_with_an_email_once(group, people):
    for person in people.values():
        services.add_member(group, person)
    people["Aïcha Benali"].email = "aicha@example.org"
    people["Aïcha Benali"].save()
    session = services.schedule_session(group, start=at(3), place="Local C", agenda="Le club")
    outcome = services.send_session_reminders(session)
    assert [p.display_name for p in outcome.sent] == ["Aïcha Benali"]
    assert "Karim Ouali" in [p.display_name for p in outcome.without_email]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["aicha@example.org"]
    assert "Les jeunes" in mail.outbox[0].subject
    assert "Local C" in mail.outbox[0].body and "Le club" in mail.outbox[0].body
    # The command does not send a second reminder for the same session.
    call_command("send_group_reminders", "--days", "7")
    assert len(mail.outbox) == 1


def test_the_reminder_command_sends_for_the_next_session(group, people, capsys):
    services.add_member(group, people["Karim Ouali"])
    people["Karim Ouali"].email = "karim@example.org"
    people["Karim Ouali"].save()
    services.schedule_session(group, start=at(2))
    services.schedule_session(group, start=at(5))
    call_command("send_group_reminders")
    assert len(mail.outbox) == 1
    assert "1 courriel(s)" in capsys.readouterr().out


def test_coming_to_a_session_accepts_the_invitation(group, people, worker, territory):
    session = services.schedule_session(group, start=at(-2))
    aicha = people["Aïcha Benali"]
    Attendance.objects.create(gathering=session.gathering, person=aicha)
    newcomer = Person.objects.create(display_name="Zoé", territory=territory)
    Attendance.objects.create(gathering=session.gathering, person=newcomer)
    mayor = Person.objects.create(display_name="Adjoint au maire", territory=territory)
    Attendance.objects.create(gathering=session.gathering, person=mayor, role="guest")
    joined = group.memberships.get(person=aicha)
    assert joined.status == Membership.Status.MEMBER
    assert joined.joined_on == session.gathering.start.date()
    assert group.memberships.get(person=newcomer).status == Membership.Status.MEMBER
    assert not group.memberships.filter(person=mayor).exists()
    # Attendance at any other gathering changes nothing.
    other = Gathering.objects.create(
        kind="public_meeting", title="RP", start=at(-1), territory=territory
    )
    Attendance.objects.create(gathering=other, person=people["Karim Ouali"])
    karim = group.memberships.get(person=people["Karim Ouali"])
    assert karim.status == Membership.Status.INVITED
