"""The yearly bilan of a territory for partners and funders: figures computed when it is read,
a first draft of its words written from them (the team reviews and completes it, `Bilan`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quartier.evaluation import loneliness, path
from quartier.evaluation.indicators.handover import Handover, handover
from quartier.evaluation.indicators.mobilisation import Mobilisation, mobilisation
from quartier.evaluation.indicators.network import PeriodTies, network
from quartier.evaluation.indicators.scope import QUARTER, YEAR, Scope
from quartier.evaluation.models import Bilan, Milestone
from quartier.people.models import Territory

HISTORY_YEARS = 5


@dataclass
class BilanFigures:
    territory: Territory
    year: int
    mobilisation: Mobilisation
    quarters: list[Mobilisation]
    handover_history: list[Handover]
    ties: PeriodTies
    activities: list[tuple[str, int, int]]  # name, sessions held, distinct people
    milestones: list[Milestone]
    change: loneliness.PairedChange
    testimonies: list

    @property
    def handover(self) -> Handover:
        return self.handover_history[-1]


def _scope(territory: Territory, year: int, by: str = YEAR, first: int | None = None) -> Scope:
    return Scope.of(dt.date(first or year, 1, 1), dt.date(year, 12, 31), by, territory=territory)


def figures(territory: Territory, year: int) -> BilanFigures:
    scope = _scope(territory, year)
    activities = (
        scope.attendances()
        .filter(gathering__activity_session__isnull=False)
        .values_list("gathering__activity_session__activity__name")
        .annotate(sessions=Count("gathering", distinct=True), people=Count("person", distinct=True))
        .order_by("-people", "gathering__activity_session__activity__name")
    )
    return BilanFigures(
        territory=territory,
        year=year,
        mobilisation=mobilisation(scope)[0],
        quarters=mobilisation(_scope(territory, year, QUARTER)),
        handover_history=handover(_scope(territory, year, first=year - HISTORY_YEARS + 1)),
        ties=network(scope, min_shared=2).periods[0],
        activities=list(activities),
        milestones=list(
            Milestone.objects.filter(
                territory=territory, happened_on__year=year, person__isnull=False
            ).order_by("happened_on")
        ),
        change=loneliness.paired_change(territory),
        testimonies=list(path.published_testimonies(territory)[:2]),
    )


def draft(f: BilanFigures) -> str:
    """A first version of the bilan's words, from the figures alone."""
    m = f.mobilisation
    parts = [
        ngettext(
            "En %(year)d, %(n)d personne est venue au moins une fois aux rencontres.",
            "En %(year)d, %(n)d personnes sont venues au moins une fois aux rencontres.",
            m.participants,
        )
        % {"year": f.year, "n": m.participants}
    ]
    if m.participants:
        parts.append(
            ngettext(
                "%(n)d est venue pour la première fois",
                "%(n)d sont venues pour la première fois",
                m.newcomers,
            )
            % {"n": m.newcomers}
            + ", "
            + ngettext(
                "%(n)d est venue trois fois ou plus.",
                "%(n)d sont venues trois fois ou plus.",
                m.regulars,
            )
            % {"n": m.regulars}
        )
    if m.reach is not None:
        parts.append(
            _("Cela représente %(share)s %% des habitants connus du territoire.")
            % {"share": str(m.reach).replace(".", ",")}
        )
    h = f.handover
    if h.held:
        parts.append(
            ngettext(
                "Sur %(n)d rencontre, %(share)d %% se sont tenues sans professionnel.",
                "Sur %(n)d rencontres, %(share)d %% se sont tenues sans professionnel.",
                h.held,
            )
            % {"n": h.held, "share": h.share_without_professional}
        )
    if f.activities:
        names = ", ".join(name for name, _s, _p in f.activities[:4])
        parts.append(_("Activités de l'année : %(names)s.") % {"names": names})
    if f.milestones:
        parts.append(
            ngettext(
                "Une étape de parcours a été notée : %(titles)s.",
                "%(n)d étapes de parcours ont été notées : %(titles)s.",
                len(f.milestones),
            )
            % {"n": len(f.milestones), "titles": ", ".join(x.title for x in f.milestones)}
        )
    return " ".join(parts)


def bilan_for(f: BilanFigures) -> Bilan:
    """The team's words for that year, with the draft proposed when nothing is written yet
    (not saved until the team saves it)."""
    bilan = Bilan.objects.filter(territory=f.territory, year=f.year).first()
    if bilan is None:
        bilan = Bilan(territory=f.territory, year=f.year)
    if not bilan.summary:
        bilan.summary = draft(f)
    return bilan
