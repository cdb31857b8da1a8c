from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, ListView, UpdateView
from rules.contrib.views import PermissionRequiredMixin

from quartier.consultation import services
from quartier.consultation.forms import (
    CaptureForm,
    CaptureSettingsForm,
    ConsultationForm,
    ContributionFilterForm,
    ContributionForm,
    GroupingForm,
    ImportMappingForm,
    ImportUploadForm,
    PublicContributionForm,
    SplitForm,
    ThemeLabelForm,
    gatherings_for,
)
from quartier.consultation.models import (
    Consultation,
    Contribution,
    GroupingRun,
    ImportDraft,
    Theme,
    ThemeProposal,
)
from quartier.core.exports import spreadsheet_response
from quartier.core.hooks import declared
from quartier.core.net import client_ip
from quartier.core.pdf import pdf_response
from quartier.core.permissions import permission_required
from quartier.core.tabular import MAX_BYTES, TabularError, read_tabular
from quartier.people.models import Person, Territory
from quartier.people.services import search_people

RECENT_CAPTURES = 20
PREVIEW_ROWS = 10
MAX_REPORTED_PROBLEMS = 200


def _pk_or_none(raw) -> int | None:
    """A primary key typed in a form, or None: "²" passes str.isdigit() but not int()."""
    raw = str(raw or "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 19 else None


def _consultation_for(request: HttpRequest, pk: int, **kwargs) -> Consultation:
    return get_object_or_404(Consultation.objects.select_related("territory"), pk=pk)


# --- consultations -------------------------------------------------------------------------


class ConsultationListView(PermissionRequiredMixin, ListView):
    permission_required = "consultation.list_consultation"
    template_name = "consultation/consultation_list.html"
    paginate_by = 30

    def get_queryset(self):
        return (
            Consultation.objects.select_related("territory")
            .annotate(
                contribution_count=Count("contributions"),
                pending_count=Count(
                    "contributions", filter=Q(contributions__state=Contribution.State.PENDING)
                ),
            )
            .order_by("-period_start", "-pk")
        )


@permission_required("consultation.list_for_residents")
def for_residents(request: HttpRequest) -> HttpResponse:
    """What a resident with an account can do: answer open consultations, read restitutions."""
    consultations = Consultation.objects.select_related("territory").order_by("-period_start")
    return render(
        request,
        "consultation/for_residents.html",
        {
            "open_consultations": consultations.filter(status=Consultation.Status.OPEN),
            "restitutions": consultations.filter(restitution_published=True),
        },
    )


class ConsultationCreateView(PermissionRequiredMixin, CreateView):
    permission_required = "consultation.add_consultation"
    model = Consultation
    form_class = ConsultationForm
    template_name = "consultation/consultation_form.html"

    def get_initial(self):
        initial = super().get_initial()
        territories = list(Territory.objects.all()[:2])
        if len(territories) == 1:
            initial["territory"] = territories[0]
        return initial

    def form_valid(self, form):
        form.instance.created_by = self.request.user
        messages.success(self.request, _("Consultation créée."))
        return super().form_valid(form)


class ConsultationUpdateView(PermissionRequiredMixin, UpdateView):
    permission_required = "consultation.change_consultation"
    model = Consultation
    form_class = ConsultationForm
    template_name = "consultation/consultation_form.html"

    def form_valid(self, form):
        messages.success(self.request, _("Modifications enregistrées."))
        return super().form_valid(form)


class ConsultationDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "consultation.view_consultation"
    model = Consultation
    template_name = "consultation/consultation_detail.html"

    def get_context_data(self, **kwargs):
        public_path = reverse("consultation:public", args=[self.object.pk])
        counts = services.counts(self.object)
        # counts["state"] follows State's order: total and pending need no other query.
        tally = [n for _label, n in counts["state"]]
        by_state = dict(zip(Contribution.State.values, tally, strict=True))
        return super().get_context_data(
            counts=counts,
            total=sum(by_state.values()),
            pending=by_state[Contribution.State.PENDING],
            public_url=self.request.build_absolute_uri(public_path),
            gatherings=self.object.contributions.exclude(gathering=None)
            .values("gathering__pk", "gathering__title")
            .annotate(n=Count("pk"))
            .order_by("gathering__start"),
            **kwargs,
        )


# --- live capture --------------------------------------------------------------------------


def _capture_settings(consultation: Consultation, data) -> dict:
    """The gathering, channel and kind the capture keeps between two contributions."""
    gathering = None
    if (raw := _pk_or_none(data.get("gathering") or data.get("rencontre"))) is not None:
        gathering = gatherings_for(consultation).filter(pk=raw).first()
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


@permission_required("consultation.add_contribution", fn=_consultation_for)
def capture(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation_for(request, pk)
    settings = _capture_settings(consultation, request.GET)
    settings_form = CaptureSettingsForm(
        initial={"rencontre": settings["gathering"], "canal": settings["channel"]},
        consultation=consultation,
    )
    context = capture_context(consultation, settings, settings_form=settings_form)
    return render(request, "consultation/capture.html", context)


@require_POST
@permission_required("consultation.add_contribution", fn=_consultation_for)
def capture_add(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation_for(request, pk)
    settings = _capture_settings(consultation, request.POST)
    form = CaptureForm(request.POST)
    extra: dict = {}
    author = None
    if form.is_valid():
        if author_id := form.cleaned_data.get("author"):
            author = Person.objects.filter(pk=author_id).first()
        elif query := form.cleaned_data.get("author_query", "").strip():
            matches = services.find_author(query)
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
        contribution = services.capture_contribution(
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


@permission_required("consultation.add_contribution", fn=_consultation_for)
def author_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation_for(request, pk)
    query = request.GET.get("author_query", "").strip()
    people = []
    if len(query) >= 2:
        people = list(search_people(query).filter(anonymised_at__isnull=True)[:8])
    return render(
        request,
        "consultation/_author_suggestions.html",
        {"consultation": consultation, "people": people, "query": query},
    )


@permission_required("consultation.add_contribution", fn=_consultation_for)
def author_pick(request: HttpRequest, pk: int) -> HttpResponse:
    """The author box: a chosen person (from a suggestion), or the empty field (anonymous)."""
    consultation = _consultation_for(request, pk)
    author = None
    if (raw := _pk_or_none(request.GET.get("person"))) is not None:
        author = get_object_or_404(Person, pk=raw, anonymised_at__isnull=True)
    return render(
        request,
        "consultation/_capture_author.html",
        {"consultation": consultation, "author": author, "picked": True},
    )


@require_POST
@permission_required("consultation.delete_contribution", fn=_consultation_for)
def contribution_delete(request: HttpRequest, pk: int, contribution_pk: int) -> HttpResponse:
    consultation = _consultation_for(request, pk)
    contribution = get_object_or_404(Contribution, pk=contribution_pk, consultation=consultation)
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
    return redirect(_safe_next(request, reverse("consultation:contributions", args=[pk])))


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@permission_required("consultation.change_contribution", fn=_consultation_for)
def contribution_update(request: HttpRequest, pk: int, contribution_pk: int) -> HttpResponse:
    consultation = _consultation_for(request, pk)
    contribution = get_object_or_404(
        Contribution.objects.select_related("author"), pk=contribution_pk, consultation=consultation
    )
    back = _safe_next(request, reverse("consultation:contributions", args=[pk]))
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


# --- contributions list and export ---------------------------------------------------------


def _filtered(request: HttpRequest, consultation: Consultation):
    form = ContributionFilterForm(request.GET or None, consultation=consultation)
    contributions = consultation.contributions.select_related("author", "gathering", "theme")
    if form.is_valid():
        contributions = services.filter_contributions(
            contributions, **{k: v for k, v in form.cleaned_data.items() if v}
        )
    return form, contributions


class ContributionListView(PermissionRequiredMixin, ListView):
    permission_required = "consultation.view_contribution"
    template_name = "consultation/contribution_list.html"
    paginate_by = 50

    def get_permission_object(self):
        return self.consultation

    def dispatch(self, request, *args, **kwargs):
        self.consultation = _consultation_for(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        self.filter_form, contributions = _filtered(self.request, self.consultation)
        return contributions.order_by("-created_at", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            consultation=self.consultation,
            filter_form=self.filter_form,
            query=self.request.GET.urlencode(),
            **kwargs,
        )


@permission_required("consultation.export_contributions", fn=_consultation_for)
def export(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation_for(request, pk)
    _form, contributions = _filtered(request, consultation)
    header, rows = services.export_rows(contributions)
    return spreadsheet_response(
        _("contributions %(title)s") % {"title": consultation.title},
        header,
        rows,
        "xlsx" if request.GET.get("format") == "xlsx" else "csv",
    )


# --- import --------------------------------------------------------------------------------


@permission_required("consultation.import_contributions", fn=_consultation_for)
def import_upload(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation_for(request, pk)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = read_tabular(upload.read(MAX_BYTES + 1), upload.name or "")
        except TabularError as error:
            form.add_error("file", str(error))
        else:
            draft = services.save_import_draft(consultation, table, upload.name or "", request.user)
            return redirect("consultation:import_mapping", pk=pk, draft=draft.pk)
    return render(
        request, "consultation/import_upload.html", {"consultation": consultation, "form": form}
    )


@permission_required("consultation.import_contributions", fn=_consultation_for)
def import_mapping(request: HttpRequest, pk: int, draft) -> HttpResponse:
    consultation = _consultation_for(request, pk)
    draft = get_object_or_404(
        ImportDraft, pk=draft, consultation=consultation, created_by=request.user
    )
    table = services.draft_table(draft)
    plan = None
    if request.method == "POST":
        form = ImportMappingForm(request.POST, header=table.header, consultation=consultation)
        if form.is_valid():
            mapping = services.ImportMapping(
                text=form.column("text"),
                author=form.column("author"),
                kind=form.column("kind"),
                channel=form.column("channel"),
                date=form.column("date"),
                age_band=form.column("age_band"),
                default_kind=form.cleaned_data["default_kind"],
                default_channel=form.cleaned_data["default_channel"],
                gathering=form.cleaned_data["gathering"],
                create_unknown_people=form.cleaned_data["create_unknown_people"],
            )
            if request.POST.get("action") == "import":
                plan = services.run_import(consultation, table, mapping, request.user)
                if plan.is_valid:
                    draft.delete()
                    messages.success(request, _import_summary(plan))
                    return redirect(consultation)
            else:
                plan = services.plan_import(consultation, table, mapping)
    else:
        guess = services.guess_mapping(table.header)
        guess["text"] = services.guess_text_column(table, guess)
        initial = {k: "" if v is None else str(v) for k, v in guess.items()}
        form = ImportMappingForm(initial=initial, header=table.header, consultation=consultation)
    return render(
        request,
        "consultation/import_mapping.html",
        {
            "consultation": consultation,
            "draft": draft,
            "table": table,
            "preview": table.rows[:PREVIEW_ROWS],
            "row_count": len(table.rows),
            "form": form,
            "plan": plan,
            "problems": plan.problems[:MAX_REPORTED_PROBLEMS] if plan else [],
            "more_problems": max(len(plan.problems) - MAX_REPORTED_PROBLEMS, 0) if plan else 0,
        },
    )


def _import_summary(plan: services.ImportPlan) -> str:
    summary = _("%(count)s contributions importées.") % {"count": len(plan.contributions)}
    if plan.created_people:
        summary += " " + _("%(count)s personnes créées.") % {"count": plan.created_people}
    return summary


# --- public form and moderation ------------------------------------------------------------


@login_not_required
def public(request: HttpRequest, pk: int) -> HttpResponse:
    """The residents' form: no account, no names shown, moderated before it counts."""
    consultation = get_object_or_404(Consultation.objects.select_related("territory"), pk=pk)
    form = PublicContributionForm(request.POST or None)
    status = 200
    if request.method == "POST" and consultation.is_open and form.is_valid():
        try:
            services.submit_public_contribution(
                consultation,
                text=form.cleaned_data["text"],
                author_name=form.cleaned_data["first_name"],
                age_band=form.cleaned_data["age_band"],
                honeypot=form.cleaned_data["website"],
                ip=client_ip(request),
            )
        except services.RateLimited as error:
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


@permission_required("consultation.moderate_contribution", fn=_consultation_for)
def moderation(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation_for(request, pk)
    pending = consultation.contributions.filter(state=Contribution.State.PENDING).order_by(
        "created_at", "pk"
    )
    return render(
        request,
        "consultation/moderation.html",
        {"consultation": consultation, "pending": pending},
    )


@require_POST
@permission_required("consultation.moderate_contribution", fn=_consultation_for)
def moderate(request: HttpRequest, pk: int, contribution_pk: int) -> HttpResponse:
    consultation = _consultation_for(request, pk)
    contribution = get_object_or_404(Contribution, pk=contribution_pk, consultation=consultation)
    state = request.POST.get("state", "")
    if state in (Contribution.State.PUBLISHED, Contribution.State.REJECTED):
        services.moderate(contribution, state)
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


# --- themes: grouping runs -----------------------------------------------------------------


def _themes_url(pk: int) -> str:
    return reverse("consultation:themes", args=[pk])


def _run_context(consultation: Consultation) -> dict:
    run = services.active_run(consultation) or consultation.grouping_runs.first()
    return {"consultation": consultation, "run": run, "inline_limit": services.INLINE_LIMIT}


@permission_required("consultation.curate_themes", fn=_consultation_for)
def themes(request: HttpRequest, pk: int, form: GroupingForm | None = None) -> HttpResponse:
    consultation = _consultation_for(request, pk)
    theme_list = list(
        consultation.themes.annotate(
            size=Count("contributions", filter=Q(contributions__state=Contribution.State.PUBLISHED))
        ).order_by("position", "pk")
    )
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
            "other_count": services.published(consultation).filter(theme=None).count(),
            "published_count": services.published(consultation).count(),
            "form": form or GroupingForm(),
        },
    )


@require_POST
@permission_required("consultation.run_grouping", fn=_consultation_for)
def grouping_start(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation_for(request, pk)
    form = GroupingForm(request.POST)
    if not form.is_valid():
        return themes(request, pk, form=form)
    try:
        run = services.start_grouping(
            consultation, requested_by=request.user, n_themes=form.cleaned_data["n_themes"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_themes_url(pk))
    if run.status == GroupingRun.Status.DONE:
        messages.success(request, _grouping_summary(run))
    elif run.status == GroupingRun.Status.FAILED:
        messages.error(request, run.message)
    return redirect(_themes_url(pk))


def _grouping_summary(run: GroupingRun) -> str:
    result = run.result
    summary = _(
        "Regroupement terminé : %(themes)s thèmes proposés, %(other)s contributions hors thème."
    ) % {"themes": result.get("themes", 0), "other": result.get("other", 0)}
    if result.get("proposals"):
        summary += " " + _("%(count)s propositions à examiner.") % {"count": result["proposals"]}
    return summary


@permission_required("consultation.curate_themes", fn=_consultation_for)
def grouping_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress block the page polls; once the run is over, htmx reloads the page."""
    consultation = _consultation_for(request, pk)
    context = _run_context(consultation)
    response = render(request, "consultation/_grouping_progress.html", context)
    run = context["run"]
    finished = run is None or run.status in (GroupingRun.Status.DONE, GroupingRun.Status.FAILED)
    if request.htmx and finished and request.GET.get("poll"):
        response["HX-Refresh"] = "true"
    return response


# --- themes: curation ----------------------------------------------------------------------


def _curate(request: HttpRequest, action, success: str, default: str) -> HttpResponse:
    """Run a curation service; its French refusal becomes the page's error message."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(_safe_next(request, default))


@permission_required("consultation.curate_themes", fn=_consultation_for)
def theme_detail(
    request: HttpRequest, pk: int, theme_pk: int | None = None, **forms
) -> HttpResponse:
    """One theme (or, without theme_pk, the contributions in no theme) and its curation forms."""
    consultation = _consultation_for(request, pk)
    theme = get_object_or_404(Theme, pk=theme_pk, consultation=consultation) if theme_pk else None
    members = list(services.published(consultation).filter(theme=theme).select_related("author"))
    quoted = set()
    if theme:
        quoted = {c.pk for c in services.quote_contributions(theme, members)}
    return render(
        request,
        "consultation/theme_detail.html",
        {
            "consultation": consultation,
            "theme": theme,
            "contributions": members,
            "quoted": quoted,
            "themes": consultation.themes.order_by("position", "pk"),
            "label_form": forms.get("label_form")
            or (ThemeLabelForm(initial={"label": theme.label}) if theme else None),
            "split_form": forms.get("split_form") or (SplitForm(theme=theme) if theme else None),
            # What lower apps offer to do with a theme (e.g. start a working group).
            "theme_actions": declared("theme_actions"),
        },
    )


@require_POST
@permission_required("consultation.curate_themes", fn=_consultation_for)
def theme_rename(request: HttpRequest, pk: int, theme_pk: int) -> HttpResponse:
    consultation = _consultation_for(request, pk)
    theme = get_object_or_404(Theme, pk=theme_pk, consultation=consultation)
    form = ThemeLabelForm(request.POST)
    if form.is_valid():
        try:
            services.rename_theme(theme, form.cleaned_data["label"])
        except ValidationError as error:
            form.add_error("label", error)
    if not form.is_valid():
        return theme_detail(request, pk, theme_pk=theme_pk, label_form=form)
    messages.success(request, _("Thème renommé."))
    return redirect("consultation:theme", pk=pk, theme_pk=theme.pk)


@require_POST
@permission_required("consultation.curate_themes", fn=_consultation_for)
def theme_split(request: HttpRequest, pk: int, theme_pk: int) -> HttpResponse:
    consultation = _consultation_for(request, pk)
    theme = get_object_or_404(Theme, pk=theme_pk, consultation=consultation)
    form = SplitForm(request.POST, theme=theme)
    new = None
    if form.is_valid():
        try:
            new = services.split_theme(
                theme, form.cleaned_data["contributions"], form.cleaned_data["label"]
            )
        except ValidationError as error:
            form.add_error(None, error)
    if new is None:
        return theme_detail(request, pk, theme_pk=theme_pk, split_form=form)
    messages.success(request, _("Nouveau thème « %(label)s » créé.") % {"label": new.label})
    return redirect("consultation:theme", pk=pk, theme_pk=new.pk)


@require_POST
@permission_required("consultation.curate_themes", fn=_consultation_for)
def theme_action(request: HttpRequest, pk: int, theme_pk: int) -> HttpResponse:
    """Hide or show, move up or down, or merge into another theme."""
    consultation = _consultation_for(request, pk)
    theme = get_object_or_404(Theme, pk=theme_pk, consultation=consultation)
    action = request.POST.get("action", "")
    default = _themes_url(pk)
    if action in ("hide", "show"):
        hidden = action == "hide"
        return _curate(
            request,
            lambda: services.set_hidden(theme, hidden),
            _("« %(label)s » ne sera pas présenté.") % {"label": theme.label}
            if hidden
            else _("« %(label)s » sera présenté.") % {"label": theme.label},
            default,
        )
    if action in ("up", "down"):
        offset = -1 if action == "up" else 1
        return _curate(
            request, lambda: services.move_theme(theme, offset), _("Ordre modifié."), default
        )
    if action == "merge":
        raw = request.POST.get("target", "")
        target = consultation.themes.filter(pk=_pk_or_none(raw)).first() if raw else None
        if target is None:
            messages.error(request, _("Choisissez le thème avec lequel fusionner."))
            return redirect(_safe_next(request, default))
        return _curate(
            request,
            lambda: services.merge_themes(theme, target),
            _("« %(source)s » a rejoint « %(target)s ».")
            % {"source": theme.label, "target": target.label},
            default,
        )
    messages.error(request, _("Action inconnue."))
    return redirect(_safe_next(request, default))


@require_POST
@permission_required("consultation.curate_themes", fn=_consultation_for)
def contribution_theme(request: HttpRequest, pk: int, contribution_pk: int) -> HttpResponse:
    """Move one contribution (to a theme or out of every theme), or pin / unpin it as a quote."""
    consultation = _consultation_for(request, pk)
    contribution = get_object_or_404(Contribution, pk=contribution_pk, consultation=consultation)
    default = _themes_url(pk)
    action = request.POST.get("action", "")
    if action in ("pin", "unpin"):
        pinned = action == "pin"
        return _curate(
            request,
            lambda: services.set_quote(contribution, pinned),
            _("Citation retenue.") if pinned else _("Citation retirée."),
            default,
        )
    if action == "move":
        raw = request.POST.get("theme", "")
        if raw == "other":
            return _curate(
                request,
                lambda: services.move_contribution(contribution, None),
                _("Contribution mise hors thème."),
                default,
            )
        theme = consultation.themes.filter(pk=_pk_or_none(raw)).first() if raw else None
        if theme is None:
            messages.error(request, _("Choisissez où déplacer la contribution."))
            return redirect(_safe_next(request, default))
        return _curate(
            request,
            lambda: services.move_contribution(contribution, theme),
            _("Contribution déplacée vers « %(label)s ».") % {"label": theme.label},
            default,
        )
    messages.error(request, _("Action inconnue."))
    return redirect(_safe_next(request, default))


@require_POST
@permission_required("consultation.curate_themes", fn=_consultation_for)
def proposal_decide(request: HttpRequest, pk: int, proposal_pk: int) -> HttpResponse:
    consultation = _consultation_for(request, pk)
    proposal = get_object_or_404(ThemeProposal, pk=proposal_pk, consultation=consultation)
    if request.POST.get("action") == "accept":
        return _curate(
            request,
            lambda: services.accept_proposal(proposal),
            _("Proposition acceptée."),
            _themes_url(pk),
        )
    if request.POST.get("action") == "dismiss":
        return _curate(
            request,
            lambda: services.dismiss_proposal(proposal),
            _("Proposition écartée."),
            _themes_url(pk),
        )
    messages.error(request, _("Choisissez Accepter ou Écarter."))
    return redirect(_themes_url(pk))


# --- restitution ---------------------------------------------------------------------------


@permission_required("consultation.view_restitution", fn=_consultation_for)
def restitution(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation_for(request, pk)
    return render(
        request,
        "consultation/restitution.html",
        {"restitution": services.build_restitution(consultation), "consultation": consultation},
    )


@permission_required("consultation.view_restitution", fn=_consultation_for)
def restitution_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation_for(request, pk)
    return pdf_response(
        "consultation/pdf/restitution.html",
        {"restitution": services.build_restitution(consultation), "consultation": consultation},
        _("restitution %(title)s") % {"title": consultation.title},
        request,
    )


@require_POST
@permission_required("consultation.publish_restitution", fn=_consultation_for)
def restitution_publish(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation_for(request, pk)
    publish = request.POST.get("publish") == "1"
    consultation.restitution_published = publish
    consultation.save(update_fields=["restitution_published"])
    messages.success(
        request,
        _("Les habitants ayant un compte peuvent lire la restitution.")
        if publish
        else _("La restitution n'est plus visible des habitants."),
    )
    return redirect(_themes_url(pk))
