"""The restitution: the themes to present back to residents, most salient first, each with its
sub-themes and short quotes (the sentences that carry the theme, whole text one click away),
named only when their author consented."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from quartier.consultation.actions.grouping_run import attach_subthemes, published
from quartier.consultation.models import Consultation, Contribution, Theme
from quartier.people.models import Consent
from quartier.synthesis.quotes import shorten

MAX_QUOTES = 3


@dataclass
class Quote:
    text: str  # as projected: at most about 240 characters, « … » where cut
    attribution: str
    full: str = ""  # the whole contribution, when `text` is a cut of it


@dataclass
class RestitutionSubtheme:
    label: str
    contributions: int


@dataclass
class RestitutionTheme:
    theme: Theme
    contributions: int
    salience: int
    percent: int  # bar length, relative to the most salient theme
    quotes: list[Quote]
    subthemes: list[RestitutionSubtheme]


@dataclass
class Restitution:
    consultation: Consultation
    themes: list[RestitutionTheme]
    total: int
    people: int
    other: int


def quote_attribution(contribution: Contribution, consenting: set[int]) -> str:
    """A name only with an active "contributions" consent; otherwise anonymous (age if known)."""
    if contribution.author_id and contribution.author_id in consenting:
        return contribution.author.display_name
    if contribution.age_band:
        return _("Une personne du quartier, %(age)s") % {"age": contribution.get_age_band_display()}
    return _("Une personne du quartier")


def quote_contributions(theme: Theme, members: list[Contribution]) -> list[Contribution]:
    """Pinned quotes first, then the engine's, never an excluded one: MAX_QUOTES unless pinned."""
    by_pk = {c.pk: c for c in members}
    chosen = [c for c in members if c.is_pinned_quote]
    for pk in theme.quotes:
        if len(chosen) >= MAX_QUOTES:
            break
        contribution = by_pk.get(pk)
        if contribution and not contribution.is_excluded_quote and contribution not in chosen:
            chosen.append(contribution)
    return chosen


def theme_quotes(theme: Theme, members: list[Contribution], consenting: set[int]) -> list[Quote]:
    quotes = []
    for contribution in quote_contributions(theme, members):
        text = " ".join(contribution.text.split())
        cut = shorten(text, theme.keywords)
        quotes.append(
            Quote(cut, quote_attribution(contribution, consenting), "" if cut == text else text)
        )
    return quotes


def build_restitution(consultation: Consultation) -> Restitution:
    """What the restitution meeting shows: themes to present, most salient first."""
    contributions = list(published(consultation).select_related("author"))
    author_ids = {c.author_id for c in contributions if c.author_id}
    consenting = set(
        Consent.objects.filter(
            person_id__in=author_ids,
            purpose=Consent.Purpose.CONTRIBUTIONS,
            withdrawn_on__isnull=True,
        ).values_list("person_id", flat=True)
    )
    members: dict[int, list[Contribution]] = {}
    for contribution in contributions:
        members.setdefault(contribution.theme_id, []).append(contribution)
    all_themes = list(consultation.themes.all())
    themes = sorted(
        (t for t in all_themes if not t.hidden and members.get(t.pk)),
        key=lambda t: (-t.salience, t.position, t.pk),
    )
    attach_subthemes(consultation, themes)
    top = max((t.salience for t in themes), default=0) or 1
    hidden = {t.pk for t in all_themes if t.hidden}
    return Restitution(
        consultation=consultation,
        themes=[
            RestitutionTheme(
                theme=t,
                contributions=len(members[t.pk]),
                salience=t.salience,
                percent=max(2, round(100 * t.salience / top)),
                quotes=theme_quotes(t, members[t.pk], consenting),
                subthemes=[RestitutionSubtheme(s.label, s.size) for s in t.subtheme_list],
            )
            for t in themes
        ],
        total=len(contributions),
        people=len(author_ids) + sum(1 for c in contributions if not c.author_id),
        other=sum(len(members.get(k, [])) for k in [None, *hidden]),
    )
