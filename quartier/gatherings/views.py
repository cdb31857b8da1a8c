from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, ListView, UpdateView
from rules.contrib.views import PermissionRequiredMixin

from quartier.core.pdf import pdf_response
from quartier.core.permissions import ObjectAccessMixin, access
from quartier.gatherings import calendar
from quartier.gatherings.forms import AttendanceEntryForm, GatheringFilterForm, GatheringForm
from quartier.gatherings.models import Attendance, Gathering
from quartier.gatherings.services import record_attendance, regulars_for, upcoming
from quartier.people.models import Consent, Person, Territory
from quartier.people.services import consent_withdrawn_expression, search_people

SIGN_IN_BLANK_LINES = 12


@login_required
def home(request: HttpRequest) -> HttpResponse:
    can_see_attendance = request.user.has_perm("gatherings.view_attendance")
    recent = (
        Attendance.objects.select_related("person", "gathering")
        .annotate(name_hidden=consent_withdrawn_expression(Consent.Purpose.ATTENDANCE, "person"))
        .order_by("-recorded_at")[:10]
        if can_see_attendance
        else []
    )
    return render(
        request,
        "gatherings/home.html",
        {
            "upcoming": upcoming().select_related("territory")[:8],
            "recent_attendances": recent,
            "territories": Territory.objects.all(),
            "recent_gatherings": Gathering.objects.filter(start__lt=timezone.now())
            .annotate(headcount=Count("attendances"))
            .order_by("-start")[:5],
        },
    )


