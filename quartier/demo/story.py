"""The seed's story (Les Montoires, Gien, from 1999) as demo data, with fictional names.

Deterministic: the same code builds the same rows, so screenshots, tests and training sessions
all see one story. Each step is a function; later parts of the process add their own steps.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import connection, transaction

from quartier.activities.demo import build_activities
from quartier.association.demo import build_association
from quartier.consultation.demo import build_consultation
from quartier.diagnosis.demo import build_diagnosis
from quartier.evaluation.demo import build_evaluation
from quartier.gatherings.models import Attendance, Gathering
from quartier.groups.demo import build_working_groups
from quartier.people.models import Consent, Organisation, Person, Territory, User
from quartier.privacy.demo import build_privacy

PARIS = ZoneInfo("Europe/Paris")
DEMO_PASSWORD = "quartier-demo"
TERRITORY_SLUG = "les-montoires"

FIRST_NAMES = [
    "Aïcha",
    "Alain",
    "Amadou",
    "Anne",
    "Aurélie",
    "Bernard",
    "Brigitte",
    "Catherine",
    "Chantal",
    "Christian",
    "Claude",
    "Coralie",
    "Daniel",
    "Denise",
    "Djamila",
    "Dominique",
    "Fatou",
    "Fatima",
    "Françoise",
    "Gérard",
    "Ginette",
    "Hamid",
    "Hélène",
    "Irina",
    "Jacqueline",
    "Jean-Luc",
    "Jeanne",
    "Joël",
    "Josiane",
    "Karim",
    "Khadija",
    "Laetitia",
    "Leïla",
    "Lucien",
    "Malika",
    "Marcel",
    "Mariam",
    "Martine",
    "Mehmet",
    "Michel",
    "Monique",
    "Moussa",
    "Nadia",
    "Nathalie",
    "Nicole",
    "Olga",
    "Patrick",
    "Paulette",
    "Pascal",
    "Rachid",
    "René",
    "Roger",
    "Samia",
    "Sandrine",
    "Serge",
    "Sophie",
    "Suzanne",
    "Sylvie",
    "Thierry",
    "Valérie",
    "Yasmina",
    "Yvette",
    "Zeynep",
    "Ousmane",
    "Arben",
    "Ardita",
    "Vesna",
    "Goran",
]
LAST_NAMES = [
    "Arnaud",
    "Bailly",
    "Benali",
    "Berthier",
    "Bouchet",
    "Camara",
    "Carpentier",
    "Chauvin",
    "Colin",
    "Diallo",
    "Dumont",
    "Durand",
    "Fabre",
    "Faure",
    "Fontaine",
    "Gauthier",
    "Girard",
    "Guérin",
    "Haddad",
    "Hoxha",
    "Jolly",
    "Kaya",
    "Lambert",
    "Leclerc",
    "Lefèvre",
    "Lemoine",
    "Marchand",
    "Martin",
    "Mercier",
    "Meunier",
    "Morel",
    "Nguyen",
    "Ouali",
    "Perrin",
    "Petit",
    "Picard",
    "Renaud",
    "Roche",
    "Roussel",
    "Sanchez",
    "Sow",
    "Tessier",
    "Traoré",
    "Vidal",
    "Yilmaz",
    "Ziani",
    "Popescu",
    "Kovač",
]
LANGUAGES = ["", "", "", "", "arabe", "turc", "albanais", "wolof", "russe", "serbe"]


@dataclass
class Story:
    """What the steps build, so later steps can refer to it."""

    territory: Territory | None = None
    organisations: dict[str, Organisation] = field(default_factory=dict)
    professionals: list[Person] = field(default_factory=list)
    residents: list[Person] = field(default_factory=list)
    gatherings: dict[str, Gathering] = field(default_factory=dict)


def at(year: int, month: int, day: int, hour: int = 18, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=PARIS)


def build_partners(story: Story, rng: random.Random) -> None:
    story.territory = Territory.objects.create(
        name="Les Montoires",
        slug=TERRITORY_SLUG,
        town="Gien",
        insee_commune="45155",
        insee_iris="451550102",
    )
    for key, name, short, kind in [
        ("caf", "Caisse d'allocations familiales du Loiret", "CAF", Organisation.Kind.CAF),
        (
            "cg",
            "Conseil général du Loiret — UTS de Gien",
            "UTS de Gien",
            Organisation.Kind.DEPARTEMENT,
        ),
        ("opac", "OPAC du Loiret", "OPAC", Organisation.Kind.LANDLORD),
        ("msa", "Mutualité sociale agricole Beauce Cœur de Loire", "MSA", Organisation.Kind.MSA),
        ("town", "Commune de Gien", "Mairie de Gien", Organisation.Kind.TOWN),
    ]:
        story.organisations[key] = Organisation.objects.create(
            name=name, short_name=short, kind=kind
        )


def build_people(story: Story, rng: random.Random) -> None:
    # Four social workers of the UTS and one of the CAF accompanied the action (the seed);
    # we add OPAC's and MSA's contacts as the partnership's other professionals.
    for name, org in [
        ("Claire Morin", "cg"),
        ("Élise Garnier", "cg"),
        ("Hugo Besson", "caf"),
        ("Sabine Leroux", "opac"),
        ("Marc Aubry", "msa"),
    ]:
        story.professionals.append(
            Person.objects.create(
                display_name=name,
                kind=Person.Kind.PROFESSIONAL,
                organisation=story.organisations[org],
                territory=story.territory,
                first_met_on=dt.date(1999, 1, 15),
            )
        )
    used: set[str] = set()
    while len(story.residents) < 120:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if name in used:
            continue
        used.add(name)
        story.residents.append(
            Person(
                display_name=name,
                kind=Person.Kind.RESIDENT,
                territory=story.territory,
                languages=", ".join(filter(None, ["français", rng.choice(LANGUAGES)])),
                phone=f"02 38 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
                if rng.random() < 0.4
                else "",
            )
        )
    for person in story.residents:
        person.save()


# (username, first name, last name, role, organisation key, index of their Person or None)
DEMO_ACCOUNTS = [
    ("admin", "Administratrice", "", User.Role.ADMINISTRATOR, None, None),
    ("claire", "Claire", "Morin", User.Role.PROFESSIONAL, "cg", ("professionals", 0)),
    ("hugo", "Hugo", "Besson", User.Role.PROFESSIONAL, "caf", ("professionals", 2)),
    ("benevole", "Martine", "Bénévole", User.Role.VOLUNTEER, None, None),
    ("habitant", "Karim", "Habitant", User.Role.RESIDENT, None, ("residents", 0)),
]


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, password, role) of the demo accounts, for `make run` to print."""
    return [
        (username, DEMO_PASSWORD, str(User.Role(role).label))
        for username, _first, _last, role, _org, _person in DEMO_ACCOUNTS
    ]


