from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.association.actions.fec import fec_bytes, fec_filename
from quartier.association.actions.reports import income_statement, statement_table
from quartier.association.models import FinancialYear
from quartier.association.views.common import VIEW, export_format, table_export
from quartier.core.pdf import pdf_response
from quartier.core.permissions import access, permission_required


def _year(request: HttpRequest, pk: int) -> FinancialYear:
    return access(
        request,
        FinancialYear.objects.select_related("association"),
        VIEW,
        via="association",
        pk=pk,
    )


def _statement_context(year: FinancialYear) -> dict:
    report = income_statement(year)
    return {
        "association": year.association,
        "year": year,
        "statement": report,
        # In-kind contributions at the foot, apart from the result.
        "statement_in_kind": [report.in_kind_products, report.in_kind_charges],
        "today": timezone.localdate(),
    }


@permission_required(VIEW)
def statement(request: HttpRequest, pk: int) -> HttpResponse:
    year = _year(request, pk)
    return render(
        request,
        "association/income_statement.html",
        _statement_context(year),
    )


@permission_required(VIEW)
def statement_export(request: HttpRequest, pk: int) -> HttpResponse:
    year = _year(request, pk)
    if export_format(request) == "pdf":
        return pdf_response(
            "association/pdf/income_statement.html",
            _statement_context(year),
            filename=f"compte-de-resultat-{year.label}",
            request=request,
        )
    header, rows = statement_table(income_statement(year))
    return table_export(
        request,
        name=f"compte-de-resultat-{year.label}",
        header=header,
        rows=rows,
        title=_("Compte de résultat %(year)s") % {"year": year.label},
        association=year.association,
    )


@permission_required(VIEW)
def fec(request: HttpRequest, pk: int) -> HttpResponse:
    """The year's entries as a FEC file, for an accountant's program."""
    year = _year(request, pk)
    response = HttpResponse(fec_bytes(year), content_type="text/plain; charset=iso-8859-15")
    response["Content-Disposition"] = f'attachment; filename="{fec_filename(year)}"'
    return response
