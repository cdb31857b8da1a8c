from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.association.forms.members import PersonChoiceField
from quartier.association.models import Association, GeneralAssembly, Mandate
from quartier.core.forms import DATE_WIDGET
from quartier.people.models import Person


class AssemblyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: GeneralAssembly) -> str:
        return f"{obj.gathering.title} ({obj.gathering.start:%d/%m/%Y})"


class MandateForm(forms.Form):
    person = PersonChoiceField(label=_("Qui"), queryset=Person.objects.none())
    role = forms.ChoiceField(label=_("Fonction"), choices=Mandate.Role.choices)
    started_on = forms.DateField(label=_("Depuis le"), widget=DATE_WIDGET)
    elected_at = AssemblyChoiceField(
        label=_("Voté à l'assemblée générale"),
        queryset=GeneralAssembly.objects.none(),
        required=False,
        empty_label=_("— aucune —"),
    )
    declared_on = forms.DateField(
        label=_("Déclaré à la préfecture le"), required=False, widget=DATE_WIDGET
    )

    def __init__(self, *args, association: Association, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(
            association_memberships__association=association, anonymised_at__isnull=True
        ).order_by("search_name", "pk")
        self.fields["elected_at"].queryset = association.assemblies.select_related(
            "gathering"
        ).order_by("-gathering__start")
        self.fields["started_on"].initial = timezone.localdate()


class MandateEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Fin du mandat le"), widget=DATE_WIDGET)
