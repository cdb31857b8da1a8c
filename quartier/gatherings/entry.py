"""The fast entry line as any page offers it: a submitted `AttendanceEntryForm` turned into an
attendance (through `services.record_attendance`) and into what the page shows next.

Every page with a "type a name" line (a gathering's attendance block, an activity session's
one-tap page) calls `enter_attendance` and renders its result, so the look-alike choice
behaves the same everywhere; `gatherings/_lookalikes.html` shows the choice.
"""

from __future__ import annotations

from django.http import QueryDict
from django.shortcuts import get_object_or_404

from quartier.gatherings.forms import AttendanceEntryForm
from quartier.gatherings.models import Gathering
from quartier.gatherings.services import record_attendance
from quartier.people.models import Person


def enter_attendance(gathering: Gathering, data: QueryDict, *, recorded_by) -> dict:
    """Record what was typed; return the context for the page's attendance block: `notice`
    once someone is recorded, `warning` and `choices` when the name looks like known people
    (nothing saved: the form keeps what was typed), or the form and its errors."""
    form = AttendanceEntryForm(data)
    if not form.is_valid():
        return {"entry_form": form}
    person = None
    if person_id := form.cleaned_data.get("person"):
        person = get_object_or_404(Person, pk=person_id, anonymised_at__isnull=True)
    outcome = record_attendance(
        gathering,
        person=person,
        name=form.cleaned_data.get("name") or "",
        role=form.cleaned_data["role"],
        recorded_by=recorded_by,
        confirm_new=form.cleaned_data.get("confirm_new", False),
    )
    if outcome.choices:
        # Keep what was typed so the user can confirm or pick without retyping.
        return {
            "entry_form": form,
            "choices": outcome.choices,
            "pending_name": form.cleaned_data.get("name"),
            "pending_role": form.cleaned_data["role"],
            "warning": outcome.message,
        }
    return {
        "entry_form": AttendanceEntryForm(initial={"role": form.cleaned_data["role"]}),
        "notice": outcome.message,
    }
