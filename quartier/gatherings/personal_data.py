"""What the gatherings app holds about a person: the gatherings they came to."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from quartier.core.personal_data import Declaration

TEAM_WORK = "who on the team typed it: a work record of the partnership, not about the person"

PERSONAL_DATA = [
    Declaration(
        model="gatherings.Gathering",
        label=_("Rencontres créées"),
        # A gathering is about the neighbourhood, not about whoever typed it in; who came is
        # declared on Attendance.
        subjects=(),
        exported=(),
        left_out={
            "kind": "not about a person",
            "title": "not about a person",
            "start": "not about a person",
            "end": "not about a person",
            "place": "not about a person",
            "territory": "not about a person",
            "notes": "notes on the gathering, kept by the team",
            "guest_count": "a number of people who gave no name",
            "cancelled_at": "not about a person",
            "cancellation_reason": "about the gathering, public (the form asks for no name)",
            "created_by": TEAM_WORK,
            "created_at": "not about a person",
            "attendees": "the list of who came: declared on Attendance",
        },
    ),
    Declaration(
        model="gatherings.Attendance",
        label=_("Présences aux rencontres"),
        subjects=("person",),
        exported=("gathering", "gathering__kind", "gathering__start", "gathering__place", "role"),
        left_out={
            "recorded_by": TEAM_WORK,
            "recorded_at": "when the team typed it: the gathering's date says when they came",
            "held_at": "a copy of the gathering's start, exported as gathering__start",
            "person_kind": "a copy of the person's kind, exported with the person's record",
        },
        # Erasure keeps the rows: headcounts stay right, under the pseudonym.
        seen_since=lambda cutoff: Q(gathering__start__gte=cutoff),
        order_by=("gathering__start", "pk"),
    ),
]
