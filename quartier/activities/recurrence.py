"""Recurrence rules (RFC 5545 RRULE, read by python-dateutil): build them from a few plain
choices, check them, list their dates, and say them in French.

A rule is stored without its start ("FREQ=WEEKLY;BYDAY=TU"): the activity's first day is the
start, so "one Tuesday in two" keeps its rhythm from that day.
"""

from __future__ import annotations

import datetime as dt
import re

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.dates import MONTHS
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
WEEKDAY_NAMES = [
    gettext_lazy("lundi"),
    gettext_lazy("mardi"),
    gettext_lazy("mercredi"),
    gettext_lazy("jeudi"),
    gettext_lazy("vendredi"),
    gettext_lazy("samedi"),
    gettext_lazy("dimanche"),
]
ORDINALS = {
    1: gettext_lazy("premier"),
    2: gettext_lazy("deuxième"),
    3: gettext_lazy("troisième"),
    4: gettext_lazy("quatrième"),
    -1: gettext_lazy("dernier"),
}
# What a stored rule may say: dates, not times (an activity's hours are fields of their own),
# and no end (the activity's last day is one too).
ALLOWED_PARTS = {"FREQ", "INTERVAL", "BYDAY", "BYMONTH", "BYMONTHDAY", "BYSETPOS", "WKST"}
ALLOWED_FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
_BYDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", gettext_lazy("Chaque semaine")
    FORTNIGHTLY = "fortnightly", gettext_lazy("Une semaine sur deux")
    MONTHLY = "monthly", gettext_lazy("Une fois par mois")
    YEARLY = "yearly", gettext_lazy("Une fois par an")
    NONE = "none", gettext_lazy("Pas de répétition : les dates sont ajoutées une à une")
    CUSTOM = "custom", gettext_lazy("Autre règle (format RFC 5545)")


def build_rule(
    frequency: str, weekday: int = 0, nth: int = 1, month: int = 1, custom: str = ""
) -> str:
    """The rule for the plain choices of the activity form (weekday 0 = Monday)."""
    day = WEEKDAY_CODES[weekday]
    if frequency == Frequency.WEEKLY:
        return f"FREQ=WEEKLY;BYDAY={day}"
    if frequency == Frequency.FORTNIGHTLY:
        return f"FREQ=WEEKLY;INTERVAL=2;BYDAY={day}"
    if frequency == Frequency.MONTHLY:
        return f"FREQ=MONTHLY;BYDAY={nth}{day}"
    if frequency == Frequency.YEARLY:
        return f"FREQ=YEARLY;BYMONTH={month};BYDAY={nth}{day}"
    if frequency == Frequency.CUSTOM:
        return normalise(custom)
    return ""


def read_rule(rule: str) -> dict:
    """The plain choices a rule was built from (the inverse of `build_rule`), or 'custom'."""
    parts = _parts(rule) if rule else {}
    if not parts:
        return {"frequency": Frequency.NONE}
    for frequency in (Frequency.WEEKLY, Frequency.FORTNIGHTLY):
        for weekday in range(7):
            if rule == build_rule(frequency, weekday):
                return {"frequency": frequency, "weekday": weekday}
    match = _BYDAY.match(parts.get("BYDAY", ""))
    if match and match.group(1):
        nth, weekday = int(match.group(1)), WEEKDAY_CODES.index(match.group(2))
        month = int(parts.get("BYMONTH", "1")) if parts.get("BYMONTH", "1").isdigit() else 1
        for frequency in (Frequency.MONTHLY, Frequency.YEARLY):
            if nth in ORDINALS and rule == build_rule(frequency, weekday, nth, month):
                return {"frequency": frequency, "weekday": weekday, "nth": nth, "month": month}
    return {"frequency": Frequency.CUSTOM, "custom": rule}


def _parts(rule: str) -> dict[str, str]:
    parts = {}
    for chunk in rule.split(";"):
        key, sep, value = chunk.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ValidationError(_("Chaque partie de la règle s'écrit NOM=VALEUR."))
        parts[key.strip().upper()] = value.strip().upper()
    return parts


def normalise(text: str) -> str:
    """A rule typed by someone, checked and written the one way it is stored. Raises a
    ValidationError with a French message for anything dateutil would not read, or would read
    as more than dates."""
    text = text.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    if not text:
        raise ValidationError(_("Écrivez la règle, par exemple FREQ=WEEKLY;BYDAY=TU."))
    parts = _parts(text)
    unknown = sorted(set(parts) - ALLOWED_PARTS)
    if unknown:
        raise ValidationError(
            _(
                "La règle ne peut pas contenir : %(parts)s. Les heures et la dernière date se "
                "règlent dans les autres champs."
            )
            % {"parts": ", ".join(unknown)}
        )
    if parts.get("FREQ") not in ALLOWED_FREQUENCIES:
        raise ValidationError(
            _(
                "FREQ doit valoir DAILY, WEEKLY, MONTHLY ou YEARLY (chaque jour, semaine, mois "
                "ou année)."
            )
        )
    rule = ";".join(f"{key}={parts[key]}" for key in _ordered(parts))
    try:
        _rrule(rule, dt.date(2000, 1, 1), dt.date(2000, 1, 2))
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as error:
        raise ValidationError(_("Cette règle ne se lit pas : vérifiez-la.")) from error
    return rule


