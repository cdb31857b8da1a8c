"""Gathering rules shared by views, commands and tests: attendance entry, regulars, agenda."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.gatherings.models import Attendance, Gathering
from quartier.people.models import Consent, Person
from quartier.people.services import consent_withdrawn_expression, people_named

# Enough to recognise the right person; a name carried by more people needs more letters.
MAX_CHOICES = 8


@dataclass
class AttendanceOutcome:
    """What happened when someone typed a name on the attendance form.

    Exactly one of: `attendance` is set (recorded), or `choices` lists the people the name could
    mean and nothing was saved (the user must pick one or confirm a newcomer).
    """

    attendance: Attendance | None = None
    created_person: bool = False
    already_present: bool = False
    choices: list[Person] = field(default_factory=list)
    message: str = ""


def record_attendance(
    gathering: Gathering,
    *,
    person: Person | None = None,
    name: str = "",
    role: str = Attendance.Role.PARTICIPANT,
    recorded_by=None,
    confirm_new: bool = False,
) -> AttendanceOutcome:
    """Mark a person present, finding them by name or creating a newcomer.

    A name that matches exactly one person records them; a name that could mean someone
    already known (a near spelling, a bare first name, a word several people carry: see
    `people_named`) records nothing and returns who it could be, unless `confirm_new` says it
    is someone new.
    """
    name = " ".join(name.split())
    if person is None:
        if not name:
            return AttendanceOutcome(message=_("Tapez un nom ou choisissez une personne."))
        exact, others = people_named(name)
        if len(exact) == 1 and not others and not confirm_new:
            person = exact[0]
        elif not confirm_new and (exact or others):
            return AttendanceOutcome(
                choices=[*exact, *others][:MAX_CHOICES],
                message=_(
                    "Attention : une personne au nom proche existe déjà. "
                    "Choisissez-la, ou confirmez qu'il s'agit de quelqu'un de nouveau."
                ),
            )
    with transaction.atomic():
        created = False
        if person is None:
            person = Person.objects.create(
                display_name=name,
                territory=gathering.territory,
                first_met_on=timezone.localtime(gathering.start).date(),
            )
            created = True
        try:
            with transaction.atomic():
                attendance = Attendance.objects.create(
                    gathering=gathering, person=person, role=role, recorded_by=recorded_by
                )
        except IntegrityError:
            attendance = Attendance.objects.get(gathering=gathering, person=person)
            return AttendanceOutcome(
                attendance=attendance,
                already_present=True,
                message=_("%(name)s est déjà sur la liste.") % {"name": person.display_name},
            )
    return AttendanceOutcome(
        attendance=attendance,
        created_person=created,
        message=(
            _("Présence notée : %(name)s (nouvelle fiche).")
            if created
            else _("Présence notée : %(name)s.")
        )
        % {"name": person.display_name},
    )


def regulars_for(gathering: Gathering, *, months: int = 12, min_visits: int = 2) -> list[Person]:
    """People to pre-print on a sign-in sheet: those already recorded, and those who came at
    least `min_visits` times to gatherings of the same kind on the same territory lately."""
    since = gathering.start - dt.timedelta(days=30 * months)
    # Counted on the attendance table alone, then people fetched by id: one narrow GROUP BY
    # instead of grouping every column of every person.
    frequent_ids = (
        Attendance.objects.filter(
            gathering__territory=gathering.territory,
            gathering__kind=gathering.kind,
            gathering__start__gte=since,
            gathering__start__lt=gathering.start,
        )
        .values("person_id")
        .annotate(visits=Count("id"))
        .filter(visits__gte=min_visits)
        .values("person_id")
    )
    frequent = Person.objects.filter(pk__in=frequent_ids, anonymised_at__isnull=True).exclude(
        consent_withdrawn_expression(Consent.Purpose.ATTENDANCE)
    )
    present = Person.objects.filter(attendances__gathering=gathering).exclude(
        consent_withdrawn_expression(Consent.Purpose.ATTENDANCE)
    )
    people = {p.pk: p for p in frequent}
    people.update({p.pk: p for p in present})
    return sorted(people.values(), key=lambda p: p.search_name)


def upcoming(queryset: QuerySet[Gathering] | None = None) -> QuerySet[Gathering]:
    gatherings = queryset if queryset is not None else Gathering.objects.all()
    return gatherings.filter(start__gte=timezone.now() - dt.timedelta(hours=12)).order_by("start")
