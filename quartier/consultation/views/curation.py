"""The team's curation of themes: one theme's page, rename, split, hide, order, merge, promote a
sub-theme, move a contribution, pin a quote, accept or dismiss a re-run's proposals."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.consultation.actions.curation import (
    accept_proposal,
    dismiss_proposal,
    merge_themes,
    move_contribution,
    move_theme,
    promote_subtheme,
    rename_theme,
    set_hidden,
    set_quote,
    split_theme,
)
from quartier.consultation.actions.grouping_run import attach_subthemes, published
from quartier.consultation.actions.restitution import quote_contributions
from quartier.consultation.forms import SplitForm, ThemeLabelForm
from quartier.consultation.models import Consultation, Contribution, Theme, ThemeProposal
from quartier.consultation.views.common import part_of
from quartier.consultation.views.grouping import themes_url
from quartier.core.hooks import declared
from quartier.core.http import pk_or_none, safe_next
from quartier.core.permissions import access
from quartier.synthesis.quotes import shorten


def _curate(request: HttpRequest, action, success: str, default: str) -> HttpResponse:
    """Run a curation service; its French refusal becomes the page's error message."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(safe_next(request, default))


def theme_detail(request: HttpRequest, pk: int, theme_pk: int | None = None) -> HttpResponse:
    """One theme (or, without theme_pk, the contributions in no theme) and its curation forms."""
    if theme_pk is None:
        consultation = access(request, Consultation, "consultation.curate_themes", pk=pk)
        return _theme_page(request, consultation, None)
    theme = part_of(request, Theme, "consultation.curate_themes", pk, theme_pk)
    return _theme_page(request, theme.consultation, theme)


def _theme_page(
    request: HttpRequest, consultation: Consultation, theme: Theme | None, **forms
) -> HttpResponse:
    members = list(published(consultation).filter(theme=theme).select_related("author"))
    quoted = set()
    subthemes = []
    if theme:
        quoted = {c.pk for c in quote_contributions(theme, members)}
        attach_subthemes(consultation, [theme])
        subthemes = theme.subtheme_list
        by_pk = {c.pk: c for c in members}
        for subtheme in subthemes:
            subtheme.quote_list = [
                shorten(by_pk[pk].text, subtheme.keywords)
                for pk in subtheme.quotes[:2]
                if pk in by_pk
            ]
        labels = {s.pk: s.label for s in subthemes}
        for contribution in members:
            contribution.subtheme_label = labels.get(contribution.subtheme_id, "")
    return render(
        request,
        "consultation/theme_detail.html",
        {
            "consultation": consultation,
            "theme": theme,
            "contributions": members,
            "quoted": quoted,
            "subthemes": subthemes,
            "themes": consultation.themes.order_by("position", "pk"),
            "label_form": forms.get("label_form")
            or (ThemeLabelForm(initial={"label": theme.label}) if theme else None),
            "split_form": forms.get("split_form") or (SplitForm(theme=theme) if theme else None),
            # What other apps offer to do with a theme (groups: start a working group).
            "theme_actions": declared("theme_actions"),
        },
    )


@require_POST
def theme_rename(request: HttpRequest, pk: int, theme_pk: int) -> HttpResponse:
    theme = part_of(request, Theme, "consultation.curate_themes", pk, theme_pk)
    form = ThemeLabelForm(request.POST)
    if form.is_valid():
        try:
            rename_theme(theme, form.cleaned_data["label"])
        except ValidationError as error:
            form.add_error("label", error)
    if not form.is_valid():
        return _theme_page(request, theme.consultation, theme, label_form=form)
    messages.success(request, _("Thème renommé."))
    return redirect("consultation:theme", pk=pk, theme_pk=theme.pk)


@require_POST
def theme_split(request: HttpRequest, pk: int, theme_pk: int) -> HttpResponse:
    theme = part_of(request, Theme, "consultation.curate_themes", pk, theme_pk)
    form = SplitForm(request.POST, theme=theme)
    new = None
    if form.is_valid():
        try:
            new = split_theme(theme, form.cleaned_data["contributions"], form.cleaned_data["label"])
        except ValidationError as error:
            form.add_error(None, error)
    if new is None:
        return _theme_page(request, theme.consultation, theme, split_form=form)
    messages.success(request, _("Nouveau thème « %(label)s » créé.") % {"label": new.label})
    return redirect("consultation:theme", pk=pk, theme_pk=new.pk)