def _ordered(parts: dict[str, str]) -> list[str]:
    order = ["FREQ", "INTERVAL", "BYMONTH", "BYMONTHDAY", "BYDAY", "BYSETPOS", "WKST"]
    return [key for key in order if key in parts]


def _rrule(rule: str, first_day: dt.date, until: dt.date):
    # The end bounds every walk through the rule: a rule that never matches stops there.
    start = dt.datetime.combine(first_day, dt.time())
    end = dt.datetime.combine(until, dt.time(23, 59))
    return rrulestr(f"RRULE:{rule}", dtstart=start).replace(until=end)


def dates_between(rule: str, *, first_day: dt.date, start: dt.date, end: dt.date) -> list[dt.date]:
    """The days of `rule`, counted from `first_day`, that fall between `start` and `end`."""
    if not rule or end < start or end < first_day:
        return []
    walk = _rrule(rule, first_day, end)
    after = dt.datetime.combine(max(start, first_day), dt.time())
    return [moment.date() for moment in walk.xafter(after, inc=True)]


def describe(rule: str) -> str:
    """The rule in plain French: « chaque mardi », « le premier samedi du mois »."""
    if not rule:
        return _("aux dates ajoutées une à une")
    try:
        parts = _parts(rule)
        return _describe(parts)
    except (ValidationError, ValueError, KeyError, IndexError):
        return _("selon la règle %(rule)s") % {"rule": rule}


def _describe(parts: dict[str, str]) -> str:
    frequency = parts["FREQ"]
    interval = int(parts.get("INTERVAL", "1"))
    days = [_BYDAY.match(code) for code in parts.get("BYDAY", "").split(",") if code]
    if any(match is None for match in days):
        raise ValueError(parts.get("BYDAY"))
    months = [MONTHS[int(m)] for m in parts.get("BYMONTH", "").split(",") if m]
    if set(parts) - {"FREQ", "INTERVAL", "BYDAY", "BYMONTH", "BYMONTHDAY"}:
        raise ValueError(parts)
    day_names = _join([_day(match) for match in days])
    if frequency == "DAILY" and not days:
        text = ngettext("chaque jour", "tous les %(n)d jours", interval) % {"n": interval}
    elif frequency == "WEEKLY" and days and not any(m.group(1) for m in days):
        if interval == 1:
            text = _("chaque %(days)s") % {"days": day_names}
        elif interval == 2:
            text = _("un %(days)s sur deux") % {"days": day_names}
        else:
            text = ngettext(
                "un %(days)s toutes les semaines",
                "un %(days)s toutes les %(n)d semaines",
                interval,
            ) % {"days": day_names, "n": interval}
    elif frequency == "MONTHLY" and (days or "BYMONTHDAY" in parts):
        what = day_names if days else _("le %(day)s") % {"day": parts["BYMONTHDAY"]}
        text = _("%(what)s du mois") % {"what": what}
        if interval > 1:
            text += " " + ngettext("tous les mois", "tous les %(n)d mois", interval) % {
                "n": interval
            }
    elif frequency == "YEARLY" and months and (days or "BYMONTHDAY" in parts):
        what = day_names if days else _("le %(day)s") % {"day": parts["BYMONTHDAY"]}
        return _("chaque année, %(what)s %(months)s") % {
            "what": what,
            "months": _of_months(months),
        }
    else:
        raise ValueError(parts)
    if months:
        text += " " + _("(en %(months)s)") % {"months": _join([str(m) for m in months])}
    return text


def _day(match: re.Match) -> str:
    name = str(WEEKDAY_NAMES[WEEKDAY_CODES.index(match.group(2))])
    if not match.group(1):
        return name
    nth = int(match.group(1))
    if nth not in ORDINALS:
        raise ValueError(nth)
    return str(format_lazy("{} {} {}", _("le"), ORDINALS[nth], name))


def _of_months(months: list) -> str:
    names = [str(m) for m in months]
    joined = _join(names)
    # « d'avril », « d'août », « d'octobre », « de mai »
    return ("d'" if joined[:1] in "aeiouyàâéèêîïôûAEIOU" else "de ") + joined


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " " + _("et") + " " + items[-1]
