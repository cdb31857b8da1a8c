"""Who may do what with gatherings and attendance."""

from __future__ import annotations

import rules

from quartier.gatherings.models import Attendance
from quartier.people.rules import is_resident, is_team


@rules.predicate
def is_gathering_facilitator(user, gathering) -> bool:
    """Whoever leads this gathering (an attendance as facilitator) keeps its sign-in list."""
    person_id = getattr(user, "person_id", None)
    if gathering is None or person_id is None:
        return False
    return gathering.attendances.filter(
        person_id=person_id, role=Attendance.Role.FACILITATOR
    ).exists()


# Residents with an account see the agenda; the list of who came is for the team only.
rules.add_perm("gatherings.view_gathering", is_team | is_resident)
rules.add_perm("gatherings.add_gathering", is_team)
rules.add_perm("gatherings.change_gathering", is_team)
# A gathering entered by mistake; the page says what goes with it before anyone confirms.
rules.add_perm("gatherings.delete_gathering", is_team)
rules.add_perm("gatherings.view_attendance", is_team | is_gathering_facilitator)
rules.add_perm("gatherings.record_attendance", is_team | is_gathering_facilitator)
