"""Log-in throttling: after too many failed log-ins for one user name or from one address within
LOGIN_THROTTLE_WINDOW seconds, further attempts are refused until the oldest failure ages out.

Each attempt is counted when it starts, in one locked step with the check (quartier.core.
ratelimit), and taken back if it succeeds: twenty guesses sent at once through several server
processes are twenty guesses. Keys are hashes: no user name or address is stored in clear.
"""

from __future__ import annotations

import re

from django.conf import settings

from quartier.core import ratelimit
from quartier.core.text import fold

# What Django accepts as a user name (UnicodeUsernameValidator, 150 characters at most).
PLAUSIBLE_USERNAME = re.compile(r"[\w.@+-]{1,150}")


def _user_key(username: str) -> str:
    return ratelimit.key_for("login-user", fold(username))


def _limits(username: str, ip: str) -> list[ratelimit.Limit]:
    """The user name's limit and, if the text could be a user name, the address's.

    Text that cannot be a user name (markup, spaces, quotes, 100,000 characters: someone pasting
    into the wrong box, or a scanner) is no password guess: counting it against the address
    would lock out a whole social centre sharing that address.
    """
    window = settings.LOGIN_THROTTLE_WINDOW
    limits = []
    if username:
        limits.append((_user_key(username), settings.LOGIN_THROTTLE_USERNAME_ATTEMPTS, window))
    if ip and PLAUSIBLE_USERNAME.fullmatch(username or ""):
        limits.append(
            (ratelimit.key_for("login-ip", ip), settings.LOGIN_THROTTLE_IP_ATTEMPTS, window)
        )
    return limits


def _seconds(wait: float) -> int:
    return int(wait) + 1 if wait > 0 else 0


def retry_after(username: str, ip: str, *, now: float | None = None) -> int:
    """Seconds to wait before another attempt is allowed; 0 when allowed now."""
    return _seconds(ratelimit.retry_after(_limits(username, ip), now=now))


def start_attempt(username: str, ip: str, *, now: float) -> int:
    """Count a log-in attempt as failed until it succeeds. Returns the seconds to wait when it
    is refused (then nothing is counted), else 0."""
    return _seconds(ratelimit.attempt(_limits(username, ip), now=now))


def withdraw_attempt(username: str, ip: str, *, now: float) -> None:
    """The attempt started at `now` was no password guess (a success, an empty field)."""
    for key, _limit, _window in _limits(username, ip):
        ratelimit.withdraw(key, now)


def succeeded(username: str, ip: str, *, now: float) -> None:
    """A successful log-in clears that user name's failures (not the address's)."""
    withdraw_attempt(username, ip, now=now)
    if username:
        ratelimit.forget(_user_key(username))
