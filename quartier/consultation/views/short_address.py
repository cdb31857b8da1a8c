"""Residents' way in without an account: the open consultations (« Donner mon avis ») and the
short address of each, printed on posters."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from quartier.consultation.models import Consultation
from quartier.consultation.public_address import open_consultations


@login_not_required
def give_opinion(request: HttpRequest) -> HttpResponse:
    """Every open consultation, for anyone: titles and questions only, never a name."""
    return render(
        request, "consultation/give_opinion.html", {"consultations": open_consultations()}
    )


@login_not_required
def go(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_object_or_404(Consultation, pk=pk)
    return redirect("consultation:public", pk=consultation.pk)
