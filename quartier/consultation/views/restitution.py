"""The restitution page and its PDF; publishing it for residents with an account."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.consultation.actions.restitution import build_restitution
from quartier.consultation.models import Consultation
from quartier.consultation.views.grouping import themes_url
from quartier.core.pdf import pdf_response
from quartier.core.permissions import access


def restitution(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access(request, Consultation, "consultation.view_restitution", pk=pk)
    return render(
        request,
        "consultation/restitution.html",
        {"restitution": build_restitution(consultation), "consultation": consultation},
    )


def restitution_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access(request, Consultation, "consultation.view_restitution", pk=pk)
    return pdf_response(
        "consultation/pdf/restitution.html",
        {"restitution": build_restitution(consultation), "consultation": consultation},
        _("restitution %(title)s") % {"title": consultation.title},
        request,
    )


@require_POST
def restitution_publish(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access(request, Consultation, "consultation.publish_restitution", pk=pk)
    publish = request.POST.get("publish") == "1"
    consultation.restitution_published = publish
    consultation.save(update_fields=["restitution_published"])
    messages.success(
        request,
        _("Les habitants ayant un compte peuvent lire la restitution.")
        if publish
        else _("La restitution n'est plus visible des habitants."),
    )
    return redirect(themes_url(pk))
