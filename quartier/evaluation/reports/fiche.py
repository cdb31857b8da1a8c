"""The practice sheet (fiche d'expérience) of a territory, in the seed's own sections, filled
from what was recorded: the consultations and their themes, the working groups and what their
proposals became, the activities, the association and its subsidies, the indicators, the
milestones. Free text (`PracticeSheet`) only where data cannot say it: objectives in the
team's words, the history before the first gathering, the contact.

`sheet(territory)` gathers it as sections; `to_markdown` and the templates render it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Count, Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quartier.activities.models import Activity
from quartier.consultation.models import Theme
from quartier.core.text import of
from quartier.evaluation import loneliness, path
from quartier.evaluation.indicators.handover import handover
from quartier.evaluation.indicators.scope import YEAR, Scope
from quartier.evaluation.models import Milestone, PracticeSheet
from quartier.gatherings.models import Attendance, Gathering
from quartier.groups.models import Proposal, WorkingGroup
from quartier.people.models import Organisation, Person, Territory
from quartier.statistics.areas import DEPARTEMENT_NAMES, departement_of


@dataclass
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)


@dataclass
class Sheet:
    territory: Territory
    title: str
    sections: list[Section]


def euros(cents: int) -> str:
    value = cents / 100
    text = f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
    return text.replace(",", "\u202f").replace(".", ",") + " €"


def _years(years: list[int]) -> str:
    first, last = min(years), max(years)
    if first == last:
        return str(first)
    return _("de %(first)d à %(last)d") % {"first": first, "last": last}


def _professional_attendances(territory: Territory):
    return Attendance.objects.filter(
        gathering__territory=territory,
        person__kind=Person.Kind.PROFESSIONAL,
        person__organisation__isnull=False,
    )


def sheet(territory: Territory) -> Sheet:
    words = PracticeSheet.objects.filter(territory=territory).first()
    association, subsidies = _association(territory)
    staff = (
        _professional_attendances(territory)
        .values("person__organisation")
        .annotate(people=Count("person", distinct=True), times=Count("pk"))
        .order_by("-times", "person__organisation")
    )
    organisations = Organisation.objects.in_bulk([row["person__organisation"] for row in staff])
    lead = organisations[staff[0]["person__organisation"]] if staff else None
    partners = {o.pk: o for o in organisations.values() if o.kind != Organisation.Kind.ASSOCIATION}
    for subsidy in subsidies:
        partners.setdefault(subsidy.funder.pk, subsidy.funder)
    milestones = list(
        Milestone.objects.filter(territory=territory, person__isnull=False).order_by("happened_on")
    )
    testimony = path.published_testimonies(territory).first()
    title = (words.title if words and words.title else "") or _(
        "Habitants et travailleurs sociaux : bien vivre ensemble dans le quartier %(of_name)s"
    ) % {"of_name": of(territory.name)}
    sections = [
        _kinds(territory, milestones),
        _departement(territory),
        _quote(testimony),
        Section(_("Porteur de l'action"), [lead.name] if lead else []),
        _objectives(territory, words, organisations.values()),
        _origins(territory, words),
        _description(territory, association, milestones),
        _bilan(territory, association, milestones),
        Section(
            _("Partenaires"),
            items=sorted((o.name for o in partners.values()), key=str.casefold),
        ),
        _means(territory, staff, organisations, subsidies),
        Section(_("Contact"), [words.contact] if words and words.contact else []),
    ]
    return Sheet(territory, title, sections)


def _association(territory: Territory) -> tuple[object | None, list]:
    """The territory's residents' association and the subsidies it was granted (none while the
    association app is not installed)."""
    if not apps.is_installed("quartier.association"):
        return None, []
    from quartier.association.models import Association, Subsidy

    association = Association.objects.filter(territory=territory).order_by("founded_on").first()
    subsidies = list(
        Subsidy.objects.filter(association__territory=territory, amount_granted__gt=0)
        .select_related("funder")
        .order_by("funder__name", "year")
    )
    return association, subsidies


def _kinds(territory: Territory, milestones: list[Milestone]) -> Section:
    items = [_("Développement social")]
    if Activity.objects.filter(territory=territory).exists():
        items.append(_("Lien social"))
    if any(
        m.kind in (Milestone.Kind.JOB, Milestone.Kind.TRAINING, Milestone.Kind.DIPLOMA)
        for m in milestones
    ):
        items.append(_("Accès à l'emploi"))
    return Section(_("Type d'action"), items=items)


def _departement(territory: Territory) -> Section:
    if not territory.insee_commune:
        return Section(_("Département"))
    code = departement_of(territory.insee_commune)
    name = DEPARTEMENT_NAMES.get(code, "")
    return Section(_("Département"), [f"{name} ({code})" if name else code])


def _quote(testimony) -> Section:
    if testimony is None:
        return Section(_("Sur le vif"))
    author = testimony.attribution
    if testimony.publication == "named":
        author = ", ".join(filter(None, [testimony.person.display_name, testimony.attribution]))
    return Section(_("Sur le vif"), [f"« {testimony.quote} » {author}".strip()])


def _objectives(territory: Territory, words, organisations) -> Section:
    if words and words.objectives:
        return Section(_("Objectifs et bref descriptif"), [words.objectives])
    names = sorted({o.short_name or o.name for o in organisations if o.kind != "association"})
    meetings = Gathering.objects.filter(
        territory=territory, kind=Gathering.Kind.PUBLIC_MEETING
    ).count()
    groups = WorkingGroup.objects.filter(territory=territory).count()
    text = _(
        "Dans le quartier %(of_name)s, des travailleurs sociaux (%(orgs)s) travaillent en "
        "partenariat : "
        "%(meetings)s et %(groups)s avec les habitants, pour rompre l'isolement et mobiliser "
        "la population dans la recherche de solutions et leur mise en œuvre."
    ) % {
        "of_name": of(territory.name),
        "orgs": ", ".join(names),
        "meetings": ngettext("%(n)d réunion publique", "%(n)d réunions publiques", meetings)
        % {"n": meetings},
        "groups": ngettext("%(n)d groupe de travail", "%(n)d groupes de travail", groups)
        % {"n": groups},
    }
    return Section(_("Objectifs et bref descriptif"), [text])


def _origins(territory: Territory, words) -> Section:
    paragraphs = [words.origins] if words and words.origins else []
    first = (
        Gathering.objects.filter(territory=territory, cancelled_at__isnull=True)
        .order_by("start")
        .first()
    )
    if first:
        paragraphs.append(
            _("Première rencontre enregistrée : %(title)s, le %(day)s.")
            % {"title": first.title, "day": first.start.strftime("%d/%m/%Y")}
        )
    return Section(_("Origines"), paragraphs)


def _description(territory: Territory, association, milestones: list[Milestone]) -> Section:
    paragraphs, items = [], []
    meetings = Gathering.objects.filter(territory=territory, kind=Gathering.Kind.PUBLIC_MEETING)
    came = (
        Attendance.objects.filter(gathering__in=meetings, person__kind=Person.Kind.RESIDENT)
        .values("person")
        .distinct()
        .count()
    )
    if meetings.exists():
        paragraphs.append(
            ngettext(
                "%(n)d réunion publique a réuni %(people)d habitants.",
                "%(n)d réunions publiques ont réuni %(people)d habitants.",
                meetings.count(),
            )
            % {"n": meetings.count(), "people": came}
        )
    themes = list(
        Theme.objects.filter(consultation__territory=territory, hidden=False)
        .order_by("consultation_id", "position", "pk")
        .values_list("label", flat=True)
    )
    if themes:
        paragraphs.append(
            _("Les thèmes retenus à la restitution : %(themes)s.")
            % {"themes": " ; ".join(t[0].lower() + t[1:] for t in themes)}
        )
    for group in WorkingGroup.objects.filter(territory=territory).order_by("created_at", "pk"):
        line = group.name
        if group.theme_label:
            line += _(" (thème : %(theme)s)") % {"theme": group.theme_label.lower()}
        proposals = Proposal.objects.filter(group=group).exclude(status="draft")
        outcomes = [
            _("%(title)s : %(status)s%(outcome)s")
            % {
                "title": p.title,
                "status": p.get_status_display().lower(),
                "outcome": f" ({p.outcome})" if p.outcome else "",
            }
            for p in proposals
        ]
        if outcomes:
            line += " — " + " ; ".join(outcomes)
        elif group.outcome:
            line += " — " + group.outcome
        items.append(line)
    weekly = list(
        Activity.objects.filter(territory=territory, kind=Activity.Kind.SESSION)
        .order_by("starts_on", "name")
        .values_list("name", flat=True)
    )
    if weekly:
        paragraphs.append(_("Activités hebdomadaires : %(names)s.") % {"names": ", ".join(weekly)})
    events = list(
        Activity.objects.filter(territory=territory, kind=Activity.Kind.EVENT)
        .order_by("name")
        .values_list("name", flat=True)
    )
    if events:
        paragraphs.append(
            _("Événements ouverts à tous : %(names)s.") % {"names": ", ".join(events)}
        )
    if association:
        paragraphs.append(
            _("Création de l'association « %(name)s » en %(year)d.")
            % {"name": association.name, "year": association.founded_on.year}
        )
        shares = [
            h
            for h in handover(_all_years(territory))
            if h.held and h.period.first_day.year >= association.founded_on.year
        ]
        if shares:
            paragraphs.append(
                _(
                    "Depuis %(year)d, les travailleurs sociaux se retirent peu à peu : "
                    "%(first)d %% des rencontres sans professionnel en %(year)d, %(last)d %% "
                    "en %(last_year)s."
                )
                % {
                    "year": association.founded_on.year,
                    "first": shares[0].share_without_professional,
                    "last": shares[-1].share_without_professional,
                    "last_year": shares[-1].period.label,
                }
            )
    outcomes = _insertion(milestones)
    if outcomes:
        paragraphs.append(_("Insertion : %(list)s.") % {"list": " ; ".join(outcomes)})
    return Section(_("Description détaillée"), paragraphs, items)


def _insertion(milestones: list[Milestone]) -> list[str]:
    lines = []
    for m in milestones:
        if m.kind not in (Milestone.Kind.DIPLOMA, Milestone.Kind.JOB, Milestone.Kind.HOUSING):
            continue
        line = f"{m.get_kind_display().lower()} : {m.title}"
        if m.age:
            line += _(" à %(age)d ans") % {"age": m.age}
        lines.append(f"{line} ({m.happened_on.year})")
    return lines


def _all_years(territory: Territory) -> Scope:
    first = Gathering.objects.filter(territory=territory).aggregate(first=Min("start"))["first"]
    start = timezone.localtime(first).date() if first else timezone.localdate()
    return Scope.of(start, timezone.localdate(), YEAR, territory=territory)


def _bilan(territory: Territory, association, milestones: list[Milestone]) -> Section:
    scope = _all_years(territory)
    people = scope.attendances().values("person").distinct().count()
    items = [
        ngettext(
            "Mobilisation des habitants : %(n)d personne venue au moins une fois.",
            "Mobilisation des habitants : %(n)d personnes venues au moins une fois.",
            people,
        )
        % {"n": people}
    ]
    if association:
        items.append(
            _("Création d'une association en %(year)d : %(name)s.")
            % {"year": association.founded_on.year, "name": association.name}
        )
    change = loneliness.paired_change(territory)
    if change.shown:
        items.append(
            _(
                "Amélioration du vivre ensemble : sentiment d'isolement de %(before)s à "
                "%(after)s sur 9 (%(n)s)."
            )
            % {
                "before": str(change.mean_before).replace(".", ","),
                "after": str(change.mean_after).replace(".", ","),
                "n": change.describe(),
            }
        )
    outcomes = _insertion(milestones)
    if outcomes:
        items.append(_("Amélioration de l'insertion : %(list)s.") % {"list": " ; ".join(outcomes)})
    return Section(_("Bilan"), items=items)


def _means(territory: Territory, staff, organisations, subsidies: list) -> Section:
    items = []
    for row in staff:
        organisation = organisations[row["person__organisation"]]
        if organisation.kind == Organisation.Kind.ASSOCIATION:
            continue
        items.append(
            ngettext(
                "%(org)s : %(n)d travailleur social",
                "%(org)s : %(n)d travailleurs sociaux",
                row["people"],
            )
            % {"n": row["people"], "org": organisation.short_name or organisation.name}
        )
    places = Counter(
        Activity.objects.filter(territory=territory)
        .exclude(place="")
        .values_list("place", flat=True)
    )
    if places:
        items.append(_("Local : %(place)s.") % {"place": places.most_common(1)[0][0]})
    by_funder: dict[tuple[int, int], list[int]] = defaultdict(list)
    funders = {}
    for subsidy in subsidies:
        by_funder[(subsidy.funder.pk, subsidy.amount_granted)].append(subsidy.year)
        funders[subsidy.funder.pk] = subsidy.funder
    for (funder_pk, amount), years in sorted(by_funder.items(), key=lambda i: (-i[0][1], i[0])):
        items.append(
            _("%(funder)s : subvention de %(amount)s par an, %(years)s.")
            % {
                "amount": euros(amount),
                "years": _years(years),
                "funder": funders[funder_pk].name,
            }
        )
    return Section(_("Moyens"), items=items)


def to_markdown(sheet: Sheet) -> str:
    lines = [f"# {sheet.title}", ""]
    for section in sheet.sections:
        lines += [f"## {section.title}", ""]
        if not section.paragraphs and not section.items:
            lines += [_("(à compléter)"), ""]
        for paragraph in section.paragraphs:
            lines += [paragraph, ""]
        if section.items:
            lines += [f"- {item}" for item in section.items] + [""]
    return "\n".join(lines)
