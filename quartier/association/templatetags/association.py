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
def is_compact(value) -> bool:
    """Numbers and dates: printed on one line, never broken."""
    return is_number(value) or isinstance(value, dt.date)


@register.filter
def percent(value) -> str:
    if value is None:
        return "—"
    return f"{value}".replace(".", ",") + "\u00a0%"


@register.filter
def date_long(value) -> str:
    """« 1er janvier 2005 », « 12 mars 2005 »: the French way, the first of the month with
    « er »."""
    if not value:
        return ""
    from django.utils.formats import date_format

    if isinstance(value, dt.datetime):
        from django.utils import timezone

        value = timezone.localtime(value) if timezone.is_aware(value) else value
    text = date_format(value, "j F Y")
    return "1er" + text[1:] if value.day == 1 else text


@register.filter
def nonzero(lines):
    """The lines of a block worth printing: those with an amount in either year."""
    return [line for line in lines if line.current or line.previous]
