"""Who may do what with activities: read as a table, one line a permission.

The team (professionals, then the association's volunteers) runs the activities. A resident with
an account sees them, their dates and who ran them (resident or professional), never who came.
Whoever facilitates a session (an attendance as facilitator) keeps its attendance and may cancel
it, as on any gathering; the session permissions take the session's Gathering.
"""

from __future__ import annotations

import rules

from quartier.gatherings.rules import is_gathering_facilitator
from quartier.people.rules import is_resident, is_team

rules.add_perm("activities.list_activity", is_team | is_resident)
rules.add_perm("activities.view_activity", is_team | is_resident)
rules.add_perm("activities.add_activity", is_team)
rules.add_perm("activities.change_activity", is_team)
rules.add_perm("activities.view_session", is_team | is_resident)
rules.add_perm("activities.cancel_session", is_team | is_gathering_facilitator)
