"""The yearly bilan: figures, the team's words (drafted from the figures), HTML and PDF."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quartier.core.pdf import pdf_response
from quartier.core.permissions import permission_required
from quartier.evaluation import charts
from quartier.evaluation.forms import FIRST_YEAR
from quartier.evaluation.models import Bilan
from quartier.evaluation.reports import bilan as reports
from quartier.people.models import Territory


class BilanChoiceForm(forms.Form):
    territory = forms.ModelChoiceField(
        label=gettext_lazy("Territoire"),
        queryset=Territory.objects.all(),
        required=False,
        empty_label=None,
        to_field_name="slug",
    )
    year = forms.IntegerField(label=gettext_lazy("Année"), required=False)

    def clean_year(self) -> int | None:
        year = self.cleaned_data.get("year")
        if year is not None and not FIRST_YEAR <= year <= timezone.localdate().year:
            raise forms.ValidationError(_("Choisissez une année passée ou l'année en cours."))
        return year


class BilanForm(forms.ModelForm):
    class Meta:
        model = Bilan
        fields = ["summary", "highlights", "difficulties", "outlook", "reviewed"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields[:4]}


def _chosen(request: HttpRequest):
    choice = BilanChoiceForm(request.GET)
    data = choice.cleaned_data if choice.is_valid() else {}
    territory = data.get("territory") or Territory.objects.order_by("name").first()
    year = data.get("year") or timezone.localdate().year - 1
    return choice, territory, year


def _context(territory: Territory, year: int) -> dict:
    figures = reports.figures(territory, year)
    return {
        "figures": figures,
        "bilan": reports.bilan_for(figures),
        "quarters_chart": charts.bar_chart(
            _("Personnes venues par trimestre"),
            [(q.period.short, [q.participants, q.newcomers]) for q in figures.quarters],
            [_("Personnes venues"), _("Nouveaux venus")],
        ),
        "handover_chart": charts.bar_chart(
            _("Part des rencontres sans professionnel"),
            [(h.period.short, [h.share_without_professional]) for h in figures.handover_history],
            [_("Sans professionnel")],
            unit=" %",
        ),
    }


@permission_required("evaluation.view_reports")
def bilan(request: HttpRequest) -> HttpResponse:
    choice, territory, year = _chosen(request)
    if territory is None:
        return render(request, "evaluation/bilan.html", {"choice": choice, "figures": None})
    context = _context(territory, year)
    form = BilanForm(request.POST or None, instance=context["bilan"])
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.updated_by = request.user
        saved.save()
        messages.success(request, _("Bilan enregistré."))
        return redirect(f"{reverse('evaluation:bilan')}?territory={territory.slug}&year={year}")
    return render(
        request,
        "evaluation/bilan.html",
        {
            **context,
            "choice": choice,
            "form": form,
            "query": f"territory={territory.slug}&year={year}",
        },
    )


@permission_required("evaluation.view_reports")
def bilan_pdf(request: HttpRequest) -> HttpResponse:
    _choice, territory, year = _chosen(request)
    if territory is None:
        return redirect("evaluation:bilan")
    return pdf_response(
        "evaluation/pdf/bilan.html",
        _context(territory, year),
        _("bilan %(territory)s %(year)d") % {"territory": territory.name, "year": year},
        request,
    )
