"""Sliding-window rate limits shared by every server process.

The attempts under a key are kept in a database row that is locked while it is read and
written, so that twenty requests arriving at once through several workers are counted twenty
times (a cache's get-then-set would lose some: the limit would let more through). Keys are
hashed by `key_for`: the table never holds a user name or an address in clear.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence

from django.db import IntegrityError, transaction

from quartier.core.models import RateWindow

Limit = tuple[str, int, float]  # key, attempts allowed, window in seconds


def key_for(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.encode("utf-8", "replace")).hexdigest()[:40]
    return f"{kind}:{digest}"


def _wait(attempts: list[float], limit: int, window: float, now: float) -> float:
    recent = [t for t in attempts if t > now - window]
    if len(recent) < limit:
        return 0.0
    # Allowed again once enough attempts have left the window to fall under the limit.
    return recent[len(recent) - limit] + window - now


def _locked_rows(keys: list[str]) -> dict[str, RateWindow]:
    """The rows of `keys`, created if missing, locked until the transaction ends. Sorted, so
    two requests locking the same keys cannot wait on each other."""
    rows = {}
    for key in sorted(set(keys)):
        try:
            with transaction.atomic():
                rows[key] = RateWindow.objects.select_for_update().get_or_create(
                    key=key, defaults={"expires_at": 0.0}
                )[0]
        except IntegrityError:  # created by another request meanwhile: wait for its lock
            rows[key] = RateWindow.objects.select_for_update().get(key=key)
    return rows


def retry_after(limits: Sequence[Limit], *, now: float | None = None) -> float:
    """Seconds to wait before an attempt is allowed under every limit (0: allowed now)."""
    now = time.time() if now is None else now
    stored = dict(
        RateWindow.objects.filter(key__in=[key for key, _, _ in limits]).values_list(
            "key", "attempts"
        )
    )
    return max((_wait(stored.get(k, []), n, w, now) for k, n, w in limits), default=0.0)


def attempt(limits: Sequence[Limit], *, now: float | None = None) -> float:
    """Count an attempt under every limit, if all allow it, in one step no other request can
    interleave with. Returns 0 when it was counted, else the seconds to wait (nothing counted)."""
    now = time.time() if now is None else now
    if not limits:
        return 0.0
    with transaction.atomic():
        rows = _locked_rows([key for key, _, _ in limits])
        wait = max(_wait(rows[k].attempts, n, w, now) for k, n, w in limits)
        if wait > 0:
            return wait
        for key, _limit, window in limits:
            row = rows[key]
            row.attempts = [t for t in row.attempts if t > now - window] + [now]
            row.expires_at = max(row.expires_at, now + window)
            row.save(update_fields=["attempts", "expires_at"])
    RateWindow.objects.filter(expires_at__lt=now).delete()  # forgotten once out of every window
    return 0.0


def withdraw(key: str, at: float) -> None:
    """Take back the attempt counted at `at` (it turned out not to count, e.g. a success)."""
    with transaction.atomic():
        row = RateWindow.objects.select_for_update().filter(key=key).first()
        if row and at in row.attempts:
            row.attempts.remove(at)
            row.save(update_fields=["attempts"])


def forget(key: str) -> None:
    RateWindow.objects.filter(key=key).delete()
