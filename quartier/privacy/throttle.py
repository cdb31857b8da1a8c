"""Log-in throttling: after too many failed log-ins for one user name or from one address within
LOGIN_THROTTLE_WINDOW seconds, further attempts are refused until the oldest failure ages out.

Counters live in Django's cache (a file cache in production, shared by the workers). Keys are
hashes, so the cache never holds user names or addresses in clear.
"""

from __future__ import annotations

import hashlib
import re
import time

from django.conf import settings
from django.core.cache import cache

from quartier.core.text import fold


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.encode("utf-8", "replace")).hexdigest()[:32]
    return f"quartier:login-failures:{kind}:{digest}"


def _keys(username: str, ip: str) -> list[tuple[str, int]]:
    keys = []
    if username:
        keys.append((_key("user", fold(username)), settings.LOGIN_THROTTLE_USERNAME_ATTEMPTS))
    if ip:
        keys.append((_key("ip", ip), settings.LOGIN_THROTTLE_IP_ATTEMPTS))
    return keys


def _recent(key: str, now: float) -> list[float]:
    window = settings.LOGIN_THROTTLE_WINDOW
    return sorted(t for t in cache.get(key, []) if t > now - window)


def retry_after(username: str, ip: str, *, now: float | None = None) -> int:
    """Seconds to wait before another attempt is allowed; 0 when allowed now."""
    now = time.time() if now is None else now
    wait = 0.0
    for key, limit in _keys(username, ip):
        failures = _recent(key, now)
        if len(failures) >= limit:
            # Allowed again once enough failures have left the window to fall under the limit.
            until = failures[len(failures) - limit] + settings.LOGIN_THROTTLE_WINDOW
            wait = max(wait, until - now)
    return int(wait) + 1 if wait > 0 else 0


# What Django accepts as a user name (UnicodeUsernameValidator, 150 characters at most).
PLAUSIBLE_USERNAME = re.compile(r"[\w.@+-]{1,150}")


def record_failure(username: str, ip: str, *, now: float | None = None) -> None:
    """Count a failed log-in against the user name and, if it could be one, the address.

    Text that cannot be a user name (markup, spaces, quotes, 100,000 characters: someone pasting
    into the wrong box, or a scanner) is no password guess: counting it against the address
    would lock out a whole social centre sharing that address.
    """
    now = time.time() if now is None else now
    address = ip if PLAUSIBLE_USERNAME.fullmatch(username or "") else ""
    for key, _limit in _keys(username, address):
        cache.set(key, [*_recent(key, now), now], timeout=settings.LOGIN_THROTTLE_WINDOW)


def reset(username: str) -> None:
    """A successful log-in clears that user name's failures (not the address's)."""
    if username:
        cache.delete(_key("user", fold(username)))
