"""What the evaluation holds about a person: their path (milestones, testimonies, the
loneliness questionnaire), recorded with their consent; the calls made to them; the groups
the network watches them in. Withdrawing the evaluation consent empties their words and
answers and unlinks the records, so only anonymous counts remain."""

from django.utils.translation import gettext_lazy as _

from quartier.core.personal_data import BLANK, NULL, Declaration
from quartier.people.models import Consent

TEAM_WORK = "who on the team typed it: a work record of the partnership, not about the person"
TYPED_AT = "when the team typed it: the record's own date says what matters"
EVALUATION = Consent.Purpose.EVALUATION

PERSONAL_DATA = [
    Declaration(
        model="evaluation.Milestone",
        label=_("Étapes de parcours"),
        subjects=("person",),
        exported=("kind", "happened_on", "title", "age", "note"),
        left_out={
            "territory": "where the action took place, not about the person",
            "recorded_by": TEAM_WORK,
            "created_at": TYPED_AT,
        },
        erasure={"note": BLANK, "age": NULL},
        withdrawal={EVALUATION: ("note", "age", "person")},
        order_by=("happened_on", "pk"),
    ),
    Declaration(
        model="evaluation.Testimony",
        label=_("Témoignages"),
        subjects=("person",),
        exported=("said_on", "quote", "attribution", "publication", "publication_agreed_on"),
        left_out={
            "territory": "where the action took place, not about the person",
            "recorded_by": TEAM_WORK,
            "created_at": TYPED_AT,
        },
        erasure={"quote": BLANK, "attribution": BLANK, "publication": BLANK},
        withdrawal={
            EVALUATION: (
                "quote",
                "attribution",
                "publication",
                "publication_agreed_on",
                "person",
            )
        },
        order_by=("said_on", "pk"),
    ),
    Declaration(
        model="evaluation.SurveyResponse",
        label=_("Questionnaire sur l'isolement"),
        subjects=("person",),
        exported=("wave", "answered_on", "lack_companionship", "left_out", "isolated"),
        left_out={
            "territory": "where the action took place, not about the person",
            "recorded_by": TEAM_WORK,
            "created_at": TYPED_AT,
        },
        withdrawal={EVALUATION: ("lack_companionship", "left_out", "isolated", "person")},
        order_by=("wave", "pk"),
    ),
    Declaration(
        model="evaluation.FollowUpNote",
        label=_("Appels de suivi"),
        subjects=("person",),
        exported=("noted_on", "reached", "note"),
        left_out={"recorded_by": TEAM_WORK, "created_at": TYPED_AT},
        erasure={"note": BLANK},
        withdrawal={Consent.Purpose.CONTACT: ("note",)},
        order_by=("noted_on", "pk"),
    ),
    Declaration(
        model="evaluation.Circle",
        label=_("Groupes suivis dans le réseau"),
        subjects=("members",),
        exported=("name",),
        left_out={
            "territory": "not about a person",
            "description": "who the group is about, written for the whole group",
            "created_at": "not about a person",
        },
    ),
    Declaration(
        model="evaluation.Bilan",
        label=_("Bilans annuels"),
        subjects=(),
        exported=(),
        left_out={
            "updated_by": TEAM_WORK,
            **dict.fromkeys(
                (
                    "territory",
                    "year",
                    "summary",
                    "highlights",
                    "difficulties",
                    "outlook",
                    "reviewed",
                    "updated_at",
                ),
                "not about a person",
            ),
        },
    ),
    Declaration(
        model="evaluation.PracticeSheet",
        label=_("Fiches d'expérience"),
        subjects=(),
        exported=(),
        left_out={
            "updated_by": TEAM_WORK,
            **dict.fromkeys(
                ("territory", "title", "objectives", "origins", "contact", "updated_at"),
                "not about a person",
            ),
        },
    ),
]
