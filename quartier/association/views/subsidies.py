from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.association.actions import subsidies as rules
from quartier.association.actions.cerfa import cerfa_report
from quartier.association.actions.errors import AssociationError
from quartier.association.forms.subsidies import BudgetLineForm, PaymentForm, SubsidyForm
from quartier.association.models import Subsidy
from quartier.association.views.common import BOOKS, VIEW, association_of, form_page, refuse
from quartier.core.pdf import pdf_response
from quartier.core.permissions import access, permission_required


def _subsidy(request: HttpRequest, pk: int, perm: str = VIEW) -> Subsidy:
    return access(
        request,
        Subsidy.objects.select_related("association__territory", "funder"),
        perm,
        via="association",
        pk=pk,
    )


@permission_required(VIEW)
def subsidy_list(request: HttpRequest, pk: int) -> HttpResponse:
    association = association_of(request, pk)
    years = sorted(set(association.subsidies.values_list("year", flat=True)), reverse=True)
    raw = request.GET.get("annee", "")
    year = int(raw) if raw.isdigit() and int(raw) in years else (years[0] if years else None)
    return render(
        request,
        "association/subsidies.html",
        {
            "association": association,
            "subsidies": association.subsidies.select_related("funder"),
            "reminders": rules.due_soon(association),
            "year": year,
            "years": years,
            "budget": rules.budget_against_actual(association, year) if year else [],
            "can_keep_books": request.user.has_perm(BOOKS, association),
        },
    )


def _save_subsidy(form: SubsidyForm, association) -> Subsidy:
    subsidy = form.save(commit=False)
    subsidy.association = association
    if not subsidy.report_due_on:
        subsidy.report_due_on = rules.report_due_date(association, subsidy.year)
    subsidy.save()
    return subsidy


@permission_required(BOOKS)
def subsidy_add(request: HttpRequest, pk: int) -> HttpResponse:
    association = association_of(request, pk, BOOKS)
    form = SubsidyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        subsidy = _save_subsidy(form, association)
        messages.success(
            request,
            _("Demande enregistrée. Compte rendu financier à rendre avant le %(date)s.")
            % {"date": subsidy.report_due_on.strftime("%d/%m/%Y")},
        )
        return redirect(subsidy)
    return form_page(
        request,
        form,
        association=association,
        title=_("Nouvelle demande de subvention"),
        submit=_("Enregistrer la demande"),
        back=reverse("association:subsidies", args=[association.pk]),
    )


@permission_required(VIEW)
def subsidy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    subsidy = _subsidy(request, pk)
    can_keep_books = request.user.has_perm(BOOKS, subsidy.association)
    return render(
        request,
        "association/subsidy.html",
        {
            "association": subsidy.association,
            "subsidy": subsidy,
            "report": cerfa_report(subsidy),
            "budget_lines": subsidy.budget_lines.select_related("funder"),
            "entries": subsidy.entries.order_by("date", "number"),
            "budget_form": BudgetLineForm() if can_keep_books else None,
            "payment_form": PaymentForm(
                initial={
                    "paid_on": timezone.localdate(),
                    "amount": subsidy.amount_granted or subsidy.amount_asked,
                }
            )
            if can_keep_books and subsidy.paid_on is None
            else None,
            "can_keep_books": can_keep_books,
        },
    )


@permission_required(BOOKS)
def subsidy_update(request: HttpRequest, pk: int) -> HttpResponse:
    subsidy = _subsidy(request, pk, BOOKS)
    form = SubsidyForm(request.POST or None, instance=subsidy)
    if request.method == "POST" and form.is_valid():
        _save_subsidy(form, subsidy.association)
        messages.success(request, _("Modifications enregistrées."))
        return redirect(subsidy)
    return form_page(
        request,
        form,
        association=subsidy.association,
        title=str(subsidy),
        submit=_("Enregistrer"),
        back=subsidy.get_absolute_url(),
    )


@require_POST
@permission_required(BOOKS)
def budget_line_add(request: HttpRequest, pk: int) -> HttpResponse:
    subsidy = _subsidy(request, pk, BOOKS)
    form = BudgetLineForm(request.POST)
    if form.is_valid():
        form.instance.subsidy = subsidy
        form.save()
        messages.success(request, _("Ligne de budget ajoutée."))
    else:
        messages.error(
            request,
            _("Ligne de budget non ajoutée : %(errors)s")
            % {"errors": " ".join(e for errors in form.errors.values() for e in errors)},
        )
    return redirect(f"{subsidy.get_absolute_url()}#budget")


@permission_required(BOOKS)
def subsidy_payment(request: HttpRequest, pk: int) -> HttpResponse:
    subsidy = _subsidy(request, pk, BOOKS)
    form = PaymentForm(
        request.POST or None,
        initial={
            "paid_on": timezone.localdate(),
            "amount": subsidy.amount_granted or subsidy.amount_asked,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            entry = rules.record_payment(subsidy, **form.cleaned_data, recorded_by=request.user)
        except AssociationError as error:
            refuse(form, error)
        else:
            messages.success(
                request,
                _("Versement noté au livre de caisse (écriture n° %(number)s, compte %(account)s).")
                % {"number": entry.number, "account": rules.subsidy_account(subsidy)},
            )
            return redirect(subsidy)
    return form_page(
        request,
        form,
        association=subsidy.association,
        title=_("Versement de la subvention : %(subsidy)s") % {"subsidy": subsidy},
        submit=_("Noter le versement"),
        back=subsidy.get_absolute_url(),
    )


@permission_required(VIEW)
def cerfa(request: HttpRequest, pk: int) -> HttpResponse:
    """The compte rendu financier (Cerfa n° 15059) as a PDF in the form's sections."""
    subsidy = _subsidy(request, pk)
    from quartier.association.actions.board import representatives

    today = timezone.localdate()
    return pdf_response(
        "association/pdf/cerfa_15059.html",
        {
            "association": subsidy.association,
            "subsidy": subsidy,
            "report": cerfa_report(subsidy),
            "representatives": representatives(subsidy.association, today),
            "today": today,
        },
        filename=f"compte-rendu-financier-{subsidy.year}-{subsidy.funder}",
        request=request,
    )
