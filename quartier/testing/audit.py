"""Catch what an app asks the audit log to record, without reading privacy's table: apps below
privacy on the spine check their own audit requests this way."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from quartier.core.audit import audit_requested


@contextmanager
def audit_requests() -> Iterator[list[dict]]:
    """A list that fills with (user, action, target, detail) dicts while the block runs."""
    caught: list[dict] = []

    def receiver(sender, *, user, action, target, detail, **kwargs) -> None:
        caught.append({"user": user, "action": action, "target": target, "detail": detail})

    audit_requested.connect(receiver, dispatch_uid="quartier.testing.audit_requests")
    try:
        yield caught
    finally:
        audit_requested.disconnect(dispatch_uid="quartier.testing.audit_requests")
