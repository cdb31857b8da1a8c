"""The audit hook every app calls when someone reads or changes sensitive personal data.

Apps sit above `privacy` on the dependency spine and may not import it, so they call
`quartier.core.audit.audit(...)`; the privacy app listens and writes an `AuditEvent`.
Never put a resident's name or a sensitive value in `detail`: field names, counts and ids only.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent with user, action, target and detail; quartier.privacy.signals records it.
audit_requested = Signal()


def audit(user, action: str, target=None, **detail) -> None:
    """Record that `user` (None for the system) did `action` (view, change, export, erase,
    anonymise, consent_given, consent_withdrawn, login_failed…) on `target` (a model instance)."""
    audit_requested.send(sender=None, user=user, action=action, target=target, detail=detail)
