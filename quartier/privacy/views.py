from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.core.exports import spreadsheet_response
from quartier.core.pdf import pdf_response
from quartier.core.permissions import access, permission_required
from quartier.people.forms import ConsentForm
from quartier.people.models import Consent, Person
from quartier.privacy import services
from quartier.privacy.collectors import collect_personal_data
from quartier.privacy.forms import AuditFilterForm, EraseConfirmForm, ThrottledAuthenticationForm
from quartier.privacy.models import AuditEvent

Action = AuditEvent.Action


class ThrottledLoginView(auth_views.LoginView):
    """/connexion/: Django's log-in, refusing attempts after repeated failures."""

    authentication_form = ThrottledAuthenticationForm


# --- Audit log ---------------------------------------------------------------------------------


def filtered_events(form: AuditFilterForm) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.select_related("content_type")
    if not form.is_valid():
        return events
    data = form.cleaned_data
    if data["action"]:
        events = events.filter(action=data["action"])
    if data["user"]:
        events = events.filter(user_repr__icontains=data["user"])
    if data["person"]:
        events = events.filter(
            content_type=ContentType.objects.get_for_model(Person), object_id=str(data["person"])
        )
    tz = timezone.get_current_timezone()
    if data["since"]:
        events = events.filter(at__gte=dt.datetime.combine(data["since"], dt.time(), tz))
    if data["until"]:
        next_day = data["until"] + dt.timedelta(days=1)
        events = events.filter(at__lt=dt.datetime.combine(next_day, dt.time(), tz))
    return events


@permission_required("privacy.view_auditevent")
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    events = filtered_events(form)
    if request.GET.get("export") in {"csv", "xlsx"}:
        return spreadsheet_response(
            "journal-des-acces",
            [_("Date"), _("Compte"), _("Action"), _("Cible"), _("Détail")],
            (
                (
                    timezone.localtime(e.at),
                    e.user_repr,
                    e.get_action_display(),
                    e.target_repr,
                    _detail_text(e.detail),
                )
                for e in events.iterator()
            ),
            file_format=request.GET["export"],
        )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "privacy/audit_log.html",
        {
            "form": form,
            "page_obj": page,
            "events": page.object_list,
            "query": query.urlencode(),
        },
    )


def _detail_text(detail: dict) -> str:
    return ", ".join(f"{key} : {value}" for key, value in sorted(detail.items()))


# --- One person's data -------------------------------------------------------------------------


def person_export(request: HttpRequest, pk: int) -> HttpResponse:
    person = access(request, Person, "privacy.export_person", pk=pk)
    sections = collect_personal_data(person)
    services.audit(request.user, Action.VIEW, person, page="export")
    return render(request, "privacy/person_export.html", {"person": person, "sections": sections})


def person_export_json(request: HttpRequest, pk: int) -> HttpResponse:
    person = access(request, Person, "privacy.export_person", pk=pk)
    services.audit(request.user, Action.EXPORT, person, format="json")
    response = HttpResponse(
        services.export_json(person), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="donnees-personne-{person.pk}.json"'
    return response


# Records with this many fields or fewer, all alike, print as one table with a header row:
# a regular's thousand attendances stay a few pages (and seconds), not a table each.
MAX_COLUMNS = 6


def _printable_sections(sections: list[tuple[str, list[dict]]]) -> list[dict]:
    printable = []
    for label, records in sections:
        keys = list(records[0]) if records else []
        alike = all(list(record) == keys for record in records)
        if len(records) > 1 and alike and len(keys) <= MAX_COLUMNS:
            rows = [list(record.values()) for record in records]
            printable.append({"label": label, "columns": keys, "rows": rows})
        else:
            printable.append({"label": label, "records": records})
    return printable


# Rows per section on paper: a regular's thousand attendances made 60 pages and 12 s of
# rendering; the JSON file is the complete copy, and the section's title says so.
PRINTED_RECORDS = 200


def person_export_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    person = access(request, Person, "privacy.export_person", pk=pk)
    services.audit(request.user, Action.EXPORT, person, format="pdf")
    sections = _printable_sections(collect_personal_data(person, limit=PRINTED_RECORDS))
    return pdf_response(
        "privacy/pdf/person_export.html",
        {"person": person, "sections": sections, "now": timezone.now()},
        filename=f"donnees-personne-{person.pk}",
        request=request,
    )


def person_erase(request: HttpRequest, pk: int) -> HttpResponse:
    person = access(request, Person, "privacy.erase_person", pk=pk)
    if person.anonymised_at:
        messages.info(request, _("Cette personne est déjà anonymisée."))
        return redirect(person)
    own_record = request.user.person_id == person.pk
    form = EraseConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not own_record and form.is_valid():
        services.anonymise_person(person, by=request.user)
        messages.success(
            request,
            _("Les données de la personne ont été effacées. Elle apparaît désormais comme « %s ».")
            % services.pseudonym(person),
        )
        return redirect(person)
    return render(
        request,
        "privacy/person_erase.html",
        {
            "person": person,
            "form": form,
            "own_record": own_record,
            "attendance_count": person.attendances.count(),
        },
    )


# --- Consent -----------------------------------------------------------------------------------


def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = access(request, Person, "people.manage_consent", pk=pk)
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.record_consent(person, by=request.user, **form.cleaned_data)
        messages.success(request, _("Consentement enregistré."))
        return redirect(person)
    return render(request, "privacy/consent_form.html", {"person": person, "form": form})


def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    consent = access(
        request, Consent, "people.manage_consent", via="person", pk=consent_pk, person_id=pk
    )
    person = consent.person
    if consent.withdrawn_on:
        messages.info(request, _("Ce consentement est déjà retiré."))
        return redirect(person)
    if request.method == "POST":
        services.withdraw_consent(consent, by=request.user)
        messages.success(request, _("Consentement retiré."))
        return redirect(person)
    return render(
        request,
        "privacy/consent_withdraw.html",
        {
            "person": person,
            "consent": consent,
            "effect": services.withdrawal_effect(consent.purpose),
        },
    )
