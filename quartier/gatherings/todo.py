"""The home page's to-do list: what waits for someone, each one click away.

Gatherings sits low on the spine and may not import the apps above it, so each app declares
on its AppConfig the functions that say what waits in it for a user:

    class ConsultationConfig(AppConfig):
        home_todo = ["quartier.consultation.todo.items_for"]

Each function takes the signed-in user and returns `TodoItem`s (none when there is nothing,
or nothing this user may do). `quartier.core.hooks.declared("home_todo")` finds them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from quartier.core.hooks import declared
from quartier.gatherings.models import Attendance, Gathering

# Past gatherings whose attendance is still to note are looked for this far back.
ATTENDANCE_TO_NOTE_DAYS = 14


@dataclass(frozen=True)
class TodoItem:
    section: str  # the heading items are grouped under: « Contributions à modérer »
    label: str  # what to do, in plain words: the link's text
    url: str
    detail: str = ""  # when, how many, for which group
    urgent: bool = False  # late: shown first in its section, marked


@dataclass
class TodoSection:
    title: str
    items: list[TodoItem]


TodoSource = Callable[[object], list[TodoItem]]


def todo_sources() -> list[TodoSource]:
    """This app's own, then every installed app's `home_todo` functions, in app order."""
    return [import_string(path) for path in declared("home_todo")]


def todo_for(user) -> list[TodoSection]:
    """Every app's items for `user`, grouped by section in the order they first come,
    urgent ones first within a section."""
    sections: dict[str, list[TodoItem]] = {}
    for source in todo_sources():
        for item in source(user):
            sections.setdefault(item.section, []).append(item)
    return [
        TodoSection(title, sorted(items, key=lambda item: not item.urgent))
        for title, items in sections.items()
    ]


def items_for(user) -> list[TodoItem]:
    """Gatherings of the last two weeks where nobody is noted yet: attendance to enter."""
    if not user.has_perm("gatherings.record_attendance"):
        return []
    now = timezone.now()
    empty = (
        Gathering.objects.filter(
            start__lt=now, start__gte=now - dt.timedelta(days=ATTENDANCE_TO_NOTE_DAYS)
        )
        .exclude(Exists(Attendance.objects.filter(gathering=OuterRef("pk"))))
        .order_by("-start")[:5]
    )
    return [
        TodoItem(
            section=_("Présences à noter"),
            label=gathering.title,
            url=reverse("gatherings:detail", args=[gathering.pk]),
            detail=_("%(date)s : aucune présence notée") % {"date": day(gathering.start)},
        )
        for gathering in empty
    ]


def day(value: dt.date | dt.datetime) -> str:
    """'mardi 3 mars' ('mardi 3 mars 2025' in another year), the way a to-do item says when
    (in local time for a moment)."""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
    same_year = value.year == timezone.localdate().year
    return date_format(value, "l j F" if same_year else "l j F Y")


@dataclass
class RecentSeries:
    """Gatherings of one title noted lately (a group's weekly sessions), shown once."""

    last: Gathering  # the latest of them, with its `headcount`
    count: int  # how many of them among the recent ones


def recent_attendance(limit: int = 5, window: int = 30) -> list[RecentSeries]:
    """Where attendance was noted lately, latest first: each gathering once, and the sessions
    of a series (same title, kind and territory) together, so the list does not repeat one
    title."""
    gatherings = (
        Gathering.objects.annotate(
            last_noted=Max("attendances__recorded_at"), headcount=Count("attendances")
        )
        .filter(last_noted__isnull=False)
        .order_by("-last_noted", "-start")[:window]
    )
    series: dict[tuple, RecentSeries] = {}
    for gathering in gatherings:
        key = (gathering.title, gathering.kind, gathering.territory_id)
        if key in series:
            series[key].count += 1
            if gathering.start > series[key].last.start:
                series[key].last = gathering
        elif len(series) < limit:
            series[key] = RecentSeries(gathering, 1)
    return list(series.values())
