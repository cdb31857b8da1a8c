"""Who may export, erase or audit personal data: administrators only, whoever the record is
about. A resident's own record does not open its full export or its erasure: an administrator
does it for them."""

import pytest

from quartier.testing.factories import make_user

pytestmark = pytest.mark.django_db

ADMIN_PERMS = ["privacy.export_person", "privacy.erase_person", "privacy.view_auditevent"]


def test_only_administrators_export_erase_or_read_the_audit_log(aicha):
    admin = make_user("administrator", username="admin")
    assert all(admin.has_perm(perm, aicha) for perm in ADMIN_PERMS)
    for role in ("professional", "volunteer", "resident"):
        user = make_user(role, username=f"{role}-x")
        assert not any(user.has_perm(perm, aicha) for perm in ADMIN_PERMS), role


def test_a_resident_does_not_export_or_erase_their_own_record(aicha):
    own = make_user("resident", username="aicha", person=aicha)
    assert own.has_perm("people.view_person", aicha)  # they read it...
    assert not own.has_perm("privacy.export_person", aicha)  # ...the team exports it for them
    assert not own.has_perm("privacy.erase_person", aicha)
