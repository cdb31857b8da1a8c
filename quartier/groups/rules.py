"""Who may do what with working groups: read as a table, one line a permission.

The team runs the groups. A resident with an account who is a current member of a group sees
its pages and, because residents own their minutes, may approve them at a session. A resident
who facilitates a group (membership role facilitator, which coming to a session as facilitator
gives) also schedules its sessions and writes its minutes, decisions and actions; adding people
stays with the team, since it means browsing everyone's names.
"""

from __future__ import annotations

import rules

from quartier.groups.models import Membership
from quartier.people.rules import is_resident, is_team


@rules.predicate
def is_group_member(user, obj) -> bool:
    """`obj` is a group, or anything with a `.group` (session, action, proposal, document)."""
    group = getattr(obj, "group", None)
    if group is None or not user.is_authenticated or not user.person_id:
        return False
    return group.memberships.filter(person_id=user.person_id, left_on__isnull=True).exists()


@rules.predicate
def is_group_facilitator(user, obj) -> bool:
    group = getattr(obj, "group", None)
    if group is None or not user.is_authenticated or not user.person_id:
        return False
    return group.memberships.filter(
        person_id=user.person_id, left_on__isnull=True, role=Membership.Role.FACILITATOR
    ).exists()


rules.add_perm("groups.list_group", is_team | is_resident)
rules.add_perm("groups.view_group", is_team | is_group_member)
rules.add_perm("groups.add_group", is_team)
rules.add_perm("groups.change_group", is_team)
rules.add_perm("groups.manage_members", is_team)
rules.add_perm("groups.add_session", is_team | is_group_facilitator)
rules.add_perm("groups.change_session", is_team | is_group_facilitator)
rules.add_perm("groups.approve_minutes", is_team | (is_resident & is_group_member))
rules.add_perm("groups.manage_actions", is_team | is_group_facilitator)
rules.add_perm("groups.view_due", is_team)
rules.add_perm("groups.manage_proposals", is_team)
rules.add_perm("groups.send_invitations", is_team)
