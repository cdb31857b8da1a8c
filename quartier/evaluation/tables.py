"""The evaluation's tables: one place builds each (header, rows), for the page beside its chart
and for its CSV/XLSX export, so both always say the same."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quartier.evaluation.follow_up import Absent
from quartier.evaluation.indicators.handover import Handover
from quartier.evaluation.indicators.mobilisation import REGULAR_VISITS, RETURN_DAYS, Mobilisation
from quartier.evaluation.indicators.network import Network


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[Sequence[object]]


def _percent(value: float | None) -> object:
    return "" if value is None else value


def mobilisation_table(rows: list[Mobilisation]) -> Table:
    return Table(
        _("Mobilisation des habitants"),
        [
            _("Période"),
            _("Personnes venues"),
            _("Nouveaux venus"),
            ngettext("Venue %(n)d fois ou plus", "Venues %(n)d fois ou plus", REGULAR_VISITS)
            % {"n": REGULAR_VISITS},
            ngettext(
                "Nouveaux venus revenus dans le jour",
                "Nouveaux venus revenus dans les %(days)d jours",
                RETURN_DAYS,
            )
            % {"days": RETURN_DAYS},
            _("Nouveaux venus revenus (%)"),
            _("Habitants du territoire venus"),
            _("Part des habitants du territoire (%)"),
        ],
        [
            (
                r.period.label,
                r.participants,
                r.newcomers,
                r.regulars,
                r.newcomers_back,
                _percent(r.retention),
                r.residents_reached,
                _percent(r.reach),
            )
            for r in rows
        ],
    )


def handover_table(rows: list[Handover]) -> Table:
    return Table(
        _("Passage de relais"),
        [
            _("Période"),
            _("Rencontres tenues"),
            _("Sans professionnel"),
            _("Sans professionnel (%)"),
            _("Animées par des habitants"),
            _("Animées par des habitants (%)"),
        ],
        [
            (
                r.period.label,
                r.held,
                r.without_professional,
                _percent(r.share_without_professional),
                r.facilitated_by_residents,
                _percent(r.share_facilitated_by_residents),
            )
            for r in rows
        ],
    )


def network_table(result: Network) -> Table:
    return Table(
        _("Liens entre les personnes"),
        [
            _("Période"),
            _("Personnes venues"),
            _("Liens"),
            _("Liens par personne"),
            _("Personnes sans lien"),
            _("Nouveaux liens"),
            _("Nouveaux liens entre deux groupes"),
        ],
        [
            (p.period.label, p.people, p.ties, p.ties_per_person, p.isolated, p.new_ties, p.bridges)
            for p in result.periods
        ],
    )


def groups_table(result: Network) -> Table:
    return Table(
        _("Liens entre groupes"),
        [_("Groupe"), _("Autre groupe"), _("Liens")],
        [list(row) for row in result.ties_between_groups()],
    )


def follow_up_table(absent: list[Absent]) -> Table:
    return Table(
        _("Personnes à rappeler"),
        [
            _("Nom"),
            _("Téléphone"),
            _("Venues"),
            _("Dernière venue"),
            _("Écart habituel (jours)"),
            _("Absence (jours)"),
            _("Dernier appel"),
            _("Jointe"),
        ],
        [
            (
                a.person.display_name,
                a.person.phone,
                a.visits,
                a.last_visit,
                a.usual_gap_days,
                a.absent_days,
                a.last_note.noted_on if a.last_note else "",
                a.last_note.reached if a.last_note else "",
            )
            for a in absent
        ],
    )
