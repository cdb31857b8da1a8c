"""What every consultation view needs: the consultation a URL names, and two safe readings
of what a form or link sends."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from quartier.consultation.models import Consultation


def pk_or_none(raw) -> int | None:
    """A primary key typed in a form, or None: "²" passes str.isdigit() but not int()."""
    raw = str(raw or "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 19 else None


def consultation_for(request: HttpRequest, pk: int, **kwargs) -> Consultation:
    return get_object_or_404(Consultation.objects.select_related("territory"), pk=pk)


def safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