class GatheringListView(PermissionRequiredMixin, ListView):
    permission_required = "gatherings.view_gathering"
    template_name = "gatherings/gathering_list.html"
    paginate_by = 30

    def get_queryset(self):
        self.filter_form = GatheringFilterForm(self.request.GET or None)
        gatherings = Gathering.objects.select_related("territory").annotate(
            headcount=Count("attendances")
        )
        when, kind = "all", ""
        if self.filter_form.is_valid():
            when = self.filter_form.cleaned_data["when"] or "all"
            kind = self.filter_form.cleaned_data["kind"]
        if kind:
            gatherings = gatherings.filter(kind=kind)
        if when == "upcoming":
            return upcoming(gatherings)
        if when == "past":
            return gatherings.filter(start__lt=timezone.now()).order_by("-start")
        return gatherings.order_by("-start", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class GatheringDetailView(ObjectAccessMixin, DetailView):
    permission_required = "gatherings.view_gathering"
    model = Gathering
    template_name = "gatherings/gathering_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.has_perm("gatherings.view_attendance", self.object):
            context.update(attendance_context(self.object, self.request.user))
        return context


def attendance_context(gathering: Gathering, user, **extra) -> dict:
    """The attendance block: who came, and whether `user` may change it (team or facilitator)."""
    # Who withdrew their attendance consent is counted but not named (docs/security.md).
    attendances = (
        gathering.attendances.select_related("person")
        .annotate(name_hidden=consent_withdrawn_expression(Consent.Purpose.ATTENDANCE, "person"))
        .order_by("person__search_name")
    )
    return {
        "gathering": gathering,
        "can_record": user.has_perm("gatherings.record_attendance", gathering),
        "attendances": attendances,
        "attendance_count": len(attendances),
        "entry_form": extra.pop("entry_form", None) or AttendanceEntryForm(),
        **extra,
    }


class GatheringCreateView(PermissionRequiredMixin, CreateView):
    permission_required = "gatherings.add_gathering"
    model = Gathering
    form_class = GatheringForm
    template_name = "gatherings/gathering_form.html"

    def get_initial(self):
        initial = super().get_initial()
        if kind := self.request.GET.get("kind"):
            initial["kind"] = kind
        territories = Territory.objects.all()[:2]
        if len(territories) == 1:
            initial["territory"] = territories[0]
        return initial

    def form_valid(self, form):
        form.instance.created_by = self.request.user
        messages.success(self.request, _("Rencontre créée. Notez maintenant qui est venu."))
        return super().form_valid(form)


class GatheringUpdateView(ObjectAccessMixin, UpdateView):
    permission_required = "gatherings.change_gathering"
    model = Gathering
    form_class = GatheringForm
    template_name = "gatherings/gathering_form.html"

    def form_valid(self, form):
        messages.success(self.request, _("Modifications enregistrées."))
        return super().form_valid(form)


@require_POST
def attendance_add(request: HttpRequest, pk: int) -> HttpResponse:
    gathering = access(request, Gathering, "gatherings.record_attendance", pk=pk)
    form = AttendanceEntryForm(request.POST)
    extra: dict = {}
    if form.is_valid():
        person = None
        if person_id := form.cleaned_data.get("person"):
            person = get_object_or_404(Person, pk=person_id)
        outcome = record_attendance(
            gathering,
            person=person,
            name=form.cleaned_data.get("name") or "",
            role=form.cleaned_data["role"],
            recorded_by=request.user,
            confirm_new=form.cleaned_data.get("confirm_new", False),
        )
        if outcome.choices:
            # Keep what was typed so the user can confirm or pick without retyping.
            extra = {
                "entry_form": form,
                "choices": outcome.choices,
                "pending_name": form.cleaned_data.get("name"),
                "pending_role": form.cleaned_data["role"],
                "warning": outcome.message,
            }
        else:
            extra = {
                "entry_form": AttendanceEntryForm(initial={"role": form.cleaned_data["role"]}),
                "notice": outcome.message,
            }
    else:
        extra = {"entry_form": form}
    if request.htmx:
        return render(
            request,
            "gatherings/_attendance.html",
            attendance_context(gathering, request.user, **extra),
        )
    if extra.get("notice"):
        messages.success(request, extra["notice"])
    if extra.get("choices") or form.errors:
        context = {"object": gathering, **attendance_context(gathering, request.user, **extra)}
        return render(request, "gatherings/gathering_detail.html", context, status=200)
    return redirect(gathering)


@require_POST
def attendance_remove(request: HttpRequest, pk: int, attendance_pk: int) -> HttpResponse:
    attendance = access(
        request,
        Attendance.objects.select_related("person"),
        "gatherings.record_attendance",
        via="gathering",
        pk=attendance_pk,
        gathering_id=pk,
    )
    gathering = attendance.gathering
    name = attendance.person.display_name
    attendance.delete()
    notice = _("%(name)s retiré·e de la liste.") % {"name": name}
    if request.htmx:
        return render(
            request,
            "gatherings/_attendance.html",
            attendance_context(gathering, request.user, notice=notice),
        )
    messages.success(request, notice)
    return redirect(gathering)


def attendance_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    gathering = access(request, Gathering, "gatherings.record_attendance", pk=pk)
    query = request.GET.get("name", "").strip()
    people = []
    if len(query) >= 2:
        people = list(
            search_people(query)
            .exclude(attendances__gathering=gathering)
            .filter(anonymised_at__isnull=True)[:8]
        )
    return render(
        request,
        "gatherings/_suggestions.html",
        {"gathering": gathering, "people": people, "query": query},
    )


def sign_in_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    gathering = access(request, Gathering, "gatherings.view_attendance", pk=pk)
    return pdf_response(
        "gatherings/pdf/sign_in_sheet.html",
        {
            "gathering": gathering,
            "regulars": regulars_for(gathering),
            "blank_lines": range(SIGN_IN_BLANK_LINES),
        },
        filename=f"emargement-{gathering.start:%Y-%m-%d}-{gathering.title}",
        request=request,
    )


def poster(request: HttpRequest, pk: int) -> HttpResponse:
    gathering = access(request, Gathering, "gatherings.view_gathering", pk=pk)
    return pdf_response(
        "gatherings/pdf/poster.html",
        {"gathering": gathering},
        filename=f"affiche-{gathering.start:%Y-%m-%d}-{gathering.title}",
        request=request,
    )


@login_not_required
def territory_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """Public iCal feed: calendar apps cannot log in, so it carries no one's name."""
    territory = get_object_or_404(Territory, slug=slug)
    feed = calendar.feed_for(
        upcoming(territory.gatherings.all()),
        name=_("Rencontres — %(territory)s") % {"territory": territory.name},
        base_url=request.build_absolute_uri("/"),
    )
    response = HttpResponse(feed, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{territory.slug}.ics"'
    return response
