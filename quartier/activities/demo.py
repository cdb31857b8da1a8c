"""Demo step: the weekly activities the isolation group started (cooking on Tuesdays, cards on
Thursdays, the monthly newspaper, crafts), the yearly events open to all, and the handover
(seed: "Au départ, les travailleurs sociaux sont présents à chaque réunion ... Depuis 2004, ils
se désengagent progressivement").

Professionals are at every session until 2004, then at fewer each year, while residents run
more of them; support meetings bring both together. Sessions run from 2001 to some weeks after
the day the demo is built, so "this Tuesday's cooking session" exists, still to be filled in:
attendance is recorded up to the Monday of the current week only.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from quartier.activities.models import Activity, ActivitySession
from quartier.activities.planning import PLAN_WEEKS, add_session, create_sessions, planned_days
from quartier.gatherings.models import Attendance, Gathering
from quartier.people.models import Organisation, Person

LOCAL = "Local de l'association, bâtiment C"
SQUARE = "Square des Montoires"
ASSOCIATION = "Association des habitants des Montoires"
FIRST_YEAR = 2001
HANDOVER_YEAR = 2004


@dataclass(frozen=True)
class Spec:
    key: str
    name: str
    kind: str
    rule: str
    starts_on: dt.date
    hours: tuple[dt.time, dt.time]
    place: str
    description: str
    professional: int  # index into story.professionals: who accompanied it at first
    skip_school_holidays: bool = False


WEEKLY = [
    Spec(
        "cooking",
        "Atelier cuisine",
        Activity.Kind.SESSION,
        "FREQ=WEEKLY;BYDAY=TU",
        dt.date(2001, 1, 9),
        (dt.time(14), dt.time(16, 30)),
        LOCAL,
        "Chaque mardi, on cuisine ensemble une recette de l'une ou de l'un d'entre nous, puis "
        "on partage le goûter.",
        3,
    ),
    Spec(
        "cards",
        "Après-midi cartes",
        Activity.Kind.SESSION,
        "FREQ=WEEKLY;BYDAY=TH",
        dt.date(2001, 1, 11),
        (dt.time(14), dt.time(17)),
        LOCAL,
        "Belote, tarot, rami : venez jouer, on vous apprend les règles.",
        0,
    ),
    Spec(
        "newspaper",
        "Journal du quartier",
        Activity.Kind.SESSION,
        "FREQ=MONTHLY;BYDAY=1MO",
        dt.date(2001, 2, 5),
        (dt.time(18), dt.time(20)),
        LOCAL,
        "Le comité de rédaction prépare le numéro du mois, glissé ensuite dans toutes les "
        "boîtes aux lettres.",
        1,
    ),
    Spec(
        "crafts",
        "Atelier bricolage",
        Activity.Kind.SESSION,
        "FREQ=WEEKLY;BYDAY=WE",
        dt.date(2001, 3, 7),
        (dt.time(14), dt.time(16, 30)),
        LOCAL,
        "Travaux manuels et petites réparations. Les objets réalisés sont vendus au marché de "
        "Noël de la ville.",
        2,
        skip_school_holidays=True,
    ),
]
EVENTS = [
    Spec(
        "galette",
        "Galette des rois du quartier",
        Activity.Kind.EVENT,
        "FREQ=YEARLY;BYMONTH=1;BYDAY=2TH",
        dt.date(2002, 1, 1),
        (dt.time(15), dt.time(18)),
        LOCAL,
        "On tire les rois ensemble, ouvert à tous les habitants.",
        0,
    ),
    Spec(
        "neighbours",
        "Immeubles en fête",
        Activity.Kind.EVENT,
        "FREQ=YEARLY;BYMONTH=5;BYDAY=-1FR",
        dt.date(2001, 1, 1),
        (dt.time(18, 30), dt.time(22)),
        "Pied des immeubles des Montoires",
        "La fête des voisins : chacun descend un plat, une boisson, une chaise.",
        3,
    ),
    Spec(
        "intercultural",
        "Fête interculturelle",
        Activity.Kind.EVENT,
        "FREQ=YEARLY;BYMONTH=6;BYDAY=3SA",
        dt.date(2002, 1, 1),
        (dt.time(14), dt.time(22)),
        SQUARE,
        "Cuisines, musiques et danses des pays d'où viennent les habitants du quartier.",
        1,
    ),
    Spec(
        "crepes",
        "Soirée crêpes",
        Activity.Kind.EVENT,
        "FREQ=MONTHLY;BYMONTH=1,2,3,10,11,12;BYDAY=1FR",
        dt.date(2001, 10, 1),
        (dt.time(19), dt.time(22)),
        LOCAL,
        "Une soirée conviviale autour des crêpes ; chacun peut inviter ses voisins.",
        2,
    ),
]
CANCELLATION_REASONS = [
    "Local fermé : dégât des eaux",
    "Neige : trottoirs impraticables",
    "Local réservé pour les élections",
    "Panne de chauffage au local",
]


def professional_chance(year: int) -> float:
    """How likely a professional is in the room: always until 2004, then less each year."""
    if year <= HANDOVER_YEAR:
        return 1.0
    return max(0.06, 1.0 - 0.13 * (year - HANDOVER_YEAR))


@dataclass
class Member:
    person: Person
    joined: int
    left: int
    core: bool

    def active(self, year: int) -> bool:
        return self.joined <= year <= self.left


def build_activities(story, rng: random.Random) -> None:
    # A generator of its own: this step leaves the draws of the later steps as they were.
    rng = random.Random(FIRST_YEAR)
    today = timezone.localdate()
    this_monday = today - dt.timedelta(days=today.weekday())
    horizon = today + dt.timedelta(weeks=PLAN_WEEKS)
    zone = timezone.get_current_timezone()
    recorded_until = timezone.make_aware(dt.datetime.combine(this_monday, dt.time()), zone)

    association, _created = Organisation.objects.get_or_create(
        name=ASSOCIATION,
        defaults={"short_name": "Association des Montoires", "kind": Organisation.Kind.ASSOCIATION},
    )
    story.organisations["association"] = association
    group = getattr(story, "working_groups", {}).get("isolation")
    story.activities = {}
    pools: dict[str, list[Member]] = {}
    attendance: list[Attendance] = []
    cancelled: list[Gathering] = []
    events: list[Gathering] = []
    residents = [p for p in story.residents if p.anonymised_at is None]

    for spec in WEEKLY + EVENTS:
        activity = Activity.objects.create(
            name=spec.name,
            description=spec.description,
            kind=spec.kind,
            territory=story.territory,
            place=spec.place,
            organisation=association,
            working_group=group if spec.kind == Activity.Kind.SESSION else None,
            rule=spec.rule,
            starts_on=spec.starts_on,
            start_time=spec.hours[0],
            end_time=spec.hours[1],
            skip_school_holidays=spec.skip_school_holidays,
        )
        story.activities[spec.key] = activity
        days = [
            p.day for p in planned_days(activity, spec.starts_on, horizon) if not p.skipped_because
        ]
        existing = _adopt_existing(story, spec, activity, days)
        gatherings = create_sessions(activity, [d for d in days if d not in existing])
        if spec.key == "cooking":
            gatherings += _this_weeks_session(activity, this_monday, days)
        professional = story.professionals[spec.professional]
        if spec.kind == Activity.Kind.SESSION:
            pools[spec.key] = pool = _pool(rng, residents, story.residents[0], spec.key)
            for gathering in gatherings:
                if gathering.start >= recorded_until:
                    continue
                if rng.random() < 0.004:  # a handful of sessions did not take place
                    gathering.cancelled_at = gathering.start - dt.timedelta(days=2)
                    gathering.cancellation_reason = rng.choice(CANCELLATION_REASONS)
                    cancelled.append(gathering)
                else:
                    attendance += _session_attendance(rng, gathering, pool, professional)
        else:
            everyone = [m for members in pools.values() for m in members]
            for gathering in gatherings:
                if gathering.start < recorded_until:
                    attendance += _event_attendance(rng, gathering, everyone, story.professionals)
                    events.append(gathering)
    Attendance.objects.bulk_create(attendance, batch_size=2000)
    Gathering.objects.bulk_update(cancelled, ["cancelled_at", "cancellation_reason"])
    Gathering.objects.bulk_update(events, ["guest_count"], batch_size=500)
    _cancel_next_weeks_cards(story, today)
    _support_meetings(rng, story, pools, recorded_until)


def _adopt_existing(story, spec: Spec, activity: Activity, days: list[dt.date]) -> set[dt.date]:
    """The galette the first step already put in the agenda becomes one of this series."""
    galette = story.gatherings.get("galette") if spec.key == "galette" else None
    if galette is None:
        return set()
    day = timezone.localtime(galette.start).date()
    ActivitySession.objects.create(gathering=galette, activity=activity, planned_for=day)
    return {day}


def _this_weeks_session(activity: Activity, monday: dt.date, days: list[dt.date]) -> list:
    """This week's Tuesday always has its cooking session in the demo, even on a public
    holiday (then as a date added by hand), so a new user and the browser test find it."""
    tuesday = monday + dt.timedelta(days=1)
    if tuesday in days:
        return []
    return [add_session(activity, tuesday).gathering]


def _pool(rng: random.Random, residents: list[Person], account: Person, key: str) -> list[Member]:
    """About thirty residents come and go over the years; a third are the core."""
    last_year = timezone.localdate().year
    chosen = rng.sample(residents, 34)
    members = []
    for person in chosen:
        joined = rng.randint(FIRST_YEAR, last_year - 2)
        members.append(Member(person, joined, joined + rng.randint(3, 14), rng.random() < 0.4))
    # The resident who has the demo account has cooked on Tuesdays from the start.
    if key == "cooking":
        members = [m for m in members if m.person.pk != account.pk]
        members.insert(0, Member(account, FIRST_YEAR, last_year, core=True))
    # Someone is always there: a core member spans each year.
    members.append(Member(rng.choice(residents), FIRST_YEAR, last_year, core=True))
    unique = {}
    for member in members:
        unique.setdefault(member.person.pk, member)
    return list(unique.values())


def _session_attendance(
    rng: random.Random, gathering: Gathering, pool: list[Member], professional: Person
) -> list[Attendance]:
    year = gathering.start.year
    active = [m for m in pool if m.active(year)]
    present = [m.person for m in active if rng.random() < (0.8 if m.core else 0.3)]
    referents = [m.person for m in active if m.core][:2]
    rows: dict[int, Attendance] = {
        p.pk: Attendance(gathering=gathering, person=p, role=Attendance.Role.PARTICIPANT)
        for p in present
    }
    professional_there = rng.random() < professional_chance(year)
    # Residents take over the running: from 2003 beside the professional, then alone.
    resident_runs = bool(referents) and year >= HANDOVER_YEAR - 1
    resident_runs = resident_runs and (not professional_there or rng.random() < 0.5)
    if resident_runs:
        referent = referents[rng.randrange(len(referents))]
        rows[referent.pk] = Attendance(
            gathering=gathering, person=referent, role=Attendance.Role.FACILITATOR
        )
    if professional_there:
        still_leads = year <= HANDOVER_YEAR or rng.random() < 0.3
        role = (
            Attendance.Role.FACILITATOR
            if still_leads or not resident_runs
            else Attendance.Role.PARTICIPANT
        )
        rows[professional.pk] = Attendance(gathering=gathering, person=professional, role=role)
    return list(rows.values())


def _event_attendance(
    rng: random.Random, gathering: Gathering, everyone: list[Member], professionals: list[Person]
) -> list[Attendance]:
    year = gathering.start.year
    active = list({m.person.pk: m for m in everyone if m.active(year)}.values())
    came = rng.sample(active, min(len(active), rng.randint(8, 20)))
    gathering.guest_count = rng.randint(15, 90)
    # From 2003, two of the activities' core residents run the event.
    cores = [m.person.pk for m in came if m.core]
    runners = set(cores[:2]) if year >= HANDOVER_YEAR - 1 else set()
    rows = [
        Attendance(
            gathering=gathering,
            person=m.person,
            role=Attendance.Role.FACILITATOR
            if m.person.pk in runners
            else Attendance.Role.PARTICIPANT,
        )
        for m in came
    ]
    if rng.random() < professional_chance(year):
        role = Attendance.Role.FACILITATOR if year <= HANDOVER_YEAR else Attendance.Role.PARTICIPANT
        rows += [
            Attendance(gathering=gathering, person=p, role=role)
            for p in rng.sample(professionals, 2)
        ]
    return rows


def _cancel_next_weeks_cards(story, today: dt.date) -> None:
    """Next week's cards afternoon is cancelled: the agenda and the feeds show it."""
    next_week = today + dt.timedelta(days=7 - today.weekday())
    cards = (
        Gathering.objects.filter(
            activity_session__activity=story.activities["cards"], start__date__gte=next_week
        )
        .order_by("start")
        .first()
    )
    if cards is not None:
        Gathering.objects.filter(pk=cards.pk).update(
            cancelled_at=timezone.now(),
            cancellation_reason="Local réservé pour la formation des bénévoles",
        )


