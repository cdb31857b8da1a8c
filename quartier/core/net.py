"""The visitor's network address, for rate limits (log-in throttling, the public form).

Behind a reverse proxy every request comes from the proxy: set LOGIN_THROTTLE_IP_HEADER to the
header the proxy sets to the visitor's address (e.g. "HTTP_X_REAL_IP", or "HTTP_X_FORWARDED_FOR"
when the one proxy appends to it: the last address is taken), otherwise a whole town shares one
counter. Without a proxy leave it empty: a header can be forged.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    header = getattr(settings, "LOGIN_THROTTLE_IP_HEADER", "")
    if header and request.META.get(header):
        # A proxy that appends to X-Forwarded-For keeps what the client sent in front (forgeable);
        # the last address is the one the proxy itself saw.
        return request.META[header].split(",")[-1].strip()[:100]
    return request.META.get("REMOTE_ADDR", "")
