"""Who may do what with people: read as a table, one line a permission.

Roles: administrator, professional (of a partner organisation), association volunteer, resident.
Residents with an account see only their own record.
"""

from __future__ import annotations

import rules

from quartier.people.models import User


@rules.predicate
def is_administrator(user) -> bool:
    return bool(
        user.is_authenticated and (user.is_superuser or user.role == User.Role.ADMINISTRATOR)
    )


@rules.predicate
def is_professional(user) -> bool:
    return bool(user.is_authenticated and user.role == User.Role.PROFESSIONAL)


@rules.predicate
def is_volunteer(user) -> bool:
    return bool(user.is_authenticated and user.role == User.Role.VOLUNTEER)


@rules.predicate
def is_resident(user) -> bool:
    return bool(user.is_authenticated and user.role == User.Role.RESIDENT)


@rules.predicate
def is_self(user, person) -> bool:
    return bool(person is not None and user.is_authenticated and user.person_id == person.pk)


# The people who run the process: social workers, then the association's volunteers.
is_team = is_administrator | is_professional | is_volunteer

rules.add_perm("people.list_person", is_team)
rules.add_perm("people.view_person", is_team | is_self)
rules.add_perm("people.add_person", is_team)
rules.add_perm("people.change_person", is_team)
rules.add_perm("people.view_contact", is_team)
rules.add_perm("people.manage_consent", is_team)
# Merging two records or deleting one reaches every app's data: professionals and
# administrators, who answer for the list of people.
rules.add_perm("people.merge_person", is_administrator | is_professional)
rules.add_perm("people.delete_person", is_administrator | is_professional)
