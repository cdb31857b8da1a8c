"""iCalendar (RFC 5545) feeds of gatherings, for phones and shared agendas."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from quartier.gatherings.models import Gathering

DEFAULT_DURATION = dt.timedelta(hours=2)


def feed_for(gatherings: Iterable[Gathering], *, name: str, base_url: str) -> bytes:
    """An iCal feed: title, kind, time and place only — never notes or attendees. A cancelled
    gathering stays in the feed as cancelled (STATUS:CANCELLED), with its reason, so phones
    that already show it cross it out."""
    cal = Calendar()
    cal.add("prodid", "-//quartier//gatherings//FR")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    host = base_url.split("//", 1)[-1].strip("/").split("/")[0] or "quartier"
    for gathering in gatherings:
        event = Event()
        event.add("uid", f"gathering-{gathering.pk}@{host}")
        if gathering.is_cancelled:
            event.add("summary", _("Annulé : %(title)s") % {"title": gathering.title})
            event.add("status", "CANCELLED")
            # A higher sequence tells calendar apps this version replaces the one they hold.
            event.add("sequence", 1)
            if gathering.cancellation_reason:
                event.add("description", gathering.cancellation_reason)
        else:
            event.add("summary", gathering.title)
            event.add("status", "CONFIRMED")
        event.add("dtstart", gathering.start)
        event.add("dtend", gathering.end or gathering.start + DEFAULT_DURATION)
        event.add("dtstamp", gathering.cancelled_at or gathering.created_at)
        event.add("categories", [str(gathering.get_kind_display())])
        if gathering.place:
            event.add("location", gathering.place)
        cal.add_component(event)
    return cal.to_ical()
