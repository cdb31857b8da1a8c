"""Who may see the evaluation: read as a table, one line a permission.

The figures, the network (with names), the follow-up list and each person's path are the
team's working tools: professionals, administrators and the association's volunteers. A
resident with an account, and anyone not logged in, sees none of it.
"""

from __future__ import annotations

import rules

from quartier.people.rules import is_administrator, is_professional, is_team

rules.add_perm("evaluation.view_indicators", is_team)
rules.add_perm("evaluation.view_network", is_team)
rules.add_perm("evaluation.view_follow_up", is_team)
rules.add_perm("evaluation.add_follow_up_note", is_team)
rules.add_perm("evaluation.view_path", is_team)
rules.add_perm("evaluation.change_path", is_team)
rules.add_perm("evaluation.view_reports", is_team)
# The open data leaves the team's hands: those who answer for the data decide to publish.
rules.add_perm("evaluation.export_open_data", is_administrator | is_professional)
