"""What the activities app holds about a person: nothing of its own. Who came to a session is
an attendance of its gathering (declared by gatherings); an activity only records who typed it."""

from django.utils.translation import gettext_lazy as _

from quartier.core.personal_data import Declaration

PERSONAL_DATA = [
    Declaration(
        model="activities.Activity",
        label=_("Activités créées"),
        subjects=(),
        exported=(),
        left_out={
            "created_by": "who on the team typed it: a work record, not about the person",
            **dict.fromkeys(
                (
                    "name",
                    "description",
                    "kind",
                    "territory",
                    "place",
                    "organisation",
                    "working_group",
                    "rule",
                    "starts_on",
                    "ends_on",
                    "start_time",
                    "end_time",
                    "skip_school_holidays",
                    "created_at",
                ),
                "not about a person",
            ),
        },
    ),
]
