"""The evaluation's steps of the demo story: consents to be called, calls to people who
stopped coming, the path of two members (the CAP de cuisine at 45, a job found), the
« Intermarché » testimony, the loneliness questionnaire before and after. Deterministic: rng
and fixed dates (the calls follow the activities, which run up to this week)."""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Count
from django.utils import timezone

from quartier.evaluation import follow_up, path
from quartier.evaluation.models import Milestone, SurveyResponse, Testimony
from quartier.gatherings.models import Attendance
from quartier.people.models import Consent, Person, User

CALL_NOTES = [
    (True, "Jointe. Opérée de la hanche, elle reviendra à la rentrée. Contente qu'on ait appelé."),
    (False, "Pas de réponse, message laissé. Rappeler la semaine prochaine."),
    (True, "Joint. A trouvé un travail le mardi : demande si l'atelier peut passer au jeudi."),
]


INTERMARCHE = (
    "Je pense à une des personnes qui ne connaissait qu'Intermarché et son appartement. Cela "
    "lui a permis de rencontrer des gens, d'échanger, de sortir de chez elle"
)
SURVEYED = 14  # enough people answered both times for the change to be shown (11 or more)


def build_evaluation(story, rng: random.Random) -> None:
    rng = random.Random(45)  # its own stream: the steps before it may change
    _contact_consents(story, rng)
    _calls(story)
    _paths(story, rng)


def _regulars(story) -> list:
    """The people who came most to activities, most first (ties by id: deterministic)."""
    ids = list(
        Attendance.objects.filter(
            gathering__activity_session__isnull=False,
            person__kind=Person.Kind.RESIDENT,
            person__anonymised_at__isnull=True,
            gathering__territory=story.territory,
        )
        .exclude(person=story.residents[0])  # the demo account's resident keeps a bare record
        .values("person_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "person_id")
        .values_list("person_id", flat=True)[: SURVEYED + 2]
    )
    by_id = Person.objects.in_bulk(ids)
    return [by_id[i] for i in ids]


def _paths(story, rng: random.Random) -> None:
    people = _regulars(story)
    if len(people) < 3:
        return
    claire = User.objects.filter(username="claire").first()
    for person in people:
        Consent.objects.create(
            person=person,
            purpose=Consent.Purpose.EVALUATION,
            given_on=dt.date(2003, 9, 16),
            means=Consent.Means.SIGNED,
        )
    cook, worker, copresident = people[0], people[1], people[2]
    path.add_milestone(
        cook,
        kind=Milestone.Kind.TRAINING,
        happened_on=dt.date(2006, 9, 4),
        title="Préparation du CAP de cuisine",
        recorded_by=claire,
    )
    path.add_milestone(
        cook,
        kind=Milestone.Kind.DIPLOMA,
        happened_on=dt.date(2007, 6, 29),
        title="CAP de cuisine",
        age=45,
        note="Soutenue dans sa démarche par toute l'association.",
        recorded_by=claire,
    )
    path.add_milestone(
        worker,
        kind=Milestone.Kind.JOB,
        happened_on=dt.date(2006, 3, 13),
        title="Agent d'entretien en contrat à durée indéterminée",
        note="Retrouvé après deux ans à l'atelier cuisine.",
        recorded_by=claire,
    )
    path.add_milestone(
        copresident,
        kind=Milestone.Kind.VOLUNTEERING,
        happened_on=dt.date(2004, 6, 12),
        title="Co-présidente de l'association",
        recorded_by=claire,
    )
    path.add_testimony(
        copresident,
        quote=INTERMARCHE,
        said_on=dt.date(2007, 5, 10),
        attribution="Co-présidente de l'association",
        publication=Testimony.Publication.ANONYMOUS,
        publication_agreed_on=dt.date(2007, 5, 10),
        recorded_by=claire,
    )
    for person in people[:SURVEYED]:
        before = [rng.choice((2, 3, 3)) for _item in SurveyResponse.ITEMS]
        after = [max(1, answer - rng.choice((0, 1, 1))) for answer in before]
        for wave, day, answers in (
            (SurveyResponse.Wave.BEFORE, dt.date(2003, 9, 16), before),
            (SurveyResponse.Wave.AFTER, dt.date(2005, 6, 14), after),
        ):
            path.record_survey(
                person,
                wave=wave,
                answered_on=day,
                recorded_by=claire,
                **dict(zip(SurveyResponse.ITEMS, answers, strict=True)),
            )


def _contact_consents(story, rng: random.Random) -> None:
    """About half the people who came to activities agreed to be called."""
    came = (
        Attendance.objects.filter(
            gathering__activity_session__isnull=False, person__anonymised_at__isnull=True
        )
        .values("person_id")
        .annotate(n=Count("pk"))
        .order_by("person_id")
    )
    already = set(
        Consent.objects.filter(purpose=Consent.Purpose.CONTACT).values_list("person_id", flat=True)
    )
    Consent.objects.bulk_create(
        [
            Consent(
                person_id=row["person_id"],
                purpose=Consent.Purpose.CONTACT,
                given_on=dt.date(2004, 9, 14),
                means=Consent.Means.SIGNED,
            )
            for row in came
            if row["person_id"] not in already and rng.random() < 0.5
        ]
    )


def _calls(story) -> None:
    claire = User.objects.filter(username="claire").first()
    today = timezone.localdate()
    for (reached, note), entry in zip(
        CALL_NOTES, follow_up.people_to_call(territory=story.territory), strict=False
    ):
        follow_up.record_note(
            entry.person,
            noted_on=min(today, entry.last_visit + dt.timedelta(days=entry.usual_gap_days * 3)),
            reached=reached,
            note=note,
            recorded_by=claire,
        )
