"""Who may do what with the association: read as a table, one line a permission.

The association is the residents' own: its volunteers (the treasurer, the secretary, the
board) keep its books and run its assemblies, from a phone. Administrators of the installation
may do the same. Professionals support them: they see everything (the books, the reports, the
documents, to advise at support meetings) and write nothing. A resident with an account sees
their own membership and card, no one else's.

| permission                          | administrator | volunteer | professional | resident     |
|-------------------------------------|---------------|-----------|--------------|--------------|
| view_association (pages, PDF, files) | yes          | yes       | yes          | no           |
| change_association (identity, documents, premises, categories) | yes | yes | no | no      |
| keep_books (entries, corrections, dues, sales, subsidies, bank checks) | yes | yes | no | no |
| close_year                          | yes           | yes       | no           | no           |
| run_assembly (assemblies, proxies, votes, mandates) | yes | yes | no          | no           |
| view_member (a member's page and card) | yes        | yes       | yes          | their own    |
| view_own_membership (« Mon adhésion ») | no         | no        | no           | yes          |
"""

from __future__ import annotations

import rules

from quartier.people.rules import is_administrator, is_resident, is_team, is_volunteer


@rules.predicate
def is_own_member(user, member) -> bool:
    person_id = getattr(user, "person_id", None)
    return bool(member is not None and person_id and member.person_id == person_id)


# The association's own people: its volunteers, and whoever administers the installation.
is_bookkeeper = is_administrator | is_volunteer

rules.add_perm("association.view_association", is_team)
rules.add_perm("association.change_association", is_bookkeeper)
rules.add_perm("association.keep_books", is_bookkeeper)
rules.add_perm("association.close_year", is_bookkeeper)
rules.add_perm("association.run_assembly", is_bookkeeper)
rules.add_perm("association.view_member", is_team | (is_resident & is_own_member))
rules.add_perm("association.view_own_membership", is_resident)
