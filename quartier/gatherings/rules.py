"""Who may do what with gatherings and attendance."""

from __future__ import annotations

import rules

from quartier.people.rules import is_resident, is_team

# Residents with an account see the agenda; the list of who came is for the team only.
rules.add_perm("gatherings.view_gathering", is_team | is_resident)
rules.add_perm("gatherings.add_gathering", is_team)
rules.add_perm("gatherings.change_gathering", is_team)
rules.add_perm("gatherings.view_attendance", is_team)
rules.add_perm("gatherings.record_attendance", is_team)
