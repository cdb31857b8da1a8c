from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.association.actions import board as rules
from quartier.association.actions.errors import AssociationError
from quartier.association.forms.board import MandateEndForm, MandateForm
from quartier.association.models import Mandate
from quartier.association.views.common import (
    ASSEMBLY,
    VIEW,
    association_of,
    form_page,
    optional_form,
    refuse,
)
from quartier.core.pdf import pdf_response
from quartier.core.permissions import access, permission_required


@permission_required(VIEW)
def board(request: HttpRequest, pk: int) -> HttpResponse:
    association = association_of(request, pk)
    form = optional_form(
        request,
        association,
        ASSEMBLY,
        lambda data, files: MandateForm(data, association=association),
    )
    if form is not None and form.is_bound and form.is_valid():
        try:
            rules.add_mandate(association, **form.cleaned_data)
        except AssociationError as error:
            refuse(form, error)
        else:
            messages.success(request, _("Mandat enregistré. Pensez à le déclarer."))
            return redirect("association:board", pk=association.pk)
    today = timezone.localdate()
    mandates = association.mandates.select_related("person", "elected_at__gathering")
    return render(
        request,
        "association/board.html",
        {
            "association": association,
            "current": rules.current_board(association, today),
            "past": mandates.filter(ended_on__lt=today).order_by("-ended_on"),
            "form": form,
            "can_run": form is not None,
        },
    )


@permission_required(ASSEMBLY)
def mandate_end(request: HttpRequest, pk: int) -> HttpResponse:
    mandate = access(
        request,
        Mandate.objects.select_related("association", "person"),
        ASSEMBLY,
        via="association",
        pk=pk,
    )
    form = MandateEndForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            rules.end_mandate(mandate, ended_on=form.cleaned_data["ended_on"])
        except AssociationError as error:
            refuse(form, error)
        else:
            messages.success(request, _("Fin de mandat enregistrée."))
            return redirect("association:board", pk=mandate.association_id)
    return form_page(
        request,
        form,
        association=mandate.association,
        title=_("Fin du mandat de %(name)s (%(role)s)")
        % {"name": mandate.person.display_name, "role": mandate.get_role_display()},
        submit=_("Enregistrer la fin du mandat"),
        back=reverse("association:board", args=[mandate.association_id]),
    )


@permission_required(VIEW)
def register(request: HttpRequest, pk: int) -> HttpResponse:
    association = association_of(request, pk)
    return pdf_response(
        "association/pdf/register.html",
        {
            "association": association,
            "events": rules.register_events(association),
            "today": timezone.localdate(),
        },
        filename=f"registre-special-{association.name}",
        request=request,
    )
