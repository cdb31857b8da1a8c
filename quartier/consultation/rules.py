"""Who may do what with consultations: read as a table, one line a permission.

Residents answer through the public form (no account); everything else is for the team,
except the restitution, which residents with an account read once the team publishes it.
"""

from __future__ import annotations

import rules

from quartier.people.rules import is_resident, is_team


@rules.predicate
def restitution_is_published(user, consultation) -> bool:
    return bool(consultation is not None and consultation.restitution_published)


rules.add_perm("consultation.list_consultation", is_team)
rules.add_perm("consultation.view_consultation", is_team)
rules.add_perm("consultation.add_consultation", is_team)
rules.add_perm("consultation.change_consultation", is_team)
rules.add_perm("consultation.view_contribution", is_team)
rules.add_perm("consultation.add_contribution", is_team)
rules.add_perm("consultation.change_contribution", is_team)
rules.add_perm("consultation.change_contribution_author", is_team)
rules.add_perm("consultation.delete_contribution", is_team)
rules.add_perm("consultation.moderate_contribution", is_team)
rules.add_perm("consultation.import_contributions", is_team)
rules.add_perm("consultation.export_contributions", is_team)
# For the theme step (grouping runs, curation, restitution).
rules.add_perm("consultation.run_grouping", is_team)
rules.add_perm("consultation.curate_themes", is_team)
rules.add_perm("consultation.view_restitution", is_team | (is_resident & restitution_is_published))
rules.add_perm("consultation.publish_restitution", is_team)
# Residents with an account find the consultations they can answer and published restitutions.
rules.add_perm("consultation.list_for_residents", is_team | is_resident)
rules.add_perm("consultation.resident_menu", is_resident)
