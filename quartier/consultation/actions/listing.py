"""What the team reads of a consultation's contributions: counts, filters, the spreadsheet
export."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from quartier.consultation.models import Consultation, Contribution
from quartier.gatherings.models import Gathering


def counts(consultation: Consultation) -> dict[str, list[tuple[str, int]]]:
    """Contributions by kind, channel and state, with French labels, for the consultation page."""
    contributions = consultation.contributions.all()
    result = {}
    for name, choices in (
        ("kind", Contribution.Kind),
        ("channel", Contribution.Channel),
        ("state", Contribution.State),
    ):
        tally = dict(contributions.values_list(name).annotate(n=Count("pk")).order_by())
        result[name] = [(label, tally.get(value, 0)) for value, label in choices.choices]
    return result


def filter_contributions(
    contributions: QuerySet[Contribution],
    *,
    q: str = "",
    kind: str = "",
    channel: str = "",
    state: str = "",
    gathering: Gathering | None = None,
) -> QuerySet[Contribution]:
    for word in q.split():
        contributions = contributions.filter(text__icontains=word)
    if kind:
        contributions = contributions.filter(kind=kind)
    if channel:
        contributions = contributions.filter(channel=channel)
    if state:
        contributions = contributions.filter(state=state)
    if gathering:
        contributions = contributions.filter(gathering=gathering)
    return contributions


def export_rows(contributions: QuerySet[Contribution]) -> tuple[list[str], list[list[object]]]:
    """Header and rows for the team's spreadsheet export (names included: team only)."""
    header = [
        _("date"),
        _("canal"),
        _("rencontre"),
        _("type"),
        _("texte"),
        _("auteur"),
        _("tranche d'âge"),
        _("thème"),
        _("état"),
    ]
    rows = [
        [
            c.date,
            c.get_channel_display(),
            c.gathering.title if c.gathering else "",
            c.get_kind_display(),
            c.text,
            c.author.display_name if c.author else c.author_name,
            c.get_age_band_display() if c.age_band else "",
            c.theme.label if c.theme else "",
            c.get_state_display(),
        ]
        for c in contributions.select_related("gathering", "author", "theme").order_by(
            "said_on", "created_at", "pk"
        )
    ]
    return header, rows
