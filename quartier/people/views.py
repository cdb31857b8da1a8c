from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, ListView, UpdateView
from rules.contrib.views import PermissionRequiredMixin

from quartier.core.audit import audit
from quartier.core.permissions import ObjectAccessMixin
from quartier.people.forms import PersonForm, PersonSearchForm
from quartier.people.models import Consent, Person
from quartier.people.services import consent_withdrawn, find_similar_people, search_people


class PersonListView(PermissionRequiredMixin, ListView):
    permission_required = "people.list_person"
    template_name = "people/person_list.html"
    paginate_by = 50

    def get_queryset(self):
        self.search_form = PersonSearchForm(self.request.GET or None)
        people = (
            Person.objects.select_related("organisation")
            .annotate(visits=Count("attendances"))
            .order_by("search_name", "pk")
        )
        if self.search_form.is_valid():
            people = search_people(self.search_form.cleaned_data["q"], people)
            if kind := self.search_form.cleaned_data["kind"]:
                people = people.filter(kind=kind)
        return people

    def get_context_data(self, **kwargs):
        return super().get_context_data(search_form=self.search_form, **kwargs)

    def get_template_names(self):
        if self.request.htmx and self.request.htmx.target == "people-results":
            return ["people/_person_results.html"]
        return [self.template_name]


class PersonDetailView(ObjectAccessMixin, DetailView):
    permission_required = "people.view_person"
    model = Person
    template_name = "people/person_detail.html"

    def get_context_data(self, **kwargs):
        attendances = self.object.attendances.select_related("gathering").order_by(
            "-gathering__start"
        )
        show_contact = self.request.user.has_perm("people.view_contact", self.object)
        if show_contact and (self.object.phone or self.object.email):
            audit(self.request.user, "view", self.object, fields=["phone", "email"])
        return super().get_context_data(
            attendances=attendances,
            consents=self.object.consents.all(),
            show_contact=show_contact,
            attendance_hidden=consent_withdrawn(self.object, Consent.Purpose.ATTENDANCE),
            **kwargs,
        )


class PersonFormMixin:
    model = Person
    form_class = PersonForm
    template_name = "people/person_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["show_contact"] = self.request.user.has_perm("people.view_contact")
        return kwargs


class PersonCreateView(PermissionRequiredMixin, PersonFormMixin, CreateView):
    permission_required = "people.add_person"

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["confirm_distinct"] = forms.BooleanField(
            label=gettext_lazy("C'est bien une autre personne"),
            required=False,
        )
        return form

    def form_valid(self, form):
        twins = find_similar_people(form.cleaned_data["display_name"])
        if twins and not form.cleaned_data.get("confirm_distinct"):
            form.add_error(
                "display_name",
                _("Une personne au nom proche existe déjà : %(names)s. Vérifiez avant de créer.")
                % {"names": ", ".join(p.display_name for p in twins[:5])},
            )
            return self.render_to_response(self.get_context_data(form=form, twins=twins))
        messages.success(self.request, _("Personne enregistrée."))
        return super().form_valid(form)


class PersonUpdateView(ObjectAccessMixin, PersonFormMixin, UpdateView):
    permission_required = "people.change_person"

    def form_valid(self, form):
        messages.success(self.request, _("Modifications enregistrées."))
        response = super().form_valid(form)
        audit(self.request.user, "change", self.object, fields=form.changed_data)
        return response
