"""The indicators page (mobilisation, handover), the network page, and their exports."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from quartier.core.exports import spreadsheet_response
from quartier.core.permissions import permission_required
from quartier.evaluation import charts, tables
from quartier.evaluation.forms import NetworkForm, ScopeForm
from quartier.evaluation.indicators.handover import handover
from quartier.evaluation.indicators.mobilisation import mobilisation
from quartier.evaluation.indicators.network import Network, names_of, network

# Beyond this many people the drawing keeps those with the most ties: a graph of thousands of
# dots says nothing; the tables count everyone.
MAX_DRAWN = 40


def _indicator_tables(form: ScopeForm) -> dict[str, tables.Table]:
    scope = form.scope()
    return {
        "mobilisation": tables.mobilisation_table(mobilisation(scope)),
        "relais": tables.handover_table(handover(scope)),
    }


@permission_required("evaluation.view_indicators")
def index(request: HttpRequest) -> HttpResponse:
    form = ScopeForm(request.GET)
    scope = form.scope()
    mob = mobilisation(scope)
    hand = handover(scope)
    return render(
        request,
        "evaluation/index.html",
        {
            "form": form,
            "scope": scope,
            "mobilisation": tables.mobilisation_table(mob),
            "handover": tables.handover_table(hand),
            "mobilisation_chart": charts.bar_chart(
                _("Personnes venues, dont nouveaux venus et venues trois fois ou plus"),
                [(r.period.short, [r.participants, r.newcomers, r.regulars]) for r in mob],
                [_("Personnes venues"), _("Nouveaux venus"), _("Venues 3 fois ou plus")],
            ),
            "handover_chart": charts.bar_chart(
                _("Part des rencontres sans professionnel et animées par des habitants"),
                [
                    (
                        r.period.short,
                        [r.share_without_professional, r.share_facilitated_by_residents],
                    )
                    for r in hand
                ],
                [_("Sans professionnel"), _("Animées par des habitants")],
                unit=" %",
            ),
            "query": request.GET.urlencode(),
        },
    )


def _drawn(result: Network):
    if len(result.people) <= MAX_DRAWN:
        return result.graph
    return result.subgraph(pk for pk, _degree in result.most_tied(MAX_DRAWN))


@permission_required("evaluation.view_network")
def network_page(request: HttpRequest) -> HttpResponse:
    form = NetworkForm(request.GET)
    scope = form.scope()
    min_shared = (form.cleaned_data.get("min_shared") if form.is_valid() else None) or 1
    result = network(scope, min_shared=min_shared)
    drawn = _drawn(result)
    ranked = result.most_tied(10)
    names = names_of(set(drawn.nodes()) | set(result.isolated) | {pk for pk, _d in ranked})
    return render(
        request,
        "evaluation/network.html",
        {
            "form": form,
            "scope": scope,
            "result": result,
            "drawing": charts.network_svg(
                _("Réseau des personnes venues aux mêmes rencontres"), drawn, result.groups, names
            ),
            "drawn_all": drawn.number_of_nodes() == len(result.people),
            "drawn_count": drawn.number_of_nodes(),
            "table": tables.network_table(result),
            "groups": tables.groups_table(result),
            "isolated": [names.get(pk, "") for pk in result.isolated],
            "most_tied": [(names.get(pk, ""), degree) for pk, degree in ranked],
            "query": request.GET.urlencode(),
        },
    )


EXPORTS = {
    "mobilisation": "evaluation.view_indicators",
    "relais": "evaluation.view_indicators",
    "reseau": "evaluation.view_network",
    "groupes": "evaluation.view_network",
}


def export(request: HttpRequest, table: str, file_format: str) -> HttpResponse:
    if table not in EXPORTS or file_format not in ("csv", "xlsx"):
        raise Http404

    @permission_required(EXPORTS[table])
    def answer(request: HttpRequest) -> HttpResponse:
        if table in ("reseau", "groupes"):
            form = NetworkForm(request.GET)
            min_shared = (form.cleaned_data.get("min_shared") if form.is_valid() else None) or 1
            result = network(form.scope(), min_shared=min_shared)
            chosen = (
                tables.network_table(result) if table == "reseau" else tables.groups_table(result)
            )
        else:
            chosen = _indicator_tables(ScopeForm(request.GET))[table]
        return spreadsheet_response(chosen.title, chosen.header, chosen.rows, file_format)

    return answer(request)