def build_accounts(story: Story, rng: random.Random) -> None:
    for username, first, last, role, org, person_ref in DEMO_ACCOUNTS:
        person = getattr(story, person_ref[0])[person_ref[1]] if person_ref else None
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            role=role,
            organisation=story.organisations.get(org) if org else None,
            person=person,
            is_staff=role == User.Role.ADMINISTRATOR,
            is_superuser=role == User.Role.ADMINISTRATOR,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()


def _attend(gathering: Gathering, people: list[Person], role: str) -> None:
    Attendance.objects.bulk_create(
        [Attendance(gathering=gathering, person=p, role=role) for p in people]
    )


def build_public_meetings(story: Story, rng: random.Random) -> None:
    """Two public meetings in 1999 (about a hundred residents in all), then the restitution."""
    territory = story.territory
    place = "Salle polyvalente des Montoires"
    first = Gathering.objects.create(
        kind=Gathering.Kind.PUBLIC_MEETING,
        title="Réunion publique : vivre ensemble aux Montoires",
        start=at(1999, 3, 18),
        end=at(1999, 3, 18, 20, 30),
        place=place,
        territory=territory,
        notes="Première réunion publique. Question posée : « Qu'attendez-vous pour mieux vivre "
        "ensemble dans le quartier ? »",
    )
    second = Gathering.objects.create(
        kind=Gathering.Kind.PUBLIC_MEETING,
        title="Deuxième réunion publique : vos attentes et vos idées",
        start=at(1999, 4, 22),
        end=at(1999, 4, 22, 20, 30),
        place=place,
        territory=territory,
    )
    restitution = Gathering.objects.create(
        kind=Gathering.Kind.RESTITUTION,
        title="Restitution : ce que vous avez dit",
        start=at(1999, 6, 10),
        end=at(1999, 6, 10, 20, 0),
        place=place,
        territory=territory,
        notes="Trois thèmes : le lien social, les jeunes, l'isolement géographique du quartier.",
    )
    residents = list(story.residents)
    rng.shuffle(residents)
    at_first = residents[:56]
    # Some came back; about a hundred distinct residents over the two meetings.
    at_second = residents[44:100]
    _attend(first, at_first, Attendance.Role.PARTICIPANT)
    _attend(second, at_second, Attendance.Role.PARTICIPANT)
    came = sorted({p.pk: p for p in at_first + at_second}.values(), key=lambda p: p.pk)
    _attend(restitution, rng.sample(came, 38), Attendance.Role.PARTICIPANT)
    for gathering in (first, second, restitution):
        _attend(gathering, story.professionals, Attendance.Role.FACILITATOR)
    Consent.objects.bulk_create(
        [
            Consent(
                person=person,
                purpose=Consent.Purpose.ATTENDANCE,
                given_on=dt.date(1999, 3, 18) if person in at_first else dt.date(1999, 4, 22),
                means=Consent.Means.SIGNED,
            )
            for person in came
        ]
    )
    # Fixed date, so the demo stays the same from one build to the next.
    upcoming = Gathering.objects.create(
        kind=Gathering.Kind.EVENT,
        title="Galette des rois du quartier",
        start=at(2027, 1, 14, 15, 0),
        end=at(2027, 1, 14, 18, 0),
        place="Local de l'association, bâtiment C",
        territory=territory,
    )
    story.gatherings.update(
        first_public_meeting=first,
        second_public_meeting=second,
        restitution=restitution,
        galette=upcoming,
    )


