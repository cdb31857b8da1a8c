"""People who stopped coming, for a phone call, and the notes of those calls.

A regular (`REGULAR_VISITS` visits or more, ever) is « absent » when the time since their last
visit is longer than their own usual gap between visits (first to last visit, over the number
of gaps) and at least `min_weeks` weeks. Only people who agreed to be contacted (an active
`CONTACT` consent) are listed, most overdue first (absence over usual gap). Visits are counted
per person by the database; Python only ranks the few people already absent `min_weeks`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from quartier.evaluation.indicators.scope import COUNTED_KINDS
from quartier.evaluation.models import FollowUpNote
from quartier.gatherings.models import Attendance, Gathering
from quartier.people.models import Consent, Person, Territory

REGULAR_VISITS = 3
DEFAULT_MIN_WEEKS = 6


@dataclass
class Absent:
    person: Person
    visits: int
    last_visit: dt.date
    usual_gap_days: int
    absent_days: int
    last_note: FollowUpNote | None = None

    @property
    def overdue(self) -> float:
        """How many usual gaps the absence already lasts."""
        return self.absent_days / max(self.usual_gap_days, 1)


def contactable() -> Q:
    """People with an active consent to be called."""
    return Q(
        Exists(
            Consent.objects.filter(
                person=OuterRef("pk"), purpose=Consent.Purpose.CONTACT, withdrawn_on__isnull=True
            )
        )
    )


def people_to_call(
    *,
    territory: Territory | None = None,
    min_weeks: int = DEFAULT_MIN_WEEKS,
    today: dt.date | None = None,
) -> list[Absent]:
    today = today or timezone.localdate()
    now = timezone.make_aware(dt.datetime.combine(today, dt.time.max))
    # `held_at` is the gathering's start copied on the attendance (empty when cancelled). Each
    # figure is a seek in the attendance index by person, so the cost follows the number of
    # people who may be called, not the number of attendances: the last visit first (most
    # people came recently and drop out there), then the count and the first visit.
    visits = Attendance.objects.filter(person=OuterRef("pk"), held_at__lt=now).order_by()
    if territory is not None:
        visits = visits.filter(gathering__territory=territory)
    people: QuerySet[Person] = (
        Person.objects.filter(contactable(), kind__in=COUNTED_KINDS, anonymised_at__isnull=True)
        .annotate(last=Subquery(visits.order_by("-held_at").values("held_at")[:1]))
        .filter(last__lt=now - dt.timedelta(weeks=min_weeks))
        .annotate(
            visits=Subquery(
                visits.values("person").annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            first=Subquery(visits.order_by("held_at").values("held_at")[:1]),
        )
        .filter(visits__gte=REGULAR_VISITS)
    )
    absent = []
    for person in people:
        gap = (person.last - person.first) / (person.visits - 1)
        since = now - person.last
        if since > gap:
            absent.append(
                Absent(
                    person=person,
                    visits=person.visits,
                    last_visit=timezone.localdate(person.last),
                    usual_gap_days=max(round(gap / dt.timedelta(days=1)), 1),
                    absent_days=(today - timezone.localdate(person.last)).days,
                )
            )
    notes = _last_notes([a.person.pk for a in absent])
    for entry in absent:
        entry.last_note = notes.get(entry.person.pk)
    absent.sort(key=lambda a: (-a.overdue, a.person.search_name))
    return absent


def _last_notes(person_ids: list[int]) -> dict[int, FollowUpNote]:
    notes: dict[int, FollowUpNote] = {}
    for note in FollowUpNote.objects.filter(person_id__in=person_ids).order_by(
        "person_id", "-noted_on", "-pk"
    ):
        notes.setdefault(note.person_id, note)
    return notes


@transaction.atomic
def record_note(
    person: Person, *, noted_on: dt.date, reached: bool, note: str, recorded_by=None
) -> FollowUpNote:
    return FollowUpNote.objects.create(
        person=person, noted_on=noted_on, reached=reached, note=note, recorded_by=recorded_by
    )


def gatherings_of(person: Person) -> QuerySet[Gathering]:
    return Gathering.objects.filter(attendances__person=person).order_by("-start")
