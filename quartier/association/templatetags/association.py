"""Template filters of the association: money in euros, cells of printed tables."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template

from quartier.association.money import euros as format_euros

register = template.Library()


@register.filter
def euros(cents) -> str:
    """Cents as « 1 234,50 € »."""
    if cents in (None, ""):
        return ""
    return format_euros(int(cents))


@register.filter
def signed_euros(cents) -> str:
    if cents in (None, ""):
        return ""
    return format_euros(int(cents), sign=True)


@register.filter
def cell(value) -> str:
    """A value of an exported table, as printed: decimals with a comma, dates the French way."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:,.2f}".replace(",", "\u202f").replace(".", ",")
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


@register.filter
def is_number(value) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


@register.filter
def percent(value) -> str:
    if value is None:
        return "—"
    return f"{value}".replace(".", ",") + "\u00a0%"
