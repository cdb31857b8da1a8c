"""The open-data table, on screen and as CSV/XLSX."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quartier.core.exports import spreadsheet_response
from quartier.core.permissions import permission_required
from quartier.evaluation.forms import FIRST_YEAR
from quartier.evaluation.open_data import open_table
from quartier.people.models import Territory


class OpenDataForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Année"), required=False)
    territory = forms.ModelChoiceField(
        label=gettext_lazy("Territoire"),
        queryset=Territory.objects.all(),
        required=False,
        empty_label=gettext_lazy("Tous les territoires"),
        to_field_name="slug",
    )

    def clean_year(self) -> int | None:
        year = self.cleaned_data.get("year")
        if year is not None and not FIRST_YEAR <= year <= timezone.localdate().year:
            raise forms.ValidationError(_("Choisissez une année passée ou l'année en cours."))
        return year


def _table(request: HttpRequest):
    form = OpenDataForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    year = data.get("year") or timezone.localdate().year - 1
    return form, open_table(year, data.get("territory"))


@permission_required("evaluation.export_open_data")
def open_data(request: HttpRequest) -> HttpResponse:
    form, table = _table(request)
    return render(
        request,
        "evaluation/open_data.html",
        {"form": form, "table": table, "query": request.GET.urlencode()},
    )


@permission_required("evaluation.export_open_data")
def open_data_export(request: HttpRequest, file_format: str) -> HttpResponse:
    if file_format not in ("csv", "xlsx"):
        raise Http404
    _form, table = _table(request)
    name = _("Donnees ouvertes %(year)d") % {"year": table.year}
    return spreadsheet_response(name, table.header(), table.rows(), file_format)
