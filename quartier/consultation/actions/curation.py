"""The team's curation of themes: rename, merge, split, hide, order, promote a sub-theme to a
theme, move a contribution, pin a quote, and accept or dismiss what a re-run proposes. A later
run never undoes any of it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from quartier.consultation.actions.grouping_run import refresh_salience
from quartier.consultation.models import Contribution, SubTheme, Theme, ThemeProposal


def _same_consultation(*objects) -> None:
    if len({obj.consultation_id for obj in objects}) != 1:
        raise ValidationError(_("Ce thème appartient à une autre consultation."), code="other")


def clean_label(label: str) -> str:
    label = " ".join((label or "").split())
    if not label:
        raise ValidationError(_("Donnez un intitulé au thème."), code="empty")
    if len(label) > 200:
        raise ValidationError(_("L'intitulé est trop long (200 caractères au plus)."), code="long")
    return label


def rename_theme(theme: Theme, label: str) -> Theme:
    """The team's label: a re-run will not change it."""
    theme.label = clean_label(label)
    theme.label_curated = True
    theme.save(update_fields=["label", "label_curated"])
    return theme


@transaction.atomic
def merge_themes(source: Theme, target: Theme) -> Theme:
    """Put `source`'s contributions in `target` and remove `source`; a re-run keeps them merged."""
    if source.pk == target.pk:
        raise ValidationError(_("Choisissez deux thèmes différents."), code="same")
    _same_consultation(source, target)
    source.contributions.update(theme=target)
    source.subthemes.update(theme=target)  # the detail comes along
    target.engine_keys = list(
        dict.fromkeys(k for k in [*target.engine_keys, source.engine_key, *source.engine_keys] if k)
    )
    target.quotes = list(dict.fromkeys([*target.quotes, *source.quotes]))
    target.keywords = list(dict.fromkeys([*target.keywords, *source.keywords]))[:12]
    target.hidden = target.hidden and source.hidden
    target.save(update_fields=["engine_keys", "quotes", "keywords", "hidden"])
    source.delete()
    refresh_salience(target.consultation)
    target.refresh_from_db()
    return target


@transaction.atomic
def split_theme(theme: Theme, contribution_ids: list[int], label: str) -> Theme:
    """A new theme, named by the team, with the chosen contributions of `theme`."""
    label = clean_label(label)
    chosen = theme.contributions.filter(pk__in=contribution_ids)
    if not chosen.exists():
        raise ValidationError(_("Cochez les contributions à mettre dans le nouveau thème."))
    last = theme.consultation.themes.aggregate(last=Max("position"))["last"] or 0
    new = Theme.objects.create(
        consultation=theme.consultation,
        label=label,
        label_curated=True,
        position=last + 1,
        keywords=[],
    )
    chosen.update(theme=new, theme_curated=True, subtheme=None)
    refresh_salience(theme.consultation)
    new.refresh_from_db()
    return new


@transaction.atomic
def promote_subtheme(subtheme: SubTheme) -> Theme:
    """Make a sub-theme a theme of its own, with its contributions, placed after the others.

    Its contributions count as placed by the team: a re-run will not move them back.
    """
    parent = subtheme.theme
    consultation = parent.consultation
    last = consultation.themes.aggregate(last=Max("position"))["last"] or 0
    theme = Theme.objects.create(
        consultation=consultation,
        label=subtheme.label,
        label_curated=True,
        keywords=list(subtheme.keywords),
        engine_key=subtheme.engine_key,
        quotes=list(subtheme.quotes),
        position=last + 1,
        created_by_run=subtheme.created_by_run,
    )
    subtheme.contributions.filter(theme=parent).update(
        theme=theme, subtheme=None, theme_curated=True
    )
    subtheme.delete()
    refresh_salience(consultation)
    theme.refresh_from_db()
    return theme


