from __future__ import annotations

import datetime as dt
from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, Min, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from quartier.activities import attendance, handover, planning, recurrence
from quartier.activities.days_off import describe_zone
from quartier.activities.forms import (
    ActivityForm,
    CancelForm,
    FacilitatorsForm,
    GuestsForm,
    PresenceForm,
    SessionForm,
)
from quartier.activities.models import Activity, ActivitySession
from quartier.core.pdf import pdf_response
from quartier.core.permissions import access, permission_required
from quartier.gatherings import calendar
from quartier.gatherings.entry import enter_attendance
from quartier.gatherings.forms import AttendanceEntryForm
from quartier.gatherings.leadership import leadership_of, with_leadership
from quartier.gatherings.models import Gathering
from quartier.gatherings.services import upcoming
from quartier.people.models import Person, Territory

RECENT_SESSIONS = 10
# Beyond this many dates the month's programme is printed a size smaller, to stay on one page.
MONTH_ROWS_AT_FULL_SIZE = 16


def _activities():
    return Activity.objects.select_related("territory", "organisation", "working_group")


def _sessions():
    return ActivitySession.objects.select_related(
        "gathering__territory", "activity__territory", "activity__organisation"
    )


def _week_bounds(today: dt.date) -> tuple[dt.datetime, dt.datetime]:
    monday = today - dt.timedelta(days=today.weekday())
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(dt.datetime.combine(monday, dt.time()), zone)
    return start, start + dt.timedelta(days=7)


# --- activities ----------------------------------------------------------------------------


@permission_required("activities.list_activity")
def activity_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    week_start, week_end = _week_bounds(today)
    now = timezone.now()
    activities = _activities().annotate(
        next_start=Min(
            "sessions__gathering__start",
            filter=Q(
                sessions__gathering__start__gte=now,
                sessions__gathering__cancelled_at__isnull=True,
            ),
        )
    )
    this_week = (
        Gathering.objects.filter(
            activity_session__isnull=False, start__gte=week_start, start__lt=week_end
        )
        .select_related("activity_session")
        .order_by("start")
    )
    events = upcoming(
        Gathering.objects.filter(activity_session__activity__kind=Activity.Kind.EVENT)
    ).filter(start__gte=week_end)[:6]
    support = Gathering.objects.filter(kind=Gathering.Kind.SUPPORT_MEETING)
    territories = list(Territory.objects.all())
    next_month = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "activities/activity_list.html",
        {
            "activities": [a for a in activities if a.kind == Activity.Kind.SESSION],
            "event_series": [a for a in activities if a.kind == Activity.Kind.EVENT],
            "this_week": this_week,
            "events": events,
            "support_upcoming": upcoming(support)[:3],
            "support_recent": support.filter(start__lt=now).order_by("-start")[:3],
            "territories": territories,
            "months": [today.replace(day=1), next_month],
        },
    )


@permission_required("activities.add_activity")
def activity_create(request: HttpRequest) -> HttpResponse:
    territories = list(Territory.objects.all()[:2])
    initial = {
        "territory": territories[0] if len(territories) == 1 else None,
        "starts_on": timezone.localdate(),
        "start_time": dt.time(14),
        "end_time": dt.time(16),
    }
    form = ActivityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        activity = form.save()
        outcome = planning.plan_sessions(activity, created_by=request.user)
        messages.success(request, _plan_message(outcome))
        return redirect(activity)
    return render(request, "activities/activity_form.html", {"form": form})


def _plan_message(outcome: planning.PlanOutcome) -> str:
    made = len(outcome.created)
    text = ngettext("%(count)d séance prévue.", "%(count)d séances prévues.", made) % {
        "count": made
    }
    if outcome.removed:
        text += " " + ngettext(
            "%(count)d séance qui ne suivait plus la règle retirée.",
            "%(count)d séances qui ne suivaient plus la règle retirées.",
            outcome.removed,
        ) % {"count": outcome.removed}
    return text


