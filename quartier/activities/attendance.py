"""Attendance at an activity's session in one tap: the regulars, present or not, and the
changes a volunteer makes on a phone. Newcomers go through the fast entry of gatherings
(`gatherings.entry.enter_attendance`), which finds look-alikes before creating anyone."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from quartier.activities.models import ActivitySession
from quartier.gatherings.models import Attendance, Gathering
from quartier.gatherings.services import record_attendance
from quartier.people.models import Consent, Person
from quartier.people.services import consent_withdrawn_expression

# A regular came to at least REGULAR_VISITS of the activity's last REGULAR_WINDOW sessions.
REGULAR_WINDOW = 4
REGULAR_VISITS = 2
MAX_GUESTS = 5000


def previous_sessions(session: ActivitySession, *, last: int = REGULAR_WINDOW) -> list[int]:
    """The gatherings of the activity's last `last` sessions held before this one (not
    cancelled, already started), newest first."""
    before = min(session.gathering.start, timezone.now())
    return list(
        Gathering.objects.filter(
            activity_session__activity_id=session.activity_id,
            start__lt=before,
            cancelled_at__isnull=True,
        )
        .exclude(pk=session.pk)
        .order_by("-start")
        .values_list("pk", flat=True)[:last]
    )


def regulars(
    session: ActivitySession, *, last: int = REGULAR_WINDOW, visits: int = REGULAR_VISITS
) -> list[Person]:
    """People who came to at least `visits` of the activity's last `last` sessions, by name.
    Anonymised people, and those who withdrew their attendance consent, are not offered."""
    recent = previous_sessions(session, last=last)
    if not recent:
        return []
    return list(
        Person.objects.filter(anonymised_at__isnull=True)
        .exclude(consent_withdrawn_expression(Consent.Purpose.ATTENDANCE))
        .annotate(visits=Count("attendances", filter=Q(attendances__gathering__in=recent)))
        .filter(visits__gte=visits)
        .order_by("search_name", "pk")
    )


@dataclass
class Toggle:
    """One large button of the session page: a person, and whether they are marked present."""

    person: Person
    attendance: Attendance | None
    regular: bool
    name_hidden: bool = False

    @property
    def present(self) -> bool:
        return self.attendance is not None

    @property
    def facilitator(self) -> bool:
        return self.present and self.attendance.role == Attendance.Role.FACILITATOR


def board(session: ActivitySession) -> list[Toggle]:
    """The regulars and everyone already marked present, in name order."""
    attendances = {
        a.person_id: a
        for a in session.gathering.attendances.select_related("person").annotate(
            name_hidden=consent_withdrawn_expression(Consent.Purpose.ATTENDANCE, "person")
        )
    }
    toggles = {
        person.pk: Toggle(person, attendances.get(person.pk), regular=True)
        for person in regulars(session)
    }
    for person_id, attendance in attendances.items():
        if person_id not in toggles:
            toggles[person_id] = Toggle(
                attendance.person, attendance, regular=False, name_hidden=attendance.name_hidden
            )
    return sorted(toggles.values(), key=lambda t: (t.person.search_name, t.person.pk))


def toggle_for(session: ActivitySession, person: Person) -> Toggle:
    attendance = session.gathering.attendances.filter(person=person).first()
    return Toggle(person, attendance, regular=True)


def set_present(
    session: ActivitySession, person: Person, present: bool, *, recorded_by=None
) -> Attendance | None:
    """Mark `person` present or not. Saying the same twice changes nothing, so a tap sent
    again after a lost answer is harmless."""
    if present:
        return record_attendance(
            session.gathering, person=person, recorded_by=recorded_by
        ).attendance
    Attendance.objects.filter(gathering=session.gathering, person=person).delete()
    return None


def set_facilitators(session: ActivitySession, person_ids: Iterable[int]) -> int:
    """Those present who ran the session become its facilitators; the others participants."""
    chosen = set(person_ids)
    attendances = session.gathering.attendances
    with transaction.atomic():
        attendances.filter(person_id__in=chosen).update(role=Attendance.Role.FACILITATOR)
        attendances.exclude(person_id__in=chosen).filter(role=Attendance.Role.FACILITATOR).update(
            role=Attendance.Role.PARTICIPANT
        )
    return attendances.filter(role=Attendance.Role.FACILITATOR).count()


def set_guest_count(session: ActivitySession, count: int) -> int:
    count = max(0, min(count, MAX_GUESTS))
    Gathering.objects.filter(pk=session.pk).update(guest_count=count)
    session.gathering.guest_count = count
    return count


def total_present(gathering: Gathering, named: int | None = None) -> int:
    """People recorded by name plus those who came without giving one."""
    if named is None:
        named = gathering.attendances.count()
    return named + gathering.guest_count
