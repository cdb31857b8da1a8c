"""The audit hook every app calls when someone reads or changes sensitive personal data.

Apps sit below `privacy` on the spine and may not import it, so they call
`quartier.core.audit.audit(...)`, which sends a signal: a lower app announcing that something
happened. The privacy app listens (`PrivacyConfig.ready`) and writes an `AuditEvent`.
Never put a resident's name or a sensitive value in `detail`: field names, counts and ids only.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent with user, action, target and detail; quartier.privacy.services.audit_from_signal
# records it.
audit_requested = Signal()


def audit(user, action: str, target=None, **detail) -> None:
    """Record that `user` (None for the system) did `action` (view, change, export, erase,
    anonymise, consent_given, consent_withdrawn, login_failed…) on `target` (a model instance)."""
    audit_requested.send(sender=None, user=user, action=action, target=target, detail=detail)
