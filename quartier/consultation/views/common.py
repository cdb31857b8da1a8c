"""What the consultation's views share."""

from __future__ import annotations

from django.db.models import Model, QuerySet
from django.http import HttpRequest

from quartier.core.permissions import access


def part_of(
    request: HttpRequest, source: type[Model] | QuerySet, perm: str, pk: int, part_pk, **lookup
) -> Model:
    """A contribution, theme, proposal or import draft (`part_pk`) of the consultation `pk`,
    fetched with its consultation in one query once `request.user` holds `perm` on it."""
    return access(
        request, source, perm, via="consultation", pk=part_pk, consultation_id=pk, **lookup
    )
