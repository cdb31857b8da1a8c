"""Sessions that plan themselves: an activity's rule becomes gatherings some weeks ahead,
skipping public holidays (and school holidays when asked); a session can be cancelled with a
reason, and reinstated."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.activities import days_off, recurrence
from quartier.activities.models import Activity, ActivitySession
from quartier.gatherings.models import Gathering

# Nine weeks: from the first of a month, the whole of the next month is planned (its programme
# can be printed).
PLAN_WEEKS = 9


@dataclass(frozen=True)
class PlannedDay:
    day: dt.date
    skipped_because: str = ""  # the holiday's name; empty when the activity meets that day


@dataclass
class PlanOutcome:
    created: list[Gathering] = field(default_factory=list)
    updated: int = 0
    removed: int = 0
    skipped: list[PlannedDay] = field(default_factory=list)


def planned_days(activity: Activity, start: dt.date, end: dt.date) -> list[PlannedDay]:
    """Every day of the rule between `start` and `end` (within the activity's own first and
    last days), each marked with the holiday that cancels it, if any."""
    start = max(start, activity.starts_on)
    if activity.ends_on:
        end = min(end, activity.ends_on)
    days = recurrence.dates_between(
        activity.rule, first_day=activity.starts_on, start=start, end=end
    )
    if not days:
        return []
    off = days_off.public_holidays(activity.territory, range(start.year, end.year + 1))
    if activity.skip_school_holidays:
        school = days_off.school_holidays(activity.territory, start, end)
        for day, name in school.items():
            off.setdefault(day, _("vacances scolaires (%(name)s)") % {"name": name})
    return [PlannedDay(day, off.get(day, "")) for day in days]


def session_times(activity: Activity, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """When the activity starts and ends on `day`, in the local time of that day."""
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(dt.datetime.combine(day, activity.start_time), zone)
    end = timezone.make_aware(dt.datetime.combine(day, activity.end_time), zone)
    return start, end


def _gathering_for(activity: Activity, day: dt.date, created_by=None) -> Gathering:
    start, end = session_times(activity, day)
    return Gathering(
        kind=activity.kind,
        title=activity.name,
        start=start,
        end=end,
        place=activity.place,
        territory=activity.territory,
        created_by=created_by,
    )


def create_sessions(
    activity: Activity, days: Iterable[dt.date], *, created_by=None
) -> list[Gathering]:
    """Gatherings for the rule's `days` and their link to the activity, in two bulk inserts."""
    days = list(days)
    with transaction.atomic():
        gatherings = Gathering.objects.bulk_create(
            [_gathering_for(activity, day, created_by) for day in days]
        )
        ActivitySession.objects.bulk_create(
            [
                ActivitySession(gathering=gathering, activity=activity, planned_for=day)
                for gathering, day in zip(gatherings, days, strict=True)
            ]
        )
    return gatherings


def plan_sessions(
    activity: Activity,
    *,
    today: dt.date | None = None,
    weeks: int = PLAN_WEEKS,
    created_by=None,
) -> PlanOutcome:
    """Make the activity's next `weeks` weeks of sessions exist, and only those the rule says.

    Idempotent: a day already planned (even moved or cancelled since) is never planned again.
    Future sessions the rule made and nobody touched (no attendance, not cancelled) follow a
    changed rule: moved to the new times and place, or removed when the day no longer fits.
    """
    today = today or timezone.localdate()
    end = today + dt.timedelta(weeks=weeks)
    outcome = PlanOutcome()
    with transaction.atomic():
        # One planner at a time per activity: two clicks must not plan a day twice.
        activity = (
            Activity.objects.select_for_update().select_related("territory").get(pk=activity.pk)
        )
        days = planned_days(activity, today, end)
        meets = {p.day for p in days if not p.skipped_because}
        outcome.skipped = [p for p in days if p.skipped_because]
        untouched = list(
            ActivitySession.objects.filter(
                activity=activity,
                planned_for__gte=today,
                gathering__cancelled_at__isnull=True,
                gathering__guest_count=0,
                gathering__attendances__isnull=True,
            ).select_related("gathering")
        )
        stale = [s.pk for s in untouched if s.planned_for not in meets]
        outcome.removed = len(stale)
        Gathering.objects.filter(pk__in=stale).delete()
        for session in untouched:
            if session.planned_for in meets:
                outcome.updated += _follow_activity(session, activity)
        known = set(
            activity.sessions.filter(planned_for__in=meets).values_list("planned_for", flat=True)
        )
        outcome.created = create_sessions(activity, sorted(meets - known), created_by=created_by)
    return outcome


def _follow_activity(session: ActivitySession, activity: Activity) -> int:
    gathering = session.gathering
    start, end = session_times(activity, session.planned_for)
    wanted = {"start": start, "end": end, "place": activity.place, "title": activity.name}
    if all(getattr(gathering, name) == value for name, value in wanted.items()):
        return 0
    Gathering.objects.filter(pk=gathering.pk).update(**wanted)
    return 1


def add_session(
    activity: Activity,
    day: dt.date,
    *,
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    place: str = "",
    created_by=None,
) -> ActivitySession:
    """A date added by hand (an event, an extra session): the rule does not own it."""
    zone = timezone.get_current_timezone()
    gathering = _gathering_for(activity, day, created_by)
    if start_time:
        gathering.start = timezone.make_aware(dt.datetime.combine(day, start_time), zone)
    if end_time:
        gathering.end = timezone.make_aware(dt.datetime.combine(day, end_time), zone)
    gathering.place = place or activity.place
    with transaction.atomic():
        gathering.save()
        return ActivitySession.objects.create(gathering=gathering, activity=activity)


def cancel_session(gathering: Gathering, reason: str, *, when: dt.datetime | None = None) -> None:
    """Cancelled with a reason the agenda and the public feeds show (it names nobody)."""
    Gathering.objects.filter(pk=gathering.pk).update(
        cancelled_at=when or timezone.now(), cancellation_reason=reason.strip()
    )
    gathering.refresh_from_db(fields=["cancelled_at", "cancellation_reason"])


def reinstate_session(gathering: Gathering) -> None:
    Gathering.objects.filter(pk=gathering.pk).update(cancelled_at=None, cancellation_reason="")
    gathering.refresh_from_db(fields=["cancelled_at", "cancellation_reason"])


def plan_all(*, today: dt.date | None = None, weeks: int = PLAN_WEEKS) -> int:
    """Plan every activity that has a rule and has not ended; the number of sessions made."""
    today = today or timezone.localdate()
    activities = Activity.objects.exclude(rule="").exclude(ends_on__lt=today)
    return sum(len(plan_sessions(a, today=today, weeks=weeks).created) for a in activities)
