"""Reading what a form or a link sends, safely: a typed number, a `next` address."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def pk_or_none(raw) -> int | None:
    """A primary key typed in a form or a query string, or None: "²" passes str.isdigit() but
    not int(), and a 30-digit number overflows the database's integer."""
    raw = str(raw or "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 19 else None


def safe_next(request: HttpRequest, default: str) -> str:
    """The `next` address the form or link asks to return to, if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
