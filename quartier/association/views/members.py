from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.association.actions import members as rules
from quartier.association.actions.board import current_board
from quartier.association.actions.errors import AssociationError
from quartier.association.forms.members import DuesForm, MemberForm, MemberLeaveForm
from quartier.association.models import Member
from quartier.association.money import as_decimal
from quartier.association.views.common import (
    BOOKS,
    VIEW,
    association_of,
    form_page,
    refuse,
    table_export,
)
from quartier.core.pdf import pdf_response
from quartier.core.permissions import access, permission_required
from quartier.people.services import search_people


def _on(request: HttpRequest) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("au", ""))
    except ValueError:
        return timezone.localdate()


def _members(association, request: HttpRequest):
    on = _on(request)
    members = rules.members_with_status(association, on)
    query = request.GET.get("q", "").strip()[:100]
    if query:
        members = members.filter(person__in=search_people(query))
    status = request.GET.get("statut", "")
    if status == "a-jour":
        members = members.filter(up_to_date=True)
    elif status == "en-retard":
        members = members.filter(rules.belongs_on(on), up_to_date=False)
    return on, query, status, members


@permission_required(VIEW)
def member_list(request: HttpRequest, pk: int) -> HttpResponse:
    association = association_of(request, pk)
    on, query, status, members = _members(association, request)
    members = list(members)
    return render(
        request,
        "association/members.html",
        {
            "association": association,
            "members": members,
            "on": on,
            "query": query,
            "status": status,
            "up_to_date": sum(1 for m in members if m.up_to_date),
            "can_keep_books": request.user.has_perm(BOOKS, association),
        },
    )


@permission_required(VIEW)
def members_export(request: HttpRequest, pk: int) -> HttpResponse:
    association = association_of(request, pk)
    on, _query, _status, members = _members(association, request)
    header = [
        _("N°"),
        _("Nom"),
        _("Membre depuis le"),
        _("À jour au %(date)s") % {"date": on.strftime("%d/%m/%Y")},
        _("Cotisation payée jusqu'au"),
        _("Départ le"),
    ]
    rows = [
        [
            m.number,
            m.person.display_name,
            m.joined_on,
            _("oui") if m.up_to_date else _("non"),
            m.paid_until,
            m.left_on,
        ]
        for m in members
    ]
    return table_export(
        request,
        name=f"adherents-{on:%Y-%m-%d}",
        header=header,
        rows=rows,
        title=_("Membres au %(date)s") % {"date": on.strftime("%d/%m/%Y")},
        association=association,
    )


@permission_required(BOOKS)
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    association = association_of(request, pk, BOOKS)
    form = MemberForm(request.POST or None, association=association)
    if request.method == "POST" and form.is_valid():
        try:
            member = rules.add_member(
                association,
                person=form.cleaned_data["person"],
                name=form.cleaned_data["name"],
                joined_on=form.cleaned_data["joined_on"],
            )
        except AssociationError as error:
            refuse(form, error)
        else:
            messages.success(
                request,
                _("%(name)s est membre n° %(number)s. Notez maintenant sa cotisation.")
                % {"name": member.person.display_name, "number": member.number},
            )
            return redirect(member)
    return form_page(
        request,
        form,
        association=association,
        title=_("Nouveau membre"),
        submit=_("Enregistrer l'adhésion"),
        back=reverse("association:members", args=[association.pk]),
    )


def _member(request: HttpRequest, pk: int, perm: str) -> Member:
    return access(request, Member.objects.select_related("person", "association"), perm, pk=pk)


def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk, "association.view_member")
    association = member.association
    today = timezone.localdate()
    can_keep_books = request.user.has_perm(BOOKS, association)
    return render(
        request,
        "association/member.html",
        {
            "association": association,
            "member": member,
            "up_to_date": rules.is_up_to_date(member, today),
            "dues": member.dues.select_related("entry"),
            "mandates": member.person.mandates.filter(association=association),
            "dues_form": DuesForm(association=association) if can_keep_books else None,
            "can_keep_books": can_keep_books,
            "today": today,
        },
    )


@permission_required(BOOKS)
def dues_add(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk, BOOKS)
    association = member.association
    form = DuesForm(request.POST or None, association=association)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            payment = rules.record_dues(
                member,
                year=data["year"],
                amount=data["amount"],
                paid_on=data["paid_on"],
                method=data["method"],
                piece_ref=data["piece_ref"],
                recorded_by=request.user,
            )
        except AssociationError as error:
            refuse(form, error)
        else:
            messages.success(
                request,
                _(
                    "Cotisation %(year)s de %(name)s enregistrée, et sa recette notée au livre de "
                    "caisse (écriture n° %(number)s)."
                )
                % {
                    "year": rules.period_label(payment),
                    "name": member.person.display_name,
                    "number": payment.entry.number,
                },
            )
            return redirect(member)
    return form_page(
        request,
        form,
        association=association,
        title=_("Cotisation de %(name)s") % {"name": member.person.display_name},
        submit=_("Enregistrer la cotisation"),
        back=member.get_absolute_url(),
    )


@permission_required(BOOKS)
def member_leave(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk, BOOKS)
    form = MemberLeaveForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Modifications enregistrées."))
        return redirect(member)
    return form_page(
        request,
        form,
        association=member.association,
        title=_("Départ de %(name)s") % {"name": member.person.display_name},
        submit=_("Enregistrer"),
        back=member.get_absolute_url(),
        intro=_("La date du départ de l'association ; laissez vide en cas de retour."),
    )


def member_card(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk, "association.view_member")
    today = timezone.localdate()
    payment = (
        member.dues.filter(cancelled_on__isnull=True, period_end__gte=today)
        .order_by("period_start")
        .first()
        or member.dues.filter(cancelled_on__isnull=True).order_by("-period_end").first()
    )
    return pdf_response(
        "association/pdf/card.html",
        {
            "association": member.association,
            "member": member,
            "payment": payment,
            "period": rules.period_label(payment) if payment else "",
            "amount": as_decimal(payment.amount) if payment else None,
            "today": today,
            # Who signs: only a role, never another member's name on someone's card.
            "signed_by": current_board(member.association, today).exists(),
        },
        filename=f"carte-adherent-{member.number}",
        request=request,
    )