def _support_meetings(rng: random.Random, story, pools, recorded_until: dt.datetime) -> None:
    """Professionals and the residents who run the activities take stock together: every
    quarter from 2003, twice a year once residents run things on their own."""
    zone = timezone.get_current_timezone()
    gatherings, people = [], []
    for year in range(HANDOVER_YEAR - 1, recorded_until.year + 1):
        months = (1, 4, 6, 10) if year <= 2010 else (3, 10)
        for month in months:
            start = timezone.make_aware(dt.datetime(year, month, 20, 17, 30), zone)
            if start >= recorded_until:
                continue
            gatherings.append(
                Gathering(
                    kind=Gathering.Kind.SUPPORT_MEETING,
                    title="Rencontre d'appui : le point sur les activités",
                    start=start,
                    end=start + dt.timedelta(hours=2),
                    place=LOCAL,
                    territory=story.territory,
                )
            )
            referents = {
                m.person.pk: m.person
                for pool in pools.values()
                for m in pool
                if m.core and m.active(year)
            }
            people.append((rng.sample(story.professionals, 2), list(referents.values())[:6]))
    gatherings = Gathering.objects.bulk_create(gatherings)
    rows = []
    for gathering, (professionals, referents) in zip(gatherings, people, strict=True):
        rows += [
            Attendance(gathering=gathering, person=p, role=Attendance.Role.FACILITATOR)
            for p in professionals
        ]
        rows += [
            Attendance(gathering=gathering, person=p, role=Attendance.Role.PARTICIPANT)
            for p in referents
        ]
    Attendance.objects.bulk_create(rows, batch_size=2000)
