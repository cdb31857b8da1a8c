"""Demo step: the three working groups of 1999–2000 (Les Montoires), from the seed's story.

One group met for a year and sent the town a proposal for a youth prevention club, which was
taken up; another worked on bringing public services back; the third, on isolation, decided to
start the weekly activities.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from quartier.consultation.demo import DEMO_THEMES, ISOLEMENT_GEOGRAPHIQUE, JEUNES, LIEN_SOCIAL
from quartier.gatherings.models import Attendance, Gathering
from quartier.groups.models import (
    Action,
    Decision,
    Membership,
    Proposal,
    ProposalStep,
    Session,
    WorkingGroup,
)
from quartier.people.models import Person

PARIS = ZoneInfo("Europe/Paris")
# Ten sessions from September 1999 to June 2000 (no session in July and August).
MONTHS = [(1999, m) for m in (9, 10, 11, 12)] + [(2000, m) for m in (1, 2, 3, 4, 5, 6)]


@dataclass
class GroupSpec:
    key: str
    name: str
    theme_label: str
    mandate: str
    outcome: str
    facilitators: tuple[int, ...]  # indexes into story.professionals
    weekday: int  # 0 = Monday
    nth: int  # the group meets on the nth such weekday of the month
    hour: int
    place: str
    size: int
    agendas: list[str]
    # session index -> decisions taken there
    decisions: dict[int, list[str]]
    # (session index, title, owner: "resident" or a professional index, days to do it, status)
    actions: list[tuple[int, str, str | int, int, str]]


GROUPS = [
    GroupSpec(
        key="youth",
        name="Jeunes et prévention",
        theme_label="Les jeunes",
        mandate="Comprendre ce que vivent les jeunes du quartier, ce qui leur manque, et proposer "
        "aux institutions une réponse de prévention.",
        outcome="Proposition d'un club de prévention à la Commune de Gien, reprise : "
        "un club de prévention spécialisée a été créé.",
        facilitators=(0, 2),
        weekday=3,
        nth=3,
        hour=18,
        place="Salle polyvalente des Montoires",
        size=11,
        agendas=[
            "Accueil, tour de table : ce que chacun a dit en réunion publique sur les jeunes",
            "Où sont les jeunes le soir ? Ce qui inquiète, ce qui va bien",
            "Qu'est-ce que la prévention spécialisée ? Avec un éducateur d'Orléans",
            "Retour de la visite du club de prévention de Montargis",
            "Ce que disent les jeunes eux-mêmes (questionnaire)",
            "Dépouillement du questionnaire",
            "Quelles réponses demander, à qui ?",
            "Premier projet de proposition à la mairie",
            "Relecture et adoption de la proposition",
            "Bilan de l'année et suite du groupe",
        ],
        decisions={
            2: ["Aller voir un club de prévention qui fonctionne, à Montargis."],
            4: ["Demander directement leur avis aux jeunes, avec un questionnaire court."],
            7: ["Écrire une proposition de club de prévention adressée au maire."],
            8: [
                "La proposition est adoptée par le groupe ; trois habitantes la remettront au "
                "maire en main propre."
            ],
        },
        actions=[
            (2, "Organiser la visite du club de prévention de Montargis", 2, 30, "done"),
            (4, "Préparer le questionnaire aux jeunes", "resident", 20, "done"),
            (4, "Faire passer le questionnaire en bas des immeubles", "resident", 40, "done"),
            (7, "Rédiger le projet de proposition", "resident", 25, "done"),
            (8, "Prendre rendez-vous avec le maire", 0, 15, "done"),
        ],
    ),
    GroupSpec(
        key="services",
        name="Retour des services publics dans le quartier",
        theme_label="L'isolement géographique du quartier",
        mandate="Faire revenir les services publics et l'administration au plus près des "
        "habitants : permanences dans le quartier, démarches facilitées.",
        outcome="Liste des démarches impossibles sans aller en ville remise aux partenaires ; "
        "demandes de permanences au quartier.",
        facilitators=(1, 4),
        weekday=1,
        nth=3,
        hour=18,
        place="Local de l'OPAC, bâtiment A",
        size=9,
        agendas=[
            "Accueil : pourquoi faut-il toujours aller en ville ?",
            "La liste des démarches qui obligent à se déplacer",
            "Les horaires des bus et le coût du transport",
            "Rencontre avec la CAF : que peut-on faire au quartier ?",
            "Rencontre avec La Poste",
            "Un lieu pour des permanences : lequel ?",
            "Préparer les demandes aux partenaires",
            "Réponses reçues, suite à donner",
            "Organiser les premières permanences",
            "Bilan de l'année",
        ],
        decisions={
            1: ["Recenser, immeuble par immeuble, les démarches qui obligent à aller en ville."],
            6: ["Demander à la CAF et à l'UTS une permanence mensuelle au quartier."],
        },
        actions=[
            (1, "Faire le tour des immeubles pour recenser les démarches", "resident", 30, "done"),
            (2, "Relever les horaires de bus vers le centre-ville", "resident", 20, "done"),
            (6, "Écrire aux partenaires pour demander des permanences", 1, 21, "done"),
            (8, "Affiche des permanences dans les halls", "resident", 14, "dropped"),
        ],
    ),
    GroupSpec(
        key="isolation",
        name="Isolement et lien social",
        theme_label="Le lien social",
        mandate="Rompre l'isolement des habitants, en particulier des personnes âgées et des "
        "familles arrivées récemment : se rencontrer, faire des choses ensemble.",
        outcome="A lancé les activités hebdomadaires : journal du quartier, cuisine, cartes, "
        "travaux manuels.",
        facilitators=(3, 0),
        weekday=0,
        nth=2,
        hour=14,
        place="Local de l'association, bâtiment C",
        size=12,
        agendas=[
            "Accueil : qui se sent seul dans le quartier, et pourquoi ?",
            "Ce qui existait avant aux Montoires",
            "Des idées d'activités, de tout le monde",
            "Ce que chacun sait faire et aimerait partager",
            "Choisir les premières activités",
            "Un local pour se retrouver",
            "Premier numéro du journal du quartier",
            "Bilan des premières semaines d'activités",
            "Comment faire venir ceux qui ne sortent pas",
            "Bilan de l'année et passage de relais",
        ],
        decisions={
            4: [
                "Lancer des activités chaque semaine : un journal du quartier, un atelier cuisine, "
                "un après-midi cartes, un atelier travaux manuels."
            ],
            6: ["Le journal paraîtra chaque mois et sera glissé dans toutes les boîtes."],
        },
        actions=[
            (3, "Faire la liste des savoir-faire des habitants", "resident", 21, "done"),
            (4, "Demander un local à l'OPAC", 3, 21, "done"),
            (4, "Trouver un animateur pour l'atelier cuisine", "resident", 30, "done"),
            (6, "Distribuer le premier journal dans les boîtes", "resident", 10, "done"),
            (8, "Passer voir les voisins âgés qui ne sortent pas", "resident", 30, "done"),
        ],
    ),
]


def _nth_weekday(year: int, month: int, weekday: int, nth: int, hour: int) -> dt.datetime:
    first = dt.date(year, month, 1)
    day = 1 + (weekday - first.weekday()) % 7 + 7 * (nth - 1)
    return dt.datetime(year, month, day, hour, 0, tzinfo=PARIS)


def _minutes(spec: GroupSpec, index: int, present: int, decisions: list[str]) -> str:
    lines = [
        f"Présents : {present} personnes.",
        "",
        f"**{spec.agendas[index]}.**",
        "",
        "Chacun a pu dire ce qu'il pensait ; les échanges ont été notés par une habitante du "
        "groupe et relus ensemble.",
    ]
    if decisions:
        lines += ["", "Décisions :", ""] + [f"- {d}" for d in decisions]
    return "\n".join(lines)


def build_working_groups(story, rng: random.Random) -> None:
    """The three groups of 1999–2000, with about ten sessions each over a year."""
    meetings = [story.gatherings["first_public_meeting"], story.gatherings["second_public_meeting"]]
    came = sorted(
        Person.objects.filter(
            kind=Person.Kind.RESIDENT, attendances__gathering__in=meetings
        ).distinct(),
        key=lambda p: p.pk,
    )
    pool = list(came)
    rng.shuffle(pool)
    # The demo resident account ("habitant") sits in the first group, so a resident's view of a
    # group can be tried.
    account_person = story.residents[0]
    if account_person in pool:
        pool.remove(account_person)
        pool.insert(0, account_person)
    story.working_groups = {}
    for spec in GROUPS:
        # Mostly different people in each group; a few residents are in two.
        members = pool[: spec.size]
        invited_never_came = pool[spec.size : spec.size + 2]
        pool = pool[spec.size - 2 : spec.size] + pool[spec.size + 2 :]
        facilitators = [story.professionals[i] for i in spec.facilitators]
        story.working_groups[spec.key] = _build_group(
            story, rng, spec, members, invited_never_came, facilitators
        )
    _link_to_themes(story)


# Which theme of the 1999 restitution each group took up.
THEME_OF_GROUP = {
    "youth": JEUNES,
    "services": ISOLEMENT_GEOGRAPHIQUE,
    "isolation": LIEN_SOCIAL,
}


def _link_to_themes(story) -> None:
    consultation = getattr(story, "consultation", None)
    if consultation is None:
        return
    for key, group in story.working_groups.items():
        group.theme = consultation.themes.get(label=DEMO_THEMES[THEME_OF_GROUP[key]])
        group.save(update_fields=["theme"])


def _build_group(story, rng, spec, members, invited_never_came, facilitators) -> WorkingGroup:
    group = WorkingGroup.objects.create(
        name=spec.name,
        mandate=spec.mandate,
        territory=story.territory,
        theme_label=spec.theme_label,
        status=WorkingGroup.Status.CLOSED,
        outcome=spec.outcome,
    )
    sessions: list[Session] = []
    for index, (year, month) in enumerate(MONTHS):
        start = _nth_weekday(year, month, spec.weekday, spec.nth, spec.hour)
        gathering = Gathering.objects.create(
            kind=Gathering.Kind.WORKING_GROUP_SESSION,
            title=f"Groupe « {spec.name} » : séance",
            start=start,
            end=start + dt.timedelta(hours=2),
            place=spec.place,
            territory=story.territory,
        )
        sessions.append(
            Session.objects.create(gathering=gathering, group=group, agenda=spec.agendas[index])
        )

    # A core that comes nearly every time, others now and then; two leave during the year.
    core = set(p.pk for p in members[: len(members) // 2])
    leaves = {members[-1].pk: 5, members[-2].pk: 7}  # leaves after that session
    attendance_rows = []
    first_seen: dict[int, dt.date] = {}
    last_seen: dict[int, dt.date] = {}
    headcounts = []
    for index, session in enumerate(sessions):
        day = session.gathering.start.date()
        present = []
        for person in members:
            if index > leaves.get(person.pk, 99):
                continue
            chance = 0.85 if person.pk in core else 0.45
            if index == 0 or rng.random() < chance:
                present.append(person)
                first_seen.setdefault(person.pk, day)
                last_seen[person.pk] = day
        headcounts.append(len(present))
        attendance_rows += [
            Attendance(gathering=session.gathering, person=p, role=Attendance.Role.PARTICIPANT)
            for p in present
        ]
        attendance_rows += [
            Attendance(gathering=session.gathering, person=p, role=Attendance.Role.FACILITATOR)
            for p in facilitators
        ]
    Attendance.objects.bulk_create(attendance_rows)

    Membership.objects.bulk_create(
        [
            Membership(
                group=group,
                person=p,
                role=Membership.Role.FACILITATOR,
                status=Membership.Status.MEMBER,
                joined_on=sessions[0].start.date(),
            )
            for p in facilitators
        ]
        + [
            Membership(
                group=group,
                person=p,
                status=Membership.Status.MEMBER,
                invited_on=dt.date(1999, 6, 10),
                joined_on=first_seen[p.pk],
                # The group is closed, but who was in it at the end stays on record as a member.
                left_on=last_seen[p.pk] if p.pk in leaves else None,
            )
            for p in members
        ]
        + [
            Membership(
                group=group,
                person=p,
                status=Membership.Status.INVITED,
                invited_on=dt.date(1999, 6, 10),
            )
            for p in invited_never_came
        ]
    )

    for index, session in enumerate(sessions):
        decisions = spec.decisions.get(index, [])
        for text in decisions:
            decision = Decision.objects.create(session=session, text=text)
            if spec.key == "isolation" and index == 4:
                story.weekly_activities_decision = decision
        session.minutes_draft = _minutes(spec, index, headcounts[index], decisions)
        if index + 1 < len(sessions):  # approved at the next session; the last stays a draft
            following = sessions[index + 1]
            session.minutes_approved = session.minutes_draft
            session.approved_in = following
            session.approved_at = following.gathering.start + dt.timedelta(minutes=15)
        session.save()

    residents = [p for p in members if p.pk in core]
    for index, title, owner, days, status in spec.actions:
        Action.objects.create(
            group=group,
            title=title,
            owner=rng.choice(residents) if owner == "resident" else story.professionals[owner],
            due_on=sessions[index].gathering.start.date() + dt.timedelta(days=days),
            status=status,
            decided_in=sessions[index],
        )

    if spec.key == "youth":
        _prevention_club_proposal(story, group, sessions[8])
    return group


def _prevention_club_proposal(story, group: WorkingGroup, decided_in: Session) -> None:
    proposal = Proposal.objects.create(
        group=group,
        title="Un club de prévention pour les jeunes des Montoires",
        addressee=story.organisations["town"],
        body=(
            "Les habitants du groupe « Jeunes et prévention » ont travaillé pendant un an avec "
            "les travailleurs sociaux du quartier.\n\n"
            "**Ce que nous avons constaté** : les jeunes n'ont pas de lieu le soir, ni d'adulte "
            "à qui parler en dehors de la famille et de l'école.\n\n"
            "**Ce que nous proposons** : un club de prévention spécialisée, avec des éducateurs "
            "présents dans le quartier, en lien avec les familles."
        ),
        decided_in=decided_in,
        status=Proposal.Status.IMPLEMENTED,
        outcome="Un club de prévention spécialisée a été créé",
    )
    ProposalStep.objects.bulk_create(
        [
            ProposalStep(proposal=proposal, status=status, on=on, note=note)
            for status, on, note in [
                (
                    Proposal.Status.DRAFT,
                    decided_in.gathering.start.date(),
                    "Adoptée par le groupe en séance.",
                ),
                (
                    Proposal.Status.SUBMITTED,
                    dt.date(2000, 6, 5),
                    "Remise au maire en main propre par trois habitantes du groupe.",
                ),
                (
                    Proposal.Status.UNDER_STUDY,
                    dt.date(2000, 9, 14),
                    "Présentée à la commission jeunesse du conseil municipal.",
                ),
                (
                    Proposal.Status.ACCEPTED,
                    dt.date(2000, 12, 11),
                    "Le conseil municipal reprend la proposition, avec le Département.",
                ),
                (
                    Proposal.Status.IMPLEMENTED,
                    dt.date(2001, 9, 3),
                    "Les éducateurs de prévention commencent leur travail dans le quartier.",
                ),
            ]
        ]
    )
    story.prevention_club_proposal = proposal
