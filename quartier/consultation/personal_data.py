"""What the consultation app holds about a person: what they said, and nothing else.

Consultations, runs of the grouping engine and import drafts are the team's work records; they
point at the log-in that made them only to say who did it.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from quartier.core.personal_data import BLANK, Declaration

TEAM_WORK = "who on the team did it: a work record of the partnership, not about the person"


def _not_about_a_person(*names: str) -> dict[str, str]:
    return dict.fromkeys(names, "not about a person")


PERSONAL_DATA = [
    Declaration(
        model="consultation.Contribution",
        label=_("Contributions"),
        subjects=("author",),
        exported=(
            "consultation",
            "text",
            "said_on",
            "gathering",
            "channel",
            "kind",
            "age_band",
            "language",
            "state",
            "theme",
            "subtheme",
        ),
        left_out={
            "author_name": "a first name typed on the public form, never linked to a person",
            "entered_by": TEAM_WORK,
            "created_at": "when the team typed it: « date » says when it was said",
            "theme_curated": "the team's curation of themes, not about the author",
            "is_pinned_quote": "the team's choice of quotes, not about the author",
            "is_excluded_quote": "the team's choice of quotes, not about the author",
            "placed_by_run": "a technical link to the grouping run",
            "other_reason": "the engine's reason for leaving it out of every theme",
        },
        # What was said stays, and is counted, under the pseudonym of the author.
        erasure={"author_name": BLANK},
        seen_since=lambda cutoff: Q(said_on__gte=cutoff.date()) | Q(created_at__gte=cutoff),
        order_by=("said_on", "pk"),
    ),
    Declaration(
        model="consultation.Consultation",
        label=_("Consultations"),
        subjects=(),
        exported=(),
        left_out={
            "created_by": TEAM_WORK,
            **_not_about_a_person(
                "title",
                "territory",
                "period_start",
                "period_end",
                "question",
                "status",
                "restitution_published",
                "created_at",
            ),
        },
    ),
    Declaration(
        model="consultation.GroupingRun",
        label=_("Regroupements"),
        subjects=(),
        exported=(),
        left_out={
            "requested_by": TEAM_WORK,
            **_not_about_a_person(
                "consultation",
                "status",
                "progress",
                "message",
                "requested_themes",
                "created_at",
                "started_at",
                "finished_at",
                "result",
            ),
        },
    ),
    Declaration(
        model="consultation.ImportDraft",
        label=_("Imports en cours"),
        subjects=(),
        exported=(),
        left_out={
            "created_by": TEAM_WORK,
            "id": "a technical identifier",
            "consultation": "not about a person",
            "filename": "not about a person",
            "header": "not about a person",
            "rows": "a file being imported, deleted once confirmed; its rows become contributions",
            "start_line": "not about a person",
            "created_at": "not about a person",
        },
    ),
]
