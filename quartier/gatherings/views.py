from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import CreateView, DetailView, ListView, UpdateView
from rules.contrib.views import PermissionRequiredMixin

from quartier.core.audit import audit
from quartier.core.deletion import deletion_summary
from quartier.core.pdf import pdf_response
from quartier.core.permissions import ObjectAccessMixin, access
from quartier.gatherings import calendar
from quartier.gatherings.entry import enter_attendance
from quartier.gatherings.forms import (
    AttendanceEntryForm,
    GatheringDeleteForm,
    GatheringFilterForm,
    GatheringForm,
)
from quartier.gatherings.models import Attendance, Gathering
from quartier.gatherings.offers import actions_for
from quartier.gatherings.printing import poster_context, sign_in_context
from quartier.gatherings.services import regulars_for, upcoming
from quartier.gatherings.todo import recent_attendance, todo_for
from quartier.people.models import Consent, Territory
from quartier.people.services import consent_withdrawn_expression, search_people


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The team's to-do list, the next gatherings with their sign-in sheets and the attendance
    noted lately; a resident sees, in plain words, what is for them."""
    team = request.user.has_perm("gatherings.view_attendance")
    return render(
        request,
        "gatherings/home.html" if team else "gatherings/home_resident.html",
        {
            "todo": todo_for(request.user),
            "upcoming": upcoming().select_related("territory")[:6],
            "territories": Territory.objects.all(),
            "recent": recent_attendance() if team else [],
        },
    )


class GatheringListView(PermissionRequiredMixin, ListView):
    permission_required = "gatherings.view_gathering"
    template_name = "gatherings/gathering_list.html"
    paginate_by = 30

    def get_queryset(self):
        self.filter_form = GatheringFilterForm.for_request(self.request.GET)
        gatherings = Gathering.objects.select_related("territory").annotate(
            headcount=Count("attendances")
        )
        self.filter_form.is_valid()
        when = self.filter_form.cleaned_data["when"]
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
        # What the apps above offer here (consultation: « Saisir ce qui est dit »).
        context["offers"] = actions_for(self.object, self.request.user)
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


@require_http_methods(["GET", "POST"])
def gathering_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a gathering entered by mistake, once the page has said what goes with it."""
    gathering = access(request, Gathering, "gatherings.delete_gathering", pk=pk)
    summary = deletion_summary(gathering)
    form = GatheringDeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and summary.possible and form.is_valid():
        with transaction.atomic():
            title, pk = gathering.title, gathering.pk
            attendances = gathering.attendances.count()
            gathering.delete()
            audit(request.user, "delete", None, gathering=pk, attendances=attendances)
        messages.success(request, _("La rencontre « %(title)s » est supprimée.") % {"title": title})
        return redirect("gatherings:list")
    return render(
        request,
        "gatherings/gathering_delete.html",
        {"gathering": gathering, "summary": summary, "form": form},
    )


@require_POST
def attendance_add(request: HttpRequest, pk: int) -> HttpResponse:
    gathering = access(request, Gathering, "gatherings.record_attendance", pk=pk)
    extra = enter_attendance(gathering, request.POST, recorded_by=request.user)
    if request.htmx:
        return render(
            request,
            "gatherings/_attendance.html",
            attendance_context(gathering, request.user, **extra),
        )
    if extra.get("notice"):
        messages.success(request, extra["notice"])
    if extra.get("choices") or extra["entry_form"].errors:
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
    notice = _("%(name)s n'est plus sur la liste.") % {"name": name}
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
        sign_in_context(gathering, regulars_for(gathering), request),
        filename=f"emargement-{gathering.start:%Y-%m-%d}-{gathering.title}",
        request=request,
    )


def poster(request: HttpRequest, pk: int) -> HttpResponse:
    gathering = access(request, Gathering, "gatherings.view_gathering", pk=pk)
    return pdf_response(
        "gatherings/pdf/poster.html",
        poster_context(gathering, request),
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
