"""What every view of the association shares: fetching the association, a page holding one
form, a rule's refusal shown on the form, and exports in every format."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from quartier.association.actions.errors import AssociationError
from quartier.association.models import Association
from quartier.core.exports import spreadsheet_response
from quartier.core.pdf import pdf_response
from quartier.core.permissions import access

VIEW = "association.view_association"
CHANGE = "association.change_association"
BOOKS = "association.keep_books"
ASSEMBLY = "association.run_assembly"
EXPORT_FORMATS = ("csv", "xlsx", "ods", "pdf")


def association_of(request: HttpRequest, pk: int, perm: str = VIEW) -> Association:
    return access(request, Association.objects.select_related("territory"), perm, pk=pk)


def optional_form(request: HttpRequest, association: Association, perm: str, build):
    """The form of a page for whoever holds `perm`, None for the others (they only read the
    page); a POST without `perm` is refused (403). `build(data, files)` makes the form."""
    if not request.user.has_perm(perm, association):
        if request.method == "POST":
            raise PermissionDenied
        return None
    if request.method == "POST":
        return build(request.POST, request.FILES)
    return build(None, None)


def refuse(form, error: AssociationError) -> None:
    """Show a rule's refusal next to its field, or above the form."""
    field = error.field if error.field in getattr(form, "fields", {}) else None
    form.add_error(field, error.message)


def form_page(
    request: HttpRequest,
    form,
    *,
    association: Association,
    title: str,
    submit: str,
    back: str,
    intro: str = "",
    upload: bool = False,
    extra: dict | None = None,
    template: str = "association/form.html",
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "association": association,
            "form": form,
            "title": title,
            "submit": submit,
            "back": back,
            "intro": intro,
            "upload": upload,
            **(extra or {}),
        },
    )


def export_format(request: HttpRequest) -> str:
    value = request.GET.get("format", "csv")
    return value if value in EXPORT_FORMATS else "csv"


def table_export(
    request: HttpRequest,
    *,
    name: str,
    header: list[str],
    rows: list[list],
    title: str,
    association: Association,
    pdf_columns: list[int] | None = None,
) -> HttpResponse:
    """The same table as CSV, XLSX, ODS, or a printable PDF (`pdf_columns`: the columns that
    fit on paper, when not all of them do)."""
    file_format = export_format(request)
    if file_format == "pdf":
        if pdf_columns is not None:
            header = [header[i] for i in pdf_columns]
            rows = [[row[i] for i in pdf_columns] for row in rows]
        return pdf_response(
            "association/pdf/table.html",
            {
                "association": association,
                "title": title,
                "header": header,
                "rows": rows,
                "today": timezone.localdate(),
            },
            filename=name,
            request=request,
        )
    return spreadsheet_response(name, header, rows, file_format)
