"""Who ran a gathering, and whether a professional was there: read from attendance alone.

A gathering is run by whoever is recorded as its facilitator (`Attendance.Role.FACILITATOR`); a
professional was there when anyone recorded present, whatever their role, is a `Person` of kind
professional. Residents and the association's volunteers are the other side of the handover.

Nothing else is stored, so every app reads the same answer from gatherings: the activities
pages (each session, the share over time), the evaluation (social workers stepping back), and
the association's in-kind valuation (volunteer hours = resident facilitators × the gathering's
length × a rate).

    gatherings = with_leadership(Gathering.objects.filter(kind="activity_session"))
    for gathering in gatherings:
        leadership = leadership_of(gathering)   # no further query
        leadership.professional_present, leadership.run_by, leadership.resident_facilitators
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from quartier.gatherings.models import Attendance, Gathering
from quartier.people.models import Person


class RunBy(models.TextChoices):
    RESIDENTS = "residents", _("Animée par des habitants")
    PROFESSIONALS = "professionals", _("Animée par des professionnels")
    TOGETHER = "together", _("Animée par des habitants et des professionnels")
    UNKNOWN = "unknown", _("Animation non notée")


@dataclass(frozen=True)
class Leadership:
    professional_present: bool
    professional_facilitators: int
    resident_facilitators: int

    @property
    def run_by(self) -> RunBy:
        if self.professional_facilitators and self.resident_facilitators:
            return RunBy.TOGETHER
        if self.professional_facilitators:
            return RunBy.PROFESSIONALS
        if self.resident_facilitators:
            return RunBy.RESIDENTS
        return RunBy.UNKNOWN

    @property
    def run_by_residents_alone(self) -> bool:
        """Residents ran it and no professional was in the room: the handover done."""
        return self.run_by == RunBy.RESIDENTS and not self.professional_present


# The person's kind as copied on the attendance row (quartier/gatherings/copies.py): one probe
# of the index on the gathering, the kind and the role per gathering, without reading the
# people nor grouping the gatherings' rows.
_PROFESSIONAL = Q(person_kind=Person.Kind.PROFESSIONAL)
_RESIDENT = Q(person_kind__in=[Person.Kind.RESIDENT, Person.Kind.VOLUNTEER])
_FACILITATOR = Q(role=Attendance.Role.FACILITATOR)


def _present(condition: Q) -> Coalesce:
    """How many attendances of the outer gathering match `condition`."""
    rows = (
        Attendance.objects.filter(condition, gathering=OuterRef("pk"))
        .order_by()
        .values("gathering")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def with_leadership(gatherings: QuerySet[Gathering]) -> QuerySet[Gathering]:
    """`gatherings` annotated, in the same query, with what `leadership_of` reads."""
    return gatherings.annotate(
        professionals_present=_present(_PROFESSIONAL),
        professional_facilitators=_present(_PROFESSIONAL & _FACILITATOR),
        resident_facilitators=_present(_RESIDENT & _FACILITATOR),
    )


def leadership_of(gathering: Gathering) -> Leadership:
    """Who ran `gathering` and whether a professional was there. Reads the annotations of
    `with_leadership` when present, else asks the database (one query)."""
    if not hasattr(gathering, "professionals_present"):
        gathering = with_leadership(Gathering.objects.filter(pk=gathering.pk)).get()
    return Leadership(
        professional_present=gathering.professionals_present > 0,
        professional_facilitators=gathering.professional_facilitators,
        resident_facilitators=gathering.resident_facilitators,
    )
