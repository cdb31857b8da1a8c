from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from quartier.association.forms.members import PersonChoiceField
from quartier.association.models import GeneralAssembly, Resolution
from quartier.core.forms import DATE_WIDGET, DATETIME_WIDGET
from quartier.people.models import Person


class AssemblyForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Assemblée"),
        choices=GeneralAssembly.Kind.choices,
        initial=GeneralAssembly.Kind.ORDINARY,
    )
    start = forms.DateTimeField(label=_("Début"), widget=DATETIME_WIDGET)
    end = forms.DateTimeField(label=_("Fin"), widget=DATETIME_WIDGET, required=False)
    place = forms.CharField(label=_("Lieu"), max_length=200, required=False)
    agenda = forms.CharField(
        label=_("Ordre du jour"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Un point par ligne : rapport moral, rapport financier, élections…"),
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("La fin doit être après le début."))
        return data


class AssemblyUpdateForm(forms.ModelForm):
    class Meta:
        model = GeneralAssembly
        fields = ["kind", "agenda", "convocation_sent_on", "notes"]
        widgets = {
            "agenda": forms.Textarea(attrs={"rows": 6}),
            "convocation_sent_on": DATE_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 10}),
        }


class ProxyForm(forms.Form):
    giver = PersonChoiceField(
        label=_("Le membre qui ne peut pas venir"),
        queryset=Person.objects.none(),
        empty_label=_("— choisir —"),
    )
    holder = PersonChoiceField(
        label=_("donne pouvoir à"), queryset=Person.objects.none(), empty_label=_("— choisir —")
    )

    def __init__(self, *args, voting, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(pk__in=voting).order_by("search_name", "pk")
        self.fields["giver"].queryset = people
        self.fields["holder"].queryset = people


class ResolutionForm(forms.ModelForm):
    class Meta:
        model = Resolution
        fields = ["title", "majority"]


class VotesForm(forms.ModelForm):
    class Meta:
        model = Resolution
        fields = ["votes_for", "votes_against", "abstentions"]