def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = access(request, _activities(), "activities.view_activity", pk=pk)
    today = timezone.localdate()
    sessions = Gathering.objects.filter(activity_session__activity=activity)
    horizon = today + dt.timedelta(weeks=planning.PLAN_WEEKS)
    coming = sessions.filter(start__date__gte=today).order_by("start")[:12]
    skipped = [p for p in planning.planned_days(activity, today, horizon) if p.skipped_because]
    recent = (
        with_leadership(handover.held(sessions))
        .annotate(headcount=Count("attendances", distinct=True))
        .order_by("-start")[:RECENT_SESSIONS]
    )
    by_year = handover.share_over_time(sessions)
    requested = request.GET.get("par")
    by = {"annee": handover.YEAR, "trimestre": handover.QUARTER}.get(
        requested, handover.natural_period(by_year)
    )
    periods = by_year if by == handover.YEAR else handover.share_over_time(sessions, by=by)
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "rhythm": recurrence.describe(activity.rule),
            "zone": describe_zone(activity.territory) if activity.skip_school_holidays else "",
            "coming": coming,
            "skipped": skipped,
            "recent": [(g, leadership_of(g)) for g in recent],
            "periods": periods,
            "by": by,
            "calendar_url": request.build_absolute_uri(
                reverse("activities:calendar", args=[activity.pk])
            ),
            "can_change": request.user.has_perm("activities.change_activity", activity),
        },
    )


def activity_update(request: HttpRequest, pk: int) -> HttpResponse:
    activity = access(request, _activities(), "activities.change_activity", pk=pk)
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        form.save()
        outcome = planning.plan_sessions(activity, created_by=request.user)
        messages.success(request, _("Modifications enregistrées.") + " " + _plan_message(outcome))
        return redirect(activity)
    return render(request, "activities/activity_form.html", {"form": form, "activity": activity})


@require_POST
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    activity = access(request, _activities(), "activities.change_activity", pk=pk)
    outcome = planning.plan_sessions(activity, created_by=request.user)
    messages.success(request, _plan_message(outcome))
    return redirect(activity)


def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    activity = access(request, _activities(), "activities.change_activity", pk=pk)
    form = SessionForm(
        request.POST or None,
        initial={
            "start_time": activity.start_time,
            "end_time": activity.end_time,
            "place": activity.place,
        },
    )
    if request.method == "POST" and form.is_valid():
        session = planning.add_session(
            activity,
            form.cleaned_data["day"],
            start_time=form.cleaned_data["start_time"],
            end_time=form.cleaned_data["end_time"],
            place=form.cleaned_data["place"],
            created_by=request.user,
        )
        messages.success(request, _("Date ajoutée."))
        return redirect(session)
    return render(request, "activities/session_form.html", {"form": form, "activity": activity})


# --- one session: attendance in one tap ----------------------------------------------------


def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = access(request, _sessions(), "activities.view_session", via="gathering", pk=pk)
    return render(request, "activities/session_detail.html", _session_context(request, session))


def _session_context(request: HttpRequest, session: ActivitySession, **extra) -> dict:
    gathering = session.gathering
    user = request.user
    can_record = user.has_perm("gatherings.record_attendance", gathering)
    context = {
        "session": session,
        "gathering": gathering,
        "activity": session.activity,
        "leadership": leadership_of(gathering),
        "can_record": can_record and not gathering.is_cancelled,
        "can_cancel": user.has_perm("activities.cancel_session", gathering),
        "can_see_names": user.has_perm("gatherings.view_attendance", gathering),
        "is_past": gathering.start < timezone.now(),
    }
    if context["can_see_names"]:
        context["facilitators"] = [
            a.person
            for a in gathering.attendances.select_related("person").filter(role="facilitator")
        ]
    if context["can_record"]:
        context.update(_board_context(session, **extra))
    return context


