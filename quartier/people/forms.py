from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from quartier.core.forms import DATE_WIDGET
from quartier.people.models import Consent, Person


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "display_name",
            "kind",
            "organisation",
            "territory",
            "phone",
            "email",
            "languages",
            "first_met_on",
        ]
        widgets = {"first_met_on": DATE_WIDGET}

    def __init__(self, *args, show_contact: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not show_contact:
            for name in ("phone", "email"):
                del self.fields[name]
        self.fields["display_name"].widget.attrs["autocomplete"] = "off"

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError(_("Indiquez au moins un prénom."))
        return name

    def clean(self) -> dict:
        data = super().clean()
        if data.get("kind") == Person.Kind.PROFESSIONAL and not data.get("organisation"):
            self.add_error(
                "organisation", _("Un·e professionnel·le appartient à une organisation.")
            )
        return data


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Rechercher"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Rôle"), required=False, choices=[("", _("Tous"))] + Person.Kind.choices
    )


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["purpose", "given_on", "means"]
        widgets = {"given_on": DATE_WIDGET}
