"""The list of people who stopped coming, for a phone call, and the note of each call."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.core.audit import audit
from quartier.core.exports import spreadsheet_response
from quartier.core.permissions import access, permission_required
from quartier.evaluation import follow_up, tables
from quartier.evaluation.forms import FollowUpNoteForm, MinimumForm, ScopeForm
from quartier.people.models import Person


def _absent(request: HttpRequest) -> tuple[MinimumForm, ScopeForm, list[follow_up.Absent]]:
    minimum = MinimumForm(request.GET or None)
    weeks = (minimum.cleaned_data.get("min_weeks") if minimum.is_valid() else None) or (
        follow_up.DEFAULT_MIN_WEEKS
    )
    scope_form = ScopeForm(request.GET)
    territory = scope_form.cleaned_data.get("territory") if scope_form.is_valid() else None
    return minimum, scope_form, follow_up.people_to_call(territory=territory, min_weeks=weeks)


# The most overdue first, a page at a time for this week's calls; the export holds everyone.
PER_PAGE = 25


@permission_required("evaluation.view_follow_up")
def follow_up_list(request: HttpRequest) -> HttpResponse:
    minimum, scope_form, absent = _absent(request)
    page = Paginator(absent, PER_PAGE).get_page(request.GET.get("page"))
    for entry in page:
        # Each call form its own ids, so that every label names its own field.
        entry.note_form = FollowUpNoteForm(
            initial={"noted_on": timezone.localdate()}, auto_id=f"appel-{entry.person.pk}-%s"
        )
    # Phone numbers are read here, as on a person's page.
    audit(request.user, "view", None, fields=["phone"], people=len(page))
    return render(
        request,
        "evaluation/follow_up.html",
        {
            "minimum": minimum,
            "territory_field": scope_form["territory"],
            "absent": page,
            "page_obj": page,
            "total": len(absent),
            "query": request.GET.urlencode(),
        },
    )


@permission_required("evaluation.view_follow_up")
def follow_up_export(request: HttpRequest, file_format: str) -> HttpResponse:
    if file_format not in ("csv", "xlsx"):
        raise Http404
    table = tables.follow_up_table(_absent(request)[2])
    audit(request.user, "export", None, fields=["display_name", "phone"], people=len(table.rows))
    return spreadsheet_response(table.title, table.header, table.rows, file_format)


def _people():
    return Person.objects.filter(follow_up.contactable(), anonymised_at__isnull=True)


def follow_up_person(request: HttpRequest, pk: int) -> HttpResponse:
    person = access(request, _people(), "evaluation.view_follow_up", pk=pk)
    audit(request.user, "view", person, fields=["phone"])
    return render(
        request,
        "evaluation/follow_up_person.html",
        {
            "person": person,
            "notes": person.follow_up_notes.all(),
            "form": FollowUpNoteForm(initial={"noted_on": timezone.localdate()}),
        },
    )


@require_POST
def follow_up_note(request: HttpRequest, pk: int) -> HttpResponse:
    person = access(request, _people(), "evaluation.add_follow_up_note", pk=pk)
    form = FollowUpNoteForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "evaluation/follow_up_person.html",
            {"person": person, "notes": person.follow_up_notes.all(), "form": form},
        )
    follow_up.record_note(person, recorded_by=request.user, **form.cleaned_data)
    messages.success(request, _("Appel noté."))
    return redirect(reverse("evaluation:follow_up_person", args=[person.pk]))
