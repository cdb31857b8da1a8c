"""Contributions coming in: the team's live capture (author look-up, edit, delete), the
residents' public form and its moderation."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.consultation.actions.capture import (
    RateLimited,
    capture_contribution,
    find_author,
    submit_public_contribution,
)
from quartier.consultation.actions.capture import moderate as moderate_contribution
from quartier.consultation.forms import (
    CaptureForm,
    CaptureSettingsForm,
    ContributionForm,
    PublicContributionForm,
    gatherings_for,
)
from quartier.consultation.models import Consultation, Contribution
from quartier.consultation.views.common import part_of
from quartier.core.http import pk_or_none, safe_next
from quartier.core.net import client_ip
from quartier.core.permissions import access
from quartier.people.models import Person
from quartier.people.services import search_people

RECENT_CAPTURES = 20


# --- live capture --------------------------------------------------------------------------


def _capture_settings(consultation: Consultation, data) -> dict:
    """The gathering, channel and kind the capture keeps between two contributions."""
    gathering = None
    if (raw := pk_or_none(data.get("gathering") or data.get("rencontre"))) is not None:
        gathering = gatherings_for(consultation, keep=raw).filter(pk=raw).first()
    channel = data.get("channel") or data.get("canal") or ""
    if channel not in Contribution.Channel.values:
        channel = Contribution.Channel.MEETING if gathering else Contribution.Channel.PAPER
    kind = data.get("kind") or data.get("type") or ""
    if kind not in Contribution.Kind.values:
        kind = Contribution.Kind.EXPECTATION
    return {"gathering": gathering, "channel": channel, "kind": kind}


def _capture_query(settings: dict) -> str:
    query = {"canal": settings["channel"], "type": settings["kind"]}
    if settings["gathering"]:
        query["rencontre"] = settings["gathering"].pk
    return urlencode(query)


def capture_context(consultation: Consultation, settings: dict, **extra) -> dict:
    recent = consultation.contributions.select_related("author", "gathering")
    if settings["gathering"]:
        recent = recent.filter(gathering=settings["gathering"])
    capture_url = reverse("consultation:capture", args=[consultation.pk])
    return {
        "consultation": consultation,
        "recent": recent.order_by("-created_at", "-pk")[:RECENT_CAPTURES],
        "capture_url": f"{capture_url}?{_capture_query(settings)}",
        "form": extra.pop("form", None) or CaptureForm(initial={"kind": settings["kind"]}),
        "kind_choices": Contribution.Kind.choices,
        "age_choices": CaptureForm.base_fields["age_band"].choices,
        **settings,
        **extra,
    }


def capture(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access(request, Consultation, "consultation.add_contribution", pk=pk)
    settings = _capture_settings(consultation, request.GET)
    settings_form = CaptureSettingsForm(
        initial={"rencontre": settings["gathering"], "canal": settings["channel"]},
        consultation=consultation,
    )
    context = capture_context(consultation, settings, settings_form=settings_form)
    return render(request, "consultation/capture.html", context)


@require_POST
def capture_add(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access(request, Consultation, "consultation.add_contribution", pk=pk)
    settings = _capture_settings(consultation, request.POST)
    form = CaptureForm(request.POST)
    extra: dict = {}
    author = None
    if form.is_valid():
        if author_id := form.cleaned_data.get("author"):
            author = Person.objects.filter(pk=author_id).first()
        elif query := form.cleaned_data.get("author_query", "").strip():
            matches = find_author(query)
            if len(matches) == 1:
                author = matches[0]
            else:
                form.add_error(
                    "author_query",
                    _(
                        "Personne ne s'appelle exactement ainsi : choisissez un nom proposé, "
                        "ou videz la case pour une contribution anonyme."
                    )
                    if not matches
                    else _("Plusieurs personnes portent ce nom : choisissez dans la liste."),
                )
    if form.is_valid():
        contribution = capture_contribution(
            consultation,
            text=form.cleaned_data["text"],
            kind=settings["kind"],
            gathering=settings["gathering"],
            channel=settings["channel"],
            author=author,
            age_band="" if author else form.cleaned_data.get("age_band", ""),
            entered_by=request.user,
        )
        extra["notice"] = _("Contribution n° %(number)s enregistrée.") % {
            "number": consultation.contributions.filter(pk__lte=contribution.pk).count()
        }
    else:
        extra["form"] = form
        extra["author"] = author
    if request.htmx:
        return render(
            request, "consultation/_capture.html", capture_context(consultation, settings, **extra)
        )
    if "notice" in extra:
        messages.success(request, extra["notice"])
        return redirect(f"{reverse('consultation:capture', args=[pk])}?{_capture_query(settings)}")
    settings_form = CaptureSettingsForm(
        initial={"rencontre": settings["gathering"], "canal": settings["channel"]},
        consultation=consultation,
    )
    context = capture_context(consultation, settings, settings_form=settings_form, **extra)
    return render(request, "consultation/capture.html", context)


def author_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access(request, Consultation, "consultation.add_contribution", pk=pk)
    query = request.GET.get("author_query", "").strip()
    people = []
    if len(query) >= 2:
        people = list(search_people(query).filter(anonymised_at__isnull=True)[:8])
    return render(
        request,
        "consultation/_author_suggestions.html",
        {"consultation": consultation, "people": people, "query": query},
    )


def author_pick(request: HttpRequest, pk: int) -> HttpResponse:
    """The author box: a chosen person (from a suggestion), or the empty field (anonymous)."""
    consultation = access(request, Consultation, "consultation.add_contribution", pk=pk)
    author = None
    if (raw := pk_or_none(request.GET.get("person"))) is not None:
        author = get_object_or_404(Person, pk=raw, anonymised_at__isnull=True)
    return render(
        request,
        "consultation/_capture_author.html",
        {"consultation": consultation, "author": author, "picked": True},
    )


@require_POST
def contribution_delete(request: HttpRequest, pk: int, contribution_pk: int) -> HttpResponse:
    contribution = part_of(
        request, Contribution, "consultation.delete_contribution", pk, contribution_pk
    )
    consultation = contribution.consultation
    contribution.delete()
    notice = _("Contribution supprimée.")
    if request.htmx:
        settings = _capture_settings(consultation, request.POST)
        return render(
            request,
            "consultation/_capture.html",
            capture_context(consultation, settings, notice=notice),
        )
    messages.success(request, notice)
    return redirect(safe_next(request, reverse("consultation:contributions", args=[pk])))


def contribution_update(request: HttpRequest, pk: int, contribution_pk: int) -> HttpResponse:
    contribution = part_of(
        request,
        Contribution.objects.select_related("author"),
        "consultation.change_contribution",
        pk,
        contribution_pk,
    )
    consultation = contribution.consultation
    back = safe_next(request, reverse("consultation:contributions", args=[pk]))
    form = ContributionForm(request.POST or None, instance=contribution)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Contribution modifiée."))
        return redirect(back)
    return render(
        request,
        "consultation/contribution_form.html",
        {"consultation": consultation, "contribution": contribution, "form": form, "back": back},
    )


# --- public form and moderation ------------------------------------------------------------


@login_not_required
def public(request: HttpRequest, pk: int) -> HttpResponse:
    """The residents' form: no account, no names shown, moderated before it counts."""
    consultation = get_object_or_404(Consultation.objects.select_related("territory"), pk=pk)
    form = PublicContributionForm(request.POST or None)
    status = 200
    if request.method == "POST" and consultation.is_open and form.is_valid():
        try:
            submit_public_contribution(
                consultation,
                text=form.cleaned_data["text"],
                author_name=form.cleaned_data["first_name"],
                age_band=form.cleaned_data["age_band"],
                honeypot=form.cleaned_data["website"],
                ip=client_ip(request),
            )
        except RateLimited as error:
            form.add_error(None, str(error))
            status = 429
        except ValidationError as error:
            form.add_error("text", error)
        else:
            return redirect(f"{reverse('consultation:public', args=[pk])}?merci=1")
    return render(
        request,
        "consultation/public.html",
        {
            "consultation": consultation,
            "form": form,
            "thanks": request.method == "GET" and request.GET.get("merci") == "1",
        },
        status=status,
    )


def moderation(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access(request, Consultation, "consultation.moderate_contribution", pk=pk)
    pending = consultation.contributions.filter(state=Contribution.State.PENDING).order_by(
        "created_at", "pk"
    )
    return render(
        request,
        "consultation/moderation.html",
        {"consultation": consultation, "pending": pending},
    )


@require_POST
def moderate(request: HttpRequest, pk: int, contribution_pk: int) -> HttpResponse:
    contribution = part_of(
        request, Contribution, "consultation.moderate_contribution", pk, contribution_pk
    )
    consultation = contribution.consultation
    state = request.POST.get("state", "")
    if state in (Contribution.State.PUBLISHED, Contribution.State.REJECTED):
        moderate_contribution(contribution, state)
        notice = _("Publiée.") if state == Contribution.State.PUBLISHED else _("Refusée.")
    else:
        notice = _("Choisissez Publier ou Refuser.")
    if request.htmx:
        return render(
            request,
            "consultation/_moderation_item.html",
            {"consultation": consultation, "contribution": contribution, "notice": notice},
        )
    messages.success(request, notice)
    return redirect("consultation:moderation", pk=pk)
