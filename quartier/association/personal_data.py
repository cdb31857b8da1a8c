"""What the association app holds about a person: their membership and dues, their board
mandates, the proxies they gave or held, the crafts they made.

Cash-book entries hold no one's name (a dues receipt reads « Cotisation 2005 — membre n° 12 »):
they are accounting records, kept unchanged for ten years, and an erasure leaves them as they
are. Who paid is on the dues row, which points at the (then pseudonymised) person, so the
figures stay right and the name goes.
"""

from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from quartier.core.personal_data import Declaration

TEAM_WORK = "who on the team typed it: a work record of the association, not about the person"
NOT_ABOUT = "not about a person"
ACCOUNTING = (
    "an accounting record, kept unchanged (ten years): it names no one, and erasure must not "
    "touch it"
)

PERSONAL_DATA = [
    Declaration(
        model="association.Member",
        label=_("Adhésions à l'association"),
        subjects=("person",),
        exported=("association", "number", "joined_on", "left_on"),
        left_out={},
        order_by=("joined_on", "pk"),
    ),
    Declaration(
        model="association.DuesPayment",
        label=_("Cotisations"),
        # Reached through the membership, not a relation of its own: the « Cotisations »
        # section below exports them.
        subjects=(),
        exported=(),
        left_out={
            **dict.fromkeys(
                (
                    "member",
                    "period_start",
                    "period_end",
                    "amount",
                    "paid_on",
                    "method",
                    "cancelled_on",
                ),
                "exported in the « Cotisations » section (dues_of)",
            ),
            "entry": "the cash-book receipt: " + ACCOUNTING,
            "recorded_by": TEAM_WORK,
            "recorded_at": "when the team typed it: « payée le » says what matters",
        },
    ),
    Declaration(
        model="association.Mandate",
        label=_("Mandats au conseil d'administration"),
        subjects=("person",),
        exported=("association", "role", "started_on", "ended_on", "elected_at", "declared_on"),
        left_out={},
        order_by=("started_on", "pk"),
    ),
    Declaration(
        model="association.Proxy",
        label=_("Pouvoirs donnés en assemblée générale"),
        # Shown as « cette personne » / « une autre personne »: the export names no one else.
        subjects=("giver", "holder"),
        exported=("assembly", "giver", "holder", "recorded_at"),
        left_out={},
        order_by=("recorded_at", "pk"),
    ),
    Declaration(
        model="association.CraftItem",
        label=_("Objets artisanaux réalisés"),
        subjects=("maker",),
        exported=("association", "name", "made_in", "price", "stock"),
        left_out={"materials_cost": "the association's costing, not about the person"},
        order_by=("name", "pk"),
    ),
    *(
        Declaration(
            model=model,
            label=label,
            subjects=(),
            exported=(),
            left_out=left_out,
        )
        for model, label, left_out in [
            (
                "association.Entry",
                _("Écritures du livre de caisse"),
                {
                    "recorded_by": TEAM_WORK + "; " + ACCOUNTING,
                    **dict.fromkeys(
                        (
                            "association",
                            "financial_year",
                            "number",
                            "date",
                            "journal",
                            "kind",
                            "label",
                            "piece_ref",
                            "category",
                            "amount",
                            "means",
                            "subsidy",
                            "reverses",
                            "replaces",
                            "reason",
                            "recorded_at",
                        ),
                        ACCOUNTING,
                    ),
                },
            ),
            (
                "association.FinancialYear",
                _("Exercices comptables"),
                {
                    "closed_by": TEAM_WORK,
                    **dict.fromkeys(
                        ("association", "starts_on", "ends_on", "closed_at"), NOT_ABOUT
                    ),
                },
            ),
            (
                "association.BankCheck",
                _("Rapprochements bancaires"),
                {
                    "checked_by": TEAM_WORK,
                    **dict.fromkeys(
                        (
                            "association",
                            "on",
                            "statement_balance",
                            "book_balance",
                            "note",
                            "checked_at",
                        ),
                        NOT_ABOUT,
                    ),
                },
            ),
            (
                "association.DocumentVersion",
                _("Documents de l'association"),
                {
                    "uploaded_by": TEAM_WORK,
                    **dict.fromkeys(
                        (
                            "document",
                            "file",
                            "original_name",
                            "note",
                            "adopted_on",
                            "declared_on",
                            "uploaded_at",
                        ),
                        NOT_ABOUT,
                    ),
                },
            ),
            (
                "association.Sale",
                _("Ventes"),
                {
                    "recorded_by": TEAM_WORK,
                    **dict.fromkeys(
                        ("association", "sold_on", "stall", "means", "entry", "recorded_at"),
                        NOT_ABOUT,
                    ),
                },
            ),
        ]
    ),
]


def dues_of(person) -> list[dict]:
    """Every dues payment of the person's memberships, amounts in euros."""
    from quartier.association.actions.members import period_label
    from quartier.association.models import DuesPayment
    from quartier.association.money import euros

    payments = DuesPayment.objects.filter(member__person=person).select_related(
        "member__association"
    )
    return [
        {
            gettext_now("Association"): str(payment.member.association),
            gettext_now("Année"): period_label(payment),
            gettext_now("Montant"): euros(payment.amount),
            gettext_now("Payée le"): payment.paid_on,
            gettext_now("Moyen de paiement"): payment.get_method_display(),
            gettext_now("Annulée le"): payment.cancelled_on,
        }
        for payment in payments.order_by("period_start", "pk")
    ]


SECTIONS = [(_("Cotisations"), dues_of)]
