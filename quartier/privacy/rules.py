"""Who may do what with personal data. Consent is recorded and withdrawn by the team
(`people.manage_consent`); the audit log, full exports and erasure are for administrators."""

from __future__ import annotations

import rules

from quartier.people.rules import is_administrator

rules.add_perm("privacy.view_auditevent", is_administrator)
rules.add_perm("privacy.export_person", is_administrator)
rules.add_perm("privacy.erase_person", is_administrator)