def _board_context(session: ActivitySession, **extra) -> dict:
    toggles = attendance.board(session)
    present = [t for t in toggles if t.present]
    return {
        "session": session,
        "gathering": session.gathering,
        "toggles": toggles,
        "named_count": len(present),
        "total": attendance.total_present(session.gathering, len(present)),
        "entry_form": extra.pop("entry_form", None) or AttendanceEntryForm(),
        "guests_form": GuestsForm(initial={"guest_count": session.gathering.guest_count}),
        "facilitators_form": _facilitators_form(session, toggles),
        **extra,
    }


def _facilitators_form(session: ActivitySession, toggles, data=None) -> FacilitatorsForm:
    present = [
        (t.person.pk, _("Personne (consentement retiré)") if t.name_hidden else str(t.person))
        for t in toggles
        if t.present
    ]
    chosen = [t.person.pk for t in toggles if t.facilitator]
    return FacilitatorsForm(data, present=present, initial={"facilitators": chosen})


def _recording_session(request: HttpRequest, pk: int) -> ActivitySession:
    return access(request, _sessions(), "gatherings.record_attendance", via="gathering", pk=pk)


def _back_to(session: ActivitySession, anchor: str = "") -> HttpResponse:
    return redirect(session.get_absolute_url() + (f"#{anchor}" if anchor else ""))


def _refuse_if_cancelled(request: HttpRequest, session: ActivitySession) -> HttpResponse | None:
    if not session.gathering.is_cancelled:
        return None
    message = _("Cette séance est annulée : rétablissez-la pour noter qui est venu.")
    if request.htmx:
        return HttpResponse(message, status=409)
    messages.error(request, message)
    return _back_to(session)


