"""The object-level rules of working groups at their edges: who has left, who facilitates
another group, who has an account but no record, and what belongs to a group (a session, an
action, a proposal, a document) being judged as the group itself."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from quartier.groups import services
from quartier.groups.models import Action, Membership, Proposal, ProposalDocument
from quartier.people.models import Person
from quartier.testing.factories import make_user

pytestmark = pytest.mark.django_db

MEMBER_PERMS = ["groups.view_group", "groups.approve_minutes"]
FACILITATOR_PERMS = ["groups.add_session", "groups.change_session", "groups.manage_actions"]
TEAM_ONLY_PERMS = [
    "groups.change_group",
    "groups.manage_members",
    "groups.manage_proposals",
    "groups.send_invitations",
    "groups.view_due",
]


@pytest.fixture
def group(territory):
    return services.create_group(name="Les jeunes", mandate="Un club", territory=territory)


@pytest.fixture
def other_group(territory):
    return services.create_group(name="Le marché", mandate="Un marché", territory=territory)


def resident_in(group, *, role=Membership.Role.MEMBER, username="aicha"):
    """A resident with an account, who belongs to `group` with `role`."""
    person = Person.objects.create(display_name=username.title(), territory=group.territory)
    services.add_member(group, person, role=role, on=dt.date(2024, 1, 10))
    return make_user("resident", username=username, person=person)


def allowed(user, obj, perms) -> dict[str, bool]:
    return {perm: user.has_perm(perm, obj) for perm in perms}


def test_a_current_member_sees_the_group_and_approves_minutes_but_runs_nothing(group):
    member = resident_in(group)
    assert all(allowed(member, group, MEMBER_PERMS).values())
    assert not any(allowed(member, group, FACILITATOR_PERMS + TEAM_ONLY_PERMS).values())


def test_a_former_member_sees_the_group_no_more(group):
    member = resident_in(group)
    services.leave_group(member.person.memberships.get(), on=timezone.localdate())
    assert not any(allowed(member, group, MEMBER_PERMS + FACILITATOR_PERMS).values())


def test_a_former_facilitator_loses_the_facilitators_rights(group):
    facilitator = resident_in(group, role=Membership.Role.FACILITATOR)
    assert all(allowed(facilitator, group, FACILITATOR_PERMS).values())
    services.leave_group(facilitator.person.memberships.get(), on=dt.date(2024, 6, 1))
    assert not any(allowed(facilitator, group, MEMBER_PERMS + FACILITATOR_PERMS).values())


def test_the_facilitator_of_another_group_has_no_right_here(group, other_group):
    facilitator = resident_in(other_group, role=Membership.Role.FACILITATOR)
    assert all(allowed(facilitator, other_group, MEMBER_PERMS + FACILITATOR_PERMS).values())
    assert not any(allowed(facilitator, group, MEMBER_PERMS + FACILITATOR_PERMS).values())


def test_a_member_of_another_group_sees_nothing_of_this_one(group, other_group):
    member = resident_in(other_group)
    session = services.schedule_session(group, start=timezone.now() + dt.timedelta(days=3))
    assert not any(allowed(member, group, MEMBER_PERMS).values())
    assert not member.has_perm("groups.view_group", session)


def test_a_resident_facilitator_schedules_sessions_but_never_adds_people(group):
    facilitator = resident_in(group, role=Membership.Role.FACILITATOR)
    assert all(allowed(facilitator, group, MEMBER_PERMS + FACILITATOR_PERMS).values())
    assert not any(allowed(facilitator, group, TEAM_ONLY_PERMS).values())


def test_what_belongs_to_a_group_is_judged_as_the_group(group, other_group):
    """A session, an action, a proposal and a document answer as their group does."""
    member = resident_in(group)
    session = services.schedule_session(group, start=timezone.now() + dt.timedelta(days=3))
    # Unsaved: the rules read only which group they belong to.
    action = Action(group=group, title="Demander une salle")
    proposal = Proposal(group=group, title="Un club le soir")
    document = ProposalDocument(proposal=proposal, title="Note")
    belonging = [session, action, proposal, document]
    assert all(member.has_perm("groups.view_group", obj) for obj in belonging)
    services.leave_group(member.person.memberships.get(), on=timezone.localdate())
    assert not any(member.has_perm("groups.view_group", obj) for obj in belonging)


def test_the_team_runs_every_group_without_belonging_to_it(group):
    for role in ("administrator", "professional", "volunteer"):
        user = make_user(role, username=f"{role}-team")
        assert all(allowed(user, group, MEMBER_PERMS + FACILITATOR_PERMS).values()), role


def test_an_account_without_a_record_or_no_account_belongs_nowhere(group):
    resident_in(group)
    no_record = make_user("resident", username="sans-fiche")
    for user in (no_record, AnonymousUser()):
        assert not any(allowed(user, group, MEMBER_PERMS + FACILITATOR_PERMS).values())
    # Nor does a question about no group at all open anything.
    assert not no_record.has_perm("groups.view_group", None)
