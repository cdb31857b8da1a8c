from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.association.actions import identity
from quartier.association.actions.errors import AssociationError
from quartier.association.actions.inkind import valuation, volunteer_time
from quartier.association.forms.identity import (
    AssociationCreateForm,
    AssociationForm,
    DocumentForm,
    DocumentVersionForm,
    GiftForm,
    PremisesLoanForm,
)
from quartier.association.models import Document, DocumentVersion, PremisesLoan
from quartier.association.views.common import (
    CHANGE,
    VIEW,
    association_of,
    form_page,
    optional_form,
    refuse,
)
from quartier.core.permissions import access, permission_required
from quartier.people.models import Territory


@permission_required(CHANGE)
def create(request: HttpRequest) -> HttpResponse:
    territories = list(Territory.objects.all()[:2])
    form = AssociationCreateForm(
        request.POST or None,
        initial={"territory": territories[0] if len(territories) == 1 else None},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        opening = {
            "opening_bank": data.pop("opening_bank") or 0,
            "opening_cash": data.pop("opening_cash") or 0,
        }
        try:
            association = identity.create_association(
                **data, **opening, opening_on=timezone.localdate(), recorded_by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        except AssociationError as error:
            refuse(form, error)
        else:
            messages.success(request, _("Association créée."))
            return redirect(association)
    return render(
        request,
        "association/form.html",
        {
            "form": form,
            "title": _("Nouvelle association"),
            "submit": _("Créer l'association"),
            "back": "/",
        },
    )


@permission_required(CHANGE)
def update(request: HttpRequest, pk: int) -> HttpResponse:
    association = association_of(request, pk, CHANGE)
    form = AssociationForm(request.POST or None, instance=association)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Modifications enregistrées."))
        return redirect(association)
    return form_page(
        request,
        form,
        association=association,
        title=_("Identité et règles de l'association"),
        submit=_("Enregistrer"),
        back=association.get_absolute_url(),
    )


@permission_required(VIEW)
def documents(request: HttpRequest, pk: int) -> HttpResponse:
    association = association_of(request, pk)
    form = optional_form(request, association, CHANGE, DocumentForm)
    if form is not None and form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            identity.add_document(
                association,
                kind=data["kind"],
                title=data["title"],
                upload=data["file"],
                note=data["note"],
                adopted_on=data["adopted_on"],
                declared_on=data["declared_on"],
                uploaded_by=request.user,
            )
        except AssociationError as error:
            refuse(form, error)
        else:
            messages.success(request, _("Document enregistré."))
            return redirect("association:documents", pk=association.pk)
    return render(
        request,
        "association/documents.html",
        {
            "association": association,
            "documents": association.documents.prefetch_related("versions"),
            "form": form,
        },
    )


@permission_required(VIEW)
def document(request: HttpRequest, pk: int) -> HttpResponse:
    document = access(
        request, Document.objects.select_related("association"), VIEW, via="association", pk=pk
    )
    association = document.association
    form = optional_form(request, association, CHANGE, DocumentVersionForm)
    if form is not None and form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            identity.add_version(
                document,
                data["file"],
                note=data["note"],
                adopted_on=data["adopted_on"],
                declared_on=data["declared_on"],
                uploaded_by=request.user,
            )
        except AssociationError as error:
            refuse(form, error)
        else:
            messages.success(request, _("Nouvelle version enregistrée : les précédentes restent."))
            return redirect(document)
    return render(
        request,
        "association/document.html",
        {
            "association": association,
            "document": document,
            "versions": document.versions.select_related("uploaded_by"),
            "form": form,
        },
    )


@permission_required(VIEW)
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    version = access(
        request,
        DocumentVersion.objects.select_related("document__association"),
        VIEW,
        via="document__association",
        pk=pk,
    )
    response = FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=version.original_name,
        content_type=identity.content_type_of(version),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _year_param(request: HttpRequest, default: int) -> int:
    raw = request.GET.get("annee", "")
    return int(raw) if raw.isdigit() and 1901 <= int(raw) <= 2200 else default


@permission_required(VIEW)
def in_kind(request: HttpRequest, pk: int) -> HttpResponse:
    """Premises lent, gifts, and this year's in-kind valuation (volunteer hours from
    attendance)."""
    association = association_of(request, pk)
    can_change = request.user.has_perm(CHANGE, association)
    which = request.POST.get("form") if request.method == "POST" else None
    loan_form = PremisesLoanForm(request.POST if which == "loan" else None, prefix="loan")
    gift_form = GiftForm(request.POST if which == "gift" else None, prefix="gift")
    if request.method == "POST":
        if not can_change:
            association_of(request, pk, CHANGE)
        form = loan_form if which == "loan" else gift_form if which == "gift" else None
        if form is not None and form.is_valid():
            form.instance.association = association
            form.save()
            messages.success(request, _("Enregistré."))
            return redirect("association:in_kind", pk=association.pk)
    year = _year_param(request, timezone.localdate().year)
    start, end = association.year_bounds(year)
    return render(
        request,
        "association/in_kind.html",
        {
            "association": association,
            "year": year,
            "years": range(timezone.localdate().year, association.founded_on.year - 1, -1),
            "start": start,
            "end": end,
            "lines": valuation(association, start, end),
            "time": volunteer_time(association, start, end),
            "loans": association.premises_loans.select_related("lender"),
            "gifts": association.gifts.select_related("giver"),
            "loan_form": loan_form if can_change else None,
            "gift_form": gift_form if can_change else None,
        },
    )


@permission_required(CHANGE)
def loan_update(request: HttpRequest, pk: int) -> HttpResponse:
    loan = access(
        request,
        PremisesLoan.objects.select_related("association"),
        CHANGE,
        via="association",
        pk=pk,
    )
    form = PremisesLoanForm(request.POST or None, instance=loan)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Modifications enregistrées."))
        return redirect("association:in_kind", pk=loan.association_id)
    return form_page(
        request,
        form,
        association=loan.association,
        title=_("Local prêté"),
        submit=_("Enregistrer"),
        back=reverse("association:in_kind", args=[loan.association_id]),
    )