Step = Callable[[Story, random.Random], None]

# Later parts of the process append their steps here, in story order.
STEPS: list[Step] = [
    build_partners,
    build_people,
    build_accounts,
    build_public_meetings,
    build_consultation,
    build_working_groups,
    build_activities,
    build_privacy,
    build_diagnosis,
    # The association (2004) last: its random draws leave the earlier steps' story unchanged.
    build_association,
    build_evaluation,
]


def demo_exists() -> bool:
    return Territory.objects.filter(slug=TERRITORY_SLUG).exists()


@transaction.atomic
def build_demo(seed: int = 1999, steps: Sequence[Step] | None = None) -> Story:
    """Build the whole story in one transaction: all of it or nothing. A test may build the
    first steps only (the part of the story it stands on)."""
    story = Story()
    rng = random.Random(seed)
    for step in STEPS if steps is None else steps:
        step(story, rng)
        # Later steps query what earlier ones wrote (the association's books read years of
        # attendance): each is planned on fresh statistics.
        refresh_planner_statistics()
    return story


def refresh_planner_statistics() -> None:
    """PostgreSQL plans queries from table statistics that autovacuum refreshes only after a
    commit: tables filled in bulk (the demo, and every test built on it, inside one
    transaction) would be planned as empty, and a join over years of attendance then takes
    seconds instead of milliseconds. ANALYZE sees the transaction's own rows, and takes a
    fraction of a second on the demo's tables."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
