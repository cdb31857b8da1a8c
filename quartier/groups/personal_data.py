"""What the groups app holds about a person: the groups they belong to, the tasks they took on."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from quartier.core.personal_data import Declaration

TEAM_WORK = "who on the team did it: a work record of the partnership, not about the person"

PERSONAL_DATA = [
    Declaration(
        model="groups.Membership",
        label=_("Groupes de travail"),
        subjects=("person",),
        exported=("group", "role", "status", "invited_on", "joined_on", "left_on"),
        left_out={},
        # A current member, or one who left after the cutoff, is still around.
        seen_since=lambda cutoff: Q(left_on__isnull=True) | Q(left_on__gte=cutoff.date()),
        order_by=("group__name", "pk"),
    ),
    Declaration(
        model="groups.Action",
        label=_("Actions prises en charge"),
        subjects=("owner",),
        exported=("group", "title", "due_on", "status", "decided_in"),
        left_out={"created_at": "when the team typed it: « pour quand » says what matters"},
        order_by=("due_on", "pk"),
    ),
    Declaration(
        model="groups.WorkingGroup",
        label=_("Groupes de travail créés"),
        subjects=(),
        exported=(),
        left_out={
            "created_by": TEAM_WORK,
            "people": "the members: declared on Membership",
            **dict.fromkeys(
                (
                    "name",
                    "mandate",
                    "territory",
                    "theme_label",
                    "theme",
                    "status",
                    "outcome",
                    "created_at",
                ),
                "not about a person",
            ),
        },
    ),
    Declaration(
        model="groups.ProposalStep",
        label=_("Étapes de propositions"),
        subjects=(),
        exported=(),
        left_out={
            "recorded_by": TEAM_WORK,
            **dict.fromkeys(
                ("proposal", "status", "on", "note", "recorded_at"), "not about a person"
            ),
        },
    ),
]
