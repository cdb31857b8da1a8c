from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods
from django.views.generic import CreateView, DetailView, ListView, UpdateView
from rules.contrib.views import PermissionRequiredMixin

from quartier.core.audit import audit
from quartier.core.deletion import deletion_summary
from quartier.core.permissions import ObjectAccessMixin, access
from quartier.people.forms import DeleteConfirmForm, MergeForm, PersonForm, PersonSearchForm
from quartier.people.merging import (
    DeletionRefused,
    MergeRefused,
    candidates_for,
    delete_person,
    merge_people,
)
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


# --- merging and deleting records ----------------------------------------------------------


def _record_card(person: Person) -> dict:
    """What a record is and holds, for the merge and delete pages."""
    summary = deletion_summary(person)
    return {
        "person": person,
        "held": [*summary.deleted, *summary.unlinked, *summary.protected],
    }


@require_http_methods(["GET", "POST"])
def person_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 1: pick the other record (close names first, or a search); step 2: compare both,
    choose the one kept, confirm."""
    person = access(request, Person, "people.merge_person", pk=pk)
    data = request.POST if request.method == "POST" else None
    other = None
    other_pk = (data or request.GET).get("other", "")
    if other_pk.isdigit():
        other = Person.objects.filter(pk=other_pk, anonymised_at__isnull=True).first()
    form = MergeForm(person, data, other=other)
    if data is not None and form.is_valid():
        other = form.cleaned_data["other"]
        keep_this = form.cleaned_data["keep"] == MergeForm.KEEP_THIS
        kept, duplicate = (person, other) if keep_this else (other, person)
        try:
            report = merge_people(kept, duplicate, by=request.user)
        except MergeRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                ngettext(
                    "Fiches fusionnées : %(count)s élément rattaché à %(name)s.",
                    "Fiches fusionnées : %(count)s éléments rattachés à %(name)s.",
                    report.moved_count,
                )
                % {"count": report.moved_count, "name": report.kept.display_name},
            )
            return redirect(report.kept)
    # The search goes through a form: a NUL byte or an overlong text is refused, not queried.
    search = PersonSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    context = {"person": person, "form": form, "query": query, "this": _record_card(person)}
    if other is not None and other.pk != person.pk:
        context["other"] = _record_card(other)
    else:
        context["candidates"] = candidates_for(person, query)[:20]
    return render(request, "people/person_merge.html", context)


@require_http_methods(["GET", "POST"])
def person_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """A record created by mistake, holding nothing, can be deleted; otherwise the page says
    what it holds and offers to merge it."""
    person = access(request, Person, "people.delete_person", pk=pk)
    form = DeleteConfirmForm(request.POST if request.method == "POST" else None)
    card = _record_card(person)
    if request.method == "POST" and not card["held"] and form.is_valid():
        try:
            delete_person(person, by=request.user)
        except DeletionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request, _("La fiche « %(name)s » est supprimée.") % {"name": person.display_name}
            )
            return redirect("people:list")
    return render(request, "people/person_delete.html", {"form": form, **card})
