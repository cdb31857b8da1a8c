"""`quartier demo --scale large`: a large synthetic installation beside the story, to measure
the evaluation at size: 20,000 people, 500,000 attendances, 10 territories (times `scale`).

Each territory has five weekly activities; each activity a pool of members of whom a share
comes to each session, a professional less and less often (the handover), a member sometimes
running it. Everything is written with bulk_create in a few large batches: no signal, no
per-row query. Deterministic (seeded rng, dates counted back from a fixed week before today).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from quartier.activities.models import Activity, ActivitySession
from quartier.demo.story import refresh_planner_statistics
from quartier.gatherings.models import Attendance, Gathering
from quartier.people.models import Consent, Person, Territory

PARIS = ZoneInfo("Europe/Paris")
PEOPLE = 20_000
ATTENDANCES = 500_000
TERRITORIES = 10
ACTIVITIES = ("Atelier cuisine", "Après-midi cartes", "Couture", "Jardin partagé", "Café")
MAX_PER_SESSION = 40
BATCH = 5_000
SLUG_PREFIX = "quartier-synthetique-"


@dataclass
class LargeSummary:
    territories: int
    people: int
    gatherings: int
    attendances: int


def large_exists() -> bool:
    return Territory.objects.filter(slug__startswith=SLUG_PREFIX).exists()


@transaction.atomic
def build_large(scale: float = 1.0, seed: int = 2026) -> LargeSummary:
    rng = random.Random(seed)
    territory_count = TERRITORIES if scale >= 0.005 else 2
    people_each = max(8, round(PEOPLE * scale / territory_count))
    attendances_each = max(20, round(ATTENDANCES * scale / territory_count))
    per_session = min(MAX_PER_SESSION, max(4, people_each // 10))
    sessions_each = max(1, attendances_each // per_session // len(ACTIVITIES))
    last_week = timezone.localdate() - dt.timedelta(days=7)
    summary = LargeSummary(territory_count, 0, 0, 0)
    for index in range(territory_count):
        territory = Territory.objects.create(
            name=f"Quartier synthétique {index + 1}",
            slug=f"{SLUG_PREFIX}{index + 1}",
            town="Ville synthétique",
        )
        people = Person.objects.bulk_create(
            [
                Person(
                    display_name=f"Personne {index + 1}-{n}",
                    search_name=f"personne {index + 1}-{n}",
                    kind=Person.Kind.VOLUNTEER if n % 25 == 0 else Person.Kind.RESIDENT,
                    territory=territory,
                )
                for n in range(people_each)
            ],
            batch_size=BATCH,
        )
        professionals = Person.objects.bulk_create(
            [
                Person(
                    display_name=f"Professionnel {index + 1}-{n}",
                    search_name=f"professionnel {index + 1}-{n}",
                    kind=Person.Kind.PROFESSIONAL,
                    territory=territory,
                )
                for n in range(3)
            ]
        )
        Consent.objects.bulk_create(
            [
                Consent(
                    person=p,
                    purpose=Consent.Purpose.CONTACT,
                    given_on=dt.date(2020, 1, 1),
                    means=Consent.Means.SIGNED,
                )
                for p in people
                if rng.random() < 0.5
            ],
            batch_size=BATCH,
        )
        summary.people += len(people) + len(professionals)
        first_day = last_week - dt.timedelta(weeks=sessions_each)
        for offset, name in enumerate(ACTIVITIES):
            activity = Activity.objects.create(
                name=name,
                territory=territory,
                starts_on=first_day,
                start_time=dt.time(14),
                end_time=dt.time(16),
            )
            pool = rng.sample(people, min(len(people), per_session * 5 // 2))
            days = [
                first_day + dt.timedelta(weeks=week, days=offset) for week in range(sessions_each)
            ]
            gatherings = Gathering.objects.bulk_create(
                [
                    Gathering(
                        kind=Gathering.Kind.ACTIVITY_SESSION,
                        title=name,
                        start=dt.datetime.combine(day, dt.time(14), PARIS),
                        end=dt.datetime.combine(day, dt.time(16), PARIS),
                        territory=territory,
                    )
                    for day in days
                ],
                batch_size=BATCH,
            )
            ActivitySession.objects.bulk_create(
                [ActivitySession(gathering=g, activity=activity) for g in gatherings],
                batch_size=BATCH,
            )
            rows = []
            for week, gathering in enumerate(gatherings):
                present = rng.sample(pool, min(len(pool), per_session))
                # Members drift in and out: a few of the pool are replaced each season.
                newcomer = rng.choice(people)
                if week % 13 == 12 and newcomer not in pool:
                    pool[rng.randrange(len(pool))] = newcomer
                runner = present[0] if rng.random() < week / sessions_each else None
                rows += [
                    Attendance(
                        gathering=gathering,
                        person=p,
                        role="facilitator" if p is runner else "participant",
                    )
                    for p in present
                ]
                if rng.random() > week / sessions_each:
                    rows.append(
                        Attendance(
                            gathering=gathering,
                            person=professionals[offset % 3],
                            role="facilitator",
                        )
                    )
                if len(rows) >= BATCH:
                    summary.attendances += len(rows)
                    Attendance.objects.bulk_create(rows, batch_size=BATCH)
                    rows = []
            summary.attendances += len(rows)
            Attendance.objects.bulk_create(rows, batch_size=BATCH)
            summary.gatherings += len(gatherings)
    # Half a million rows written at once: the planner needs to know they are there.
    refresh_planner_statistics()
    return summary
