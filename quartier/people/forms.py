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
                "organisation", _("Indiquez l'organisation où travaille cette personne.")
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


class MergeForm(forms.Form):
    """Two records of one person: which to keep, and a confirmation that they are the same."""

    KEEP_THIS, KEEP_OTHER = "this", "other"

    other = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Choisissez l'autre fiche dans la liste.")},
    )
    keep = forms.ChoiceField(label=_("Fiche à garder"), widget=forms.RadioSelect)
    confirm = forms.BooleanField(
        label=_("Ce sont bien deux fiches de la même personne"),
        error_messages={"required": _("Cochez la case pour confirmer.")},
    )

    def __init__(self, person: Person, *args, other: Person | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["other"].queryset = Person.objects.exclude(pk=person.pk).filter(
            anonymised_at__isnull=True
        )
        if other is not None:
            self.fields["other"].initial = other.pk
        self.fields["keep"].choices = [
            (self.KEEP_THIS, person.display_name),
            (self.KEEP_OTHER, other.display_name if other else _("l'autre fiche")),
        ]
        self.fields["keep"].initial = self.KEEP_THIS


class DeleteConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Je confirme la suppression"),
        error_messages={"required": _("Cochez la case pour confirmer.")},
    )
