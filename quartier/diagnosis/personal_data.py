"""The diagnosis holds aggregated public statistics about areas, never a person's situation:
its models point at a log-in only to say who on the team imported or typed them."""

from django.utils.translation import gettext_lazy as _

from quartier.core.personal_data import Declaration

TEAM_WORK = "who on the team did it: a work record of the partnership, not about the person"
STATISTICS = "statistics about an area, never about a person"

PERSONAL_DATA = [
    Declaration(
        model="diagnosis.Dataset",
        label=_("Statistiques importées"),
        subjects=(),
        exported=(),
        left_out={
            "imported_by": TEAM_WORK,
            **dict.fromkeys(
                (
                    "territory",
                    "title",
                    "file_name",
                    "source",
                    "kind",
                    "census_year",
                    "income_year",
                    "labels",
                    "warnings",
                    "unknown_columns",
                    "illustrative",
                    "imported_at",
                ),
                STATISTICS,
            ),
        },
    ),
    Declaration(
        model="diagnosis.ImportDraft",
        label=_("Imports de statistiques en cours"),
        subjects=(),
        exported=(),
        left_out={
            "created_by": TEAM_WORK,
            **dict.fromkeys(
                (
                    "id",
                    "territory",
                    "title",
                    "file_name",
                    "data",
                    "meta_name",
                    "meta_data",
                    "created_at",
                ),
                STATISTICS,
            ),
        },
    ),
    Declaration(
        model="diagnosis.LocalFact",
        label=_("Faits locaux"),
        subjects=(),
        exported=(),
        left_out={
            "created_by": TEAM_WORK,
            **dict.fromkeys(
                ("territory", "label", "value", "unit", "source", "observed_on", "created_at"),
                STATISTICS,
            ),
        },
    ),
]
