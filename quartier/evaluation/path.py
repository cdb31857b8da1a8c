"""A person's path, recorded only with their consent (`Consent.Purpose.EVALUATION`): dated
milestones, testimonies (published only with a second, dated agreement), the loneliness
questionnaire before and after. And the figures drawn from them, as counts."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone

from quartier.evaluation.models import Milestone, SurveyResponse, Testimony
from quartier.people.models import Consent, Person, Territory


class NoConsent(Exception):
    """The person has not agreed (or no longer agrees) to have their path recorded."""


def has_consented(person: Person) -> bool:
    return person.consents.filter(
        purpose=Consent.Purpose.EVALUATION, withdrawn_on__isnull=True
    ).exists()


def _check(person: Person) -> None:
    if not has_consented(person):
        raise NoConsent(person.pk)


def _territory(person: Person) -> Territory:
    return person.territory or Territory.objects.order_by("pk").first()


def add_milestone(person: Person, *, recorded_by=None, **fields) -> Milestone:
    _check(person)
    return Milestone.objects.create(
        person=person, territory=_territory(person), recorded_by=recorded_by, **fields
    )


def add_testimony(person: Person, *, recorded_by=None, **fields) -> Testimony:
    _check(person)
    testimony = Testimony(
        person=person, territory=_territory(person), recorded_by=recorded_by, **fields
    )
    testimony.full_clean()
    testimony.save()
    return testimony


def record_survey(
    person: Person,
    *,
    wave: str,
    answered_on: dt.date | None = None,
    recorded_by=None,
    **answers: int,
) -> SurveyResponse:
    """One questionnaire per person and wave: taking it again replaces the answers."""
    _check(person)
    response, _created = SurveyResponse.objects.update_or_create(
        person=person,
        wave=wave,
        defaults={
            "territory": _territory(person),
            "answered_on": answered_on or timezone.localdate(),
            "recorded_by": recorded_by,
            **answers,
        },
    )
    return response


def published_testimonies(territory: Territory | None = None):
    rows = Testimony.objects.exclude(publication="").filter(
        publication_agreed_on__isnull=False, person__isnull=False
    )
    if territory is not None:
        rows = rows.filter(territory=territory)
    return rows.select_related("person").exclude(quote="")


def milestones_per_year(
    territory: Territory | None = None, *, since: dt.date | None = None
) -> list[tuple[int, dict[str, int]]]:
    """(year, {kind: count}) oldest first: counts only."""
    rows = Milestone.objects.all()
    if territory is not None:
        rows = rows.filter(territory=territory)
    if since is not None:
        rows = rows.filter(happened_on__gte=since)
    counts: dict[int, dict[str, int]] = {}
    for year, kind, n in (
        rows.annotate(year=ExtractYear("happened_on"))
        .values_list("year", "kind")
        .annotate(n=Count("pk"))
        .order_by("year", "kind")
    ):
        counts.setdefault(year, {})[kind] = n
    return sorted(counts.items())


def people_with_a_milestone(territory: Territory | None = None) -> int:
    condition = Q(person__isnull=False)
    if territory is not None:
        condition &= Q(territory=territory)
    return Milestone.objects.filter(condition).values("person").distinct().count()
