"""The evaluation's steps of the demo story: consents to be called, calls to people who
stopped coming, the path of two members (the CAP de cuisine at 45, a job found), the
« Intermarché » testimony, the loneliness questionnaire before and after. Deterministic: rng
and fixed dates (the calls follow the activities, which run up to this week)."""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Count
from django.utils import timezone

from quartier.evaluation import follow_up
from quartier.gatherings.models import Attendance
from quartier.people.models import Consent, User

CALL_NOTES = [
    (True, "Jointe. Opérée de la hanche, elle reviendra à la rentrée. Contente qu'on ait appelé."),
    (False, "Pas de réponse, message laissé. Rappeler la semaine prochaine."),
    (True, "Joint. A trouvé un travail le mardi : demande si l'atelier peut passer au jeudi."),
]


def build_evaluation(story, rng: random.Random) -> None:
    rng = random.Random(45)  # its own stream: the steps before it may change
    _contact_consents(story, rng)
    _calls(story)


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