def move_contribution(contribution: Contribution, theme: Theme | None, reason: str = "") -> None:
    """The team's placement (a theme, or None for "other"): a re-run will not move it."""
    if theme is not None:
        _same_consultation(contribution, theme)
    if contribution.theme_id != (theme.pk if theme else None):
        contribution.subtheme = None  # a sub-theme belongs to the theme it was found in
    contribution.theme = theme
    contribution.theme_curated = True
    contribution.other_reason = (
        "" if theme else (reason.strip()[:500] or _("Mise hors thème par l'équipe."))
    )
    if theme is None:
        contribution.is_pinned_quote = False
    contribution.save(
        update_fields=["theme", "subtheme", "theme_curated", "other_reason", "is_pinned_quote"]
    )
    refresh_salience(contribution.consultation)


def set_quote(contribution: Contribution, pinned: bool) -> None:
    """Pin a contribution as a quote of its theme, or take it out of the quotes."""
    if pinned and contribution.theme_id is None:
        raise ValidationError(_("Seule une contribution rangée dans un thème peut être citée."))
    contribution.is_pinned_quote = pinned
    contribution.is_excluded_quote = not pinned
    contribution.save(update_fields=["is_pinned_quote", "is_excluded_quote"])


def set_hidden(theme: Theme, hidden: bool) -> None:
    theme.hidden = hidden
    theme.save(update_fields=["hidden"])


@transaction.atomic
def move_theme(theme: Theme, offset: int) -> None:
    """Move a theme up (-1) or down (+1) in the team's order."""
    themes = list(theme.consultation.themes.order_by("position", "pk"))
    index = next(i for i, t in enumerate(themes) if t.pk == theme.pk)
    other = index + offset
    if 0 <= other < len(themes):
        themes[index], themes[other] = themes[other], themes[index]
    for position, item in enumerate(themes):
        item.position = position
    Theme.objects.bulk_update(themes, ["position"])


@transaction.atomic
def accept_proposal(proposal: ThemeProposal) -> Theme | None:
    """Apply a re-run's suggestion; contributions the team placed since are left alone."""
    if proposal.status != ThemeProposal.Status.PENDING:
        raise ValidationError(_("Cette proposition a déjà été traitée."), code="done")
    consultation = proposal.consultation
    movable = consultation.contributions.filter(pk__in=proposal.contributions, theme_curated=False)
    theme = proposal.theme
    if proposal.kind == ThemeProposal.Kind.NEW_THEME:
        last = consultation.themes.aggregate(last=Max("position"))["last"]
        theme = Theme.objects.create(
            consultation=consultation,
            label=proposal.label,
            keywords=proposal.keywords,
            engine_key=proposal.engine_key,
            quotes=proposal.quotes,
            position=0 if last is None else last + 1,
            created_by_run=proposal.run,
        )
        movable.update(theme=theme, subtheme=None, other_reason="", placed_by_run=proposal.run)
    elif proposal.kind == ThemeProposal.Kind.RENAME:
        if theme is not None and not theme.label_curated:
            theme.label = proposal.label
            theme.save(update_fields=["label"])
    elif theme is not None:
        movable.update(theme=theme, subtheme=None, other_reason="", placed_by_run=proposal.run)
    else:
        for contribution in movable:
            contribution.theme = None
            contribution.subtheme = None
            contribution.is_pinned_quote = False
            contribution.other_reason = proposal.reasons.get(str(contribution.pk), "")
            contribution.placed_by_run = proposal.run
            contribution.save(
                update_fields=[
                    "theme",
                    "subtheme",
                    "is_pinned_quote",
                    "other_reason",
                    "placed_by_run",
                ]
            )
    proposal.status = ThemeProposal.Status.ACCEPTED
    proposal.save(update_fields=["status"])
    refresh_salience(consultation)
    return theme


def dismiss_proposal(proposal: ThemeProposal) -> None:
    proposal.status = ThemeProposal.Status.DISMISSED
    proposal.save(update_fields=["status"])