@require_POST
def theme_action(request: HttpRequest, pk: int, theme_pk: int) -> HttpResponse:
    """Hide or show, move up or down, merge into another theme, or promote a sub-theme."""
    theme = part_of(request, Theme, "consultation.curate_themes", pk, theme_pk)
    action = request.POST.get("action", "")
    default = themes_url(pk)
    if action in ("hide", "show"):
        hidden = action == "hide"
        return _curate(
            request,
            lambda: set_hidden(theme, hidden),
            _("« %(label)s » ne sera pas présenté.") % {"label": theme.label}
            if hidden
            else _("« %(label)s » sera présenté.") % {"label": theme.label},
            default,
        )
    if action in ("up", "down"):
        offset = -1 if action == "up" else 1
        return _curate(request, lambda: move_theme(theme, offset), _("Ordre modifié."), default)
    if action == "promote":
        subtheme = theme.subthemes.filter(pk=pk_or_none(request.POST.get("subtheme", ""))).first()
        if subtheme is None:
            messages.error(request, _("Ce sous-thème n'existe plus."))
            return redirect(safe_next(request, default))
        return _curate(
            request,
            lambda: promote_subtheme(subtheme),
            _("« %(label)s » est devenu un thème.") % {"label": subtheme.label},
            default,
        )
    if action == "merge":
        raw = request.POST.get("target", "")
        target = theme.consultation.themes.filter(pk=pk_or_none(raw)).first() if raw else None
        if target is None:
            messages.error(request, _("Choisissez le thème avec lequel fusionner."))
            return redirect(safe_next(request, default))
        return _curate(
            request,
            lambda: merge_themes(theme, target),
            _("« %(source)s » a rejoint « %(target)s ».")
            % {"source": theme.label, "target": target.label},
            default,
        )
    messages.error(request, _("Action inconnue."))
    return redirect(safe_next(request, default))


@require_POST
def contribution_theme(request: HttpRequest, pk: int, contribution_pk: int) -> HttpResponse:
    """Move one contribution (to a theme or out of every theme), or pin / unpin it as a quote."""
    contribution = part_of(request, Contribution, "consultation.curate_themes", pk, contribution_pk)
    default = themes_url(pk)
    action = request.POST.get("action", "")
    if action in ("pin", "unpin"):
        pinned = action == "pin"
        return _curate(
            request,
            lambda: set_quote(contribution, pinned),
            _("Citation retenue.") if pinned else _("Citation retirée."),
            default,
        )
    if action == "move":
        raw = request.POST.get("theme", "")
        if raw == "other":
            return _curate(
                request,
                lambda: move_contribution(contribution, None),
                _("Contribution mise hors thème."),
                default,
            )
        theme = contribution.consultation.themes.filter(pk=pk_or_none(raw)).first() if raw else None
        if theme is None:
            messages.error(request, _("Choisissez où déplacer la contribution."))
            return redirect(safe_next(request, default))
        return _curate(
            request,
            lambda: move_contribution(contribution, theme),
            _("Contribution déplacée vers « %(label)s ».") % {"label": theme.label},
            default,
        )
    messages.error(request, _("Action inconnue."))
    return redirect(safe_next(request, default))


@require_POST
def proposal_decide(request: HttpRequest, pk: int, proposal_pk: int) -> HttpResponse:
    proposal = part_of(request, ThemeProposal, "consultation.curate_themes", pk, proposal_pk)
    if request.POST.get("action") == "accept":
        return _curate(
            request,
            lambda: accept_proposal(proposal),
            _("Proposition acceptée."),
            themes_url(pk),
        )
    if request.POST.get("action") == "dismiss":
        return _curate(
            request,
            lambda: dismiss_proposal(proposal),
            _("Proposition écartée."),
            themes_url(pk),
        )
    messages.error(request, _("Choisissez Accepter ou Écarter."))
    return redirect(themes_url(pk))