@require_POST
def toggle(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    """One tap: mark a person present (present=1) or not (present=0). The button sends the
    state it leads to, not "switch", so a tap sent again after a lost answer does no harm."""
    session = _recording_session(request, pk)
    if refused := _refuse_if_cancelled(request, session):
        return refused
    person = get_object_or_404(Person, pk=person_pk, anonymised_at__isnull=True)
    form = PresenceForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return HttpResponse(_("Demande incomplète."), status=400)
        messages.error(request, _("Touchez le nom de la personne pour noter sa présence."))
        return _back_to(session)
    attendance.set_present(session, person, form.cleaned_data["present"], recorded_by=request.user)
    if not request.htmx:
        return _back_to(session, f"personne-{person.pk}")
    toggle_ = attendance.toggle_for(session, person)
    named = session.gathering.attendances.count()
    return render(
        request,
        "activities/_toggle_response.html",
        {
            "session": session,
            "toggle": toggle_,
            "saved": True,
            "named_count": named,
            "total": attendance.total_present(session.gathering, named),
        },
    )


@require_POST
def newcomer(request: HttpRequest, pk: int) -> HttpResponse:
    """Someone not among the regulars, typed by name: the fast entry of gatherings decides
    (one match recorded, look-alikes offered, or a newcomer created)."""
    session = _recording_session(request, pk)
    if refused := _refuse_if_cancelled(request, session):
        return refused
    extra = enter_attendance(session.gathering, request.POST, recorded_by=request.user)
    if extra.get("notice"):
        extra["refocus"] = True
    if request.htmx:
        return render(request, "activities/_board.html", _board_context(session, **extra))
    if extra.get("notice"):
        messages.success(request, extra["notice"])
        return _back_to(session, "qui-est-la")
    context = _session_context(request, session, **extra)
    return render(request, "activities/session_detail.html", context)


@require_POST
def guests(request: HttpRequest, pk: int) -> HttpResponse:
    session = _recording_session(request, pk)
    form = GuestsForm(request.POST)
    notice = ""
    if form.is_valid():
        attendance.set_guest_count(session, form.cleaned_data["guest_count"])
        notice = _("Enregistré.")
    if request.htmx:
        named = session.gathering.attendances.count()
        return render(
            request,
            "activities/_guests.html",
            {
                "session": session,
                "gathering": session.gathering,
                "guests_form": form
                if form.errors
                else GuestsForm(initial={"guest_count": session.gathering.guest_count}),
                "guests_notice": notice,
                "named_count": named,
                "total": attendance.total_present(session.gathering, named),
                "oob_total": True,
            },
        )
    if form.errors:
        messages.error(request, " ".join(form.errors.get("guest_count", [])))
    else:
        messages.success(request, _("Nombre de personnes venues sans donner leur nom enregistré."))
    return _back_to(session, "sans-nom")


@require_POST
def facilitators(request: HttpRequest, pk: int) -> HttpResponse:
    session = _recording_session(request, pk)
    form = _facilitators_form(session, attendance.board(session), data=request.POST)
    if form.is_valid():
        attendance.set_facilitators(session, form.cleaned_data["facilitators"])
        messages.success(request, _("Animation enregistrée."))
    else:
        messages.error(request, _("Choisissez parmi les personnes présentes."))
    return _back_to(session, "animation")


def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = access(request, _sessions(), "activities.cancel_session", via="gathering", pk=pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        planning.cancel_session(session.gathering, form.cleaned_data["reason"])
        messages.success(request, _("Séance annulée. L'agenda le dit désormais."))
        return _back_to(session)
    return render(
        request,
        "activities/cancel_form.html",
        {"form": form, "session": session, "gathering": session.gathering},
    )


@require_POST
def reinstate(request: HttpRequest, pk: int) -> HttpResponse:
    session = access(request, _sessions(), "activities.cancel_session", via="gathering", pk=pk)
    planning.reinstate_session(session.gathering)
    messages.success(request, _("La séance a bien lieu : l'annulation est retirée."))
    return _back_to(session)


# --- calendars -----------------------------------------------------------------------------


def _feed_response(gatherings, *, name: str, filename: str, request: HttpRequest) -> HttpResponse:
    feed = calendar.feed_for(
        upcoming(gatherings), name=name, base_url=request.build_absolute_uri("/")
    )
    response = HttpResponse(feed, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    return response


@login_not_required
def activity_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """Public iCal feed of one activity: titles, times, places, cancellations; no names."""
    activity = get_object_or_404(Activity, pk=pk)
    return _feed_response(
        Gathering.objects.filter(activity_session__activity=activity),
        name=activity.name,
        filename=f"activite-{activity.pk}",
        request=request,
    )


@login_not_required
def territory_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """Public iCal feed of every activity and event of a territory; no names."""
    territory = get_object_or_404(Territory, slug=slug)
    return _feed_response(
        Gathering.objects.filter(activity_session__activity__territory=territory),
        name=_("Activités — %(territory)s") % {"territory": territory.name},
        filename=f"activites-{territory.slug}",
        request=request,
    )


@permission_required("activities.list_activity")
def month_pdf(request: HttpRequest, slug: str, year: int, month: int) -> HttpResponse:
    """The month's programme, printed large for the door of the premises."""
    territory = get_object_or_404(Territory, slug=slug)
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404
    first = dt.date(year, month, 1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    zone = timezone.get_current_timezone()
    gatherings = Gathering.objects.filter(
        activity_session__activity__territory=territory,
        start__gte=timezone.make_aware(dt.datetime.combine(first, dt.time()), zone),
        start__lt=timezone.make_aware(dt.datetime.combine(following, dt.time()), zone),
    ).order_by("start", "title")
    days: dict[dt.date, list[Gathering]] = {}
    places: Counter[str] = Counter()
    for gathering in gatherings:
        days.setdefault(timezone.localtime(gathering.start).date(), []).append(gathering)
        places[gathering.place] += 1
    # The usual place is said once, at the top; a row names its place only when it differs.
    usual_place = places.most_common(1)[0][0] if places else ""
    return pdf_response(
        "activities/pdf/month.html",
        {
            "territory": territory,
            "month": first,
            "days": sorted(days.items()),
            "usual_place": usual_place,
            "dense": sum(places.values()) > MONTH_ROWS_AT_FULL_SIZE,
        },
        filename=f"programme-{territory.slug}-{year}-{month:02d}",
        request=request,
    )
