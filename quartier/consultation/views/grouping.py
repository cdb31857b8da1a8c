"""The themes page: the engine's runs, started here and followed as they progress."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from quartier.consultation.actions import grouping
from quartier.consultation.actions.grouping import active_run, start_grouping
from quartier.consultation.actions.grouping_run import attach_subthemes, published
from quartier.consultation.forms import GroupingForm
from quartier.consultation.models import Consultation, Contribution, GroupingRun, ThemeProposal
from quartier.core.permissions import access


def themes_url(pk: int) -> str:
    return reverse("consultation:themes", args=[pk])


def _run_context(consultation: Consultation) -> dict:
    run = active_run(consultation) or consultation.grouping_runs.first()
    return {"consultation": consultation, "run": run, "inline_limit": grouping.INLINE_LIMIT}


def themes(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access(request, Consultation, "consultation.curate_themes", pk=pk)
    return _themes_page(request, consultation)


def _themes_page(
    request: HttpRequest, consultation: Consultation, form: GroupingForm | None = None
) -> HttpResponse:
    theme_list = list(
        consultation.themes.annotate(
            size=Count("contributions", filter=Q(contributions__state=Contribution.State.PUBLISHED))
        ).order_by("position", "pk")
    )
    attach_subthemes(consultation, theme_list)
    proposals = list(
        consultation.theme_proposals.filter(status=ThemeProposal.Status.PENDING).select_related(
            "theme"
        )
    )
    # The first three contributions of each proposal, fetched in one query.
    examples = consultation.contributions.in_bulk(
        {pk for proposal in proposals for pk in proposal.contributions[:3]}
    )
    for proposal in proposals:
        proposal.examples = [
            examples[pk] for pk in sorted(set(proposal.contributions[:3])) if pk in examples
        ]
    return render(
        request,
        "consultation/themes.html",
        {
            **_run_context(consultation),
            "themes": theme_list,
            "proposals": proposals,
            "other_count": published(consultation).filter(theme=None).count(),
            "published_count": published(consultation).count(),
            "form": form or GroupingForm(),
        },
    )


@require_POST
def grouping_start(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access(request, Consultation, "consultation.run_grouping", pk=pk)
    form = GroupingForm(request.POST)
    if not form.is_valid():
        return _themes_page(request, consultation, form=form)
    try:
        run = start_grouping(
            consultation, requested_by=request.user, n_themes=form.cleaned_data["n_themes"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(themes_url(pk))
    if run.status == GroupingRun.Status.DONE:
        messages.success(request, _grouping_summary(run))
    elif run.status == GroupingRun.Status.FAILED:
        messages.error(request, run.message)
    return redirect(themes_url(pk))


def _grouping_summary(run: GroupingRun) -> str:
    result = run.result
    summary = _(
        "Regroupement terminé : %(themes)s thèmes proposés, %(other)s contributions hors thème."
    ) % {"themes": result.get("themes", 0), "other": result.get("other", 0)}
    if result.get("proposals"):
        summary += " " + ngettext(
            "%(count)s proposition à examiner.",
            "%(count)s propositions à examiner.",
            result["proposals"],
        ) % {"count": result["proposals"]}
    return summary


def grouping_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress block the page polls; once the run is over, htmx reloads the page."""
    consultation = access(request, Consultation, "consultation.curate_themes", pk=pk)
    context = _run_context(consultation)
    response = render(request, "consultation/_grouping_progress.html", context)
    run = context["run"]
    finished = run is None or run.status in (GroupingRun.Status.DONE, GroupingRun.Status.FAILED)
    if request.htmx and finished and request.GET.get("poll"):
        response["HX-Refresh"] = "true"
    return response
