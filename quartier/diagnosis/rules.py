"""Who may do what with the territory diagnosis: read as a table, one line a permission.

The figures are aggregated statistics and facts about places, never about a person: the whole
team and residents with an account may read them. Importing files and recording local facts
is for administrators and professionals, who answer for the sources.
"""

from __future__ import annotations

import rules

from quartier.people.rules import is_administrator, is_professional, is_resident, is_team

can_manage = is_administrator | is_professional

rules.add_perm("diagnosis.view_diagnosis", is_team | is_resident)
rules.add_perm("diagnosis.team_menu", is_team)
rules.add_perm("diagnosis.resident_menu", is_resident)
rules.add_perm("diagnosis.import_dataset", can_manage)
rules.add_perm("diagnosis.delete_dataset", can_manage)
rules.add_perm("diagnosis.add_localfact", can_manage)
