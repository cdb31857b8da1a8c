"""The consultations themselves: the team's list, creation, changes and the overview page; what
residents with an account find."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, ListView, UpdateView
from rules.contrib.views import PermissionRequiredMixin

from quartier.consultation.actions.listing import counts as contribution_counts
from quartier.consultation.forms import ConsultationForm
from quartier.consultation.models import Consultation, Contribution
from quartier.core.permissions import ObjectAccessMixin, permission_required
from quartier.people.models import Territory


class ConsultationListView(PermissionRequiredMixin, ListView):
    permission_required = "consultation.list_consultation"
    template_name = "consultation/consultation_list.html"
    paginate_by = 30

    def get_queryset(self):
        return (
            Consultation.objects.select_related("territory")
            .annotate(
                contribution_count=Count("contributions"),
                pending_count=Count(
                    "contributions", filter=Q(contributions__state=Contribution.State.PENDING)
                ),
            )
            .order_by("-period_start", "-pk")
        )


@permission_required("consultation.list_for_residents")
def for_residents(request: HttpRequest) -> HttpResponse:
    """What a resident with an account can do: answer open consultations, read restitutions."""
    consultations = Consultation.objects.select_related("territory").order_by("-period_start")
    return render(
        request,
        "consultation/for_residents.html",
        {
            "open_consultations": consultations.filter(status=Consultation.Status.OPEN),
            "restitutions": consultations.filter(restitution_published=True),
        },
    )


class ConsultationCreateView(PermissionRequiredMixin, CreateView):
    permission_required = "consultation.add_consultation"
    model = Consultation
    form_class = ConsultationForm
    template_name = "consultation/consultation_form.html"

    def get_initial(self):
        initial = super().get_initial()
        territories = list(Territory.objects.all()[:2])
        if len(territories) == 1:
            initial["territory"] = territories[0]
        return initial

    def form_valid(self, form):
        form.instance.created_by = self.request.user
        messages.success(self.request, _("Consultation créée."))
        return super().form_valid(form)


class ConsultationUpdateView(ObjectAccessMixin, UpdateView):
    permission_required = "consultation.change_consultation"
    model = Consultation
    form_class = ConsultationForm
    template_name = "consultation/consultation_form.html"

    def form_valid(self, form):
        messages.success(self.request, _("Modifications enregistrées."))
        return super().form_valid(form)


class ConsultationDetailView(ObjectAccessMixin, DetailView):
    permission_required = "consultation.view_consultation"
    queryset = Consultation.objects.select_related("territory")
    template_name = "consultation/consultation_detail.html"

    def get_context_data(self, **kwargs):
        public_path = reverse("consultation:public", args=[self.object.pk])
        counts = contribution_counts(self.object)
        # counts["state"] follows State's order: total and pending need no other query.
        tally = [n for _label, n in counts["state"]]
        by_state = dict(zip(Contribution.State.values, tally, strict=True))
        return super().get_context_data(
            counts=counts,
            total=sum(by_state.values()),
            pending=by_state[Contribution.State.PENDING],
            public_url=self.request.build_absolute_uri(public_path),
            gatherings=self.object.contributions.exclude(gathering=None)
            .values("gathering__pk", "gathering__title")
            .annotate(n=Count("pk"))
            .order_by("gathering__start"),
            **kwargs,
        )
