"""The team's list of contributions, filtered, and its spreadsheet export."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.generic import ListView

from quartier.consultation.actions.listing import export_rows, filter_contributions
from quartier.consultation.forms import ContributionFilterForm
from quartier.consultation.models import Consultation
from quartier.core.exports import spreadsheet_response
from quartier.core.permissions import access


def _filtered(request: HttpRequest, consultation: Consultation):
    form = ContributionFilterForm(request.GET or None, consultation=consultation)
    contributions = consultation.contributions.select_related("author", "gathering", "theme")
    if form.is_valid():
        contributions = filter_contributions(
            contributions, **{k: v for k, v in form.cleaned_data.items() if v}
        )
    return form, contributions


class ContributionListView(ListView):
    template_name = "consultation/contribution_list.html"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        self.consultation = access(
            request, Consultation, "consultation.view_contribution", pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        self.filter_form, contributions = _filtered(self.request, self.consultation)
        return contributions.order_by("-created_at", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            consultation=self.consultation,
            filter_form=self.filter_form,
            query=self.request.GET.urlencode(),
            **kwargs,
        )


def export(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access(request, Consultation, "consultation.export_contributions", pk=pk)
    _form, contributions = _filtered(request, consultation)
    header, rows = export_rows(contributions)
    return spreadsheet_response(
        _("contributions %(title)s") % {"title": consultation.title},
        header,
        rows,
        "xlsx" if request.GET.get("format") == "xlsx" else "csv",
    )
