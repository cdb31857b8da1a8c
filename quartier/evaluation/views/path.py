"""A person's path (milestones, testimonies, the questionnaire), and what the paths add up to."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.core.permissions import access, permission_required
from quartier.evaluation import charts, loneliness, path
from quartier.evaluation.forms import MilestoneForm, SurveyForm, TestimonyForm
from quartier.evaluation.models import Milestone
from quartier.people.models import Consent, Person

FORMS = {"milestone": MilestoneForm, "testimony": TestimonyForm, "survey": SurveyForm}


def _people():
    return Person.objects.filter(anonymised_at__isnull=True)


def _page(request: HttpRequest, person: Person, bound: dict | None = None) -> HttpResponse:
    today = timezone.localdate()
    initial = {
        "milestone": {"happened_on": today},
        "testimony": {"said_on": today},
        "survey": {"answered_on": today},
    }
    forms = {
        name: (bound or {}).get(name) or form_class(initial=initial[name], prefix=name)
        for name, form_class in FORMS.items()
    }
    return render(
        request,
        "evaluation/path.html",
        {
            "person": person,
            "consented": path.has_consented(person),
            "milestones": person.milestones.all(),
            "testimonies": person.testimonies.all(),
            "surveys": person.survey_responses.all(),
            "forms": forms,
        },
    )


def person_path(request: HttpRequest, pk: int) -> HttpResponse:
    person = access(request, _people(), "evaluation.view_path", pk=pk)
    return _page(request, person)


@require_POST
def path_add(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    person = access(request, _people(), "evaluation.change_path", pk=pk)
    form_class = FORMS.get(what)
    if form_class is None:
        return redirect("evaluation:path", pk=person.pk)
    form = form_class(request.POST, prefix=what)
    if not form.is_valid():
        return _page(request, person, {what: form})
    action = {
        "milestone": path.add_milestone,
        "testimony": path.add_testimony,
        "survey": path.record_survey,
    }[what]
    try:
        action(person, recorded_by=request.user, **form.cleaned_data)
    except path.NoConsent:
        messages.error(request, _("Notez d'abord l'accord de la personne sur sa fiche."))
        return redirect("evaluation:path", pk=person.pk)
    messages.success(request, _("Enregistré."))
    return redirect("evaluation:path", pk=person.pk)


@permission_required("evaluation.view_path")
def insertion(request: HttpRequest) -> HttpResponse:
    per_year = path.milestones_per_year()
    kinds = Milestone.Kind.choices
    rows = [
        (str(year), [counts.get(kind, 0) for kind, _label in kinds]) for year, counts in per_year
    ]
    consented = (
        _people()
        .filter(consents__purpose=Consent.Purpose.EVALUATION, consents__withdrawn_on__isnull=True)
        .distinct()
        .order_by("search_name")
    )
    return render(
        request,
        "evaluation/insertion.html",
        {
            "kinds": kinds,
            "rows": rows,
            "chart": charts.bar_chart(
                _("Étapes de parcours par année"),
                [(year, [sum(values)]) for year, values in rows],
                [_("Étapes")],
            ),
            "people_with_a_milestone": path.people_with_a_milestone(),
            "testimonies": path.published_testimonies(),
            "change": loneliness.paired_change(),
            "answered": loneliness.answered(),
            "consented": consented,
        },
    )
