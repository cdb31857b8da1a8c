from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from quartier.core.forms import DATE_WIDGET
from quartier.diagnosis.models import LocalFact
from quartier.diagnosis.services import MAX_BYTES
from quartier.people.models import Territory


class ImportForm(forms.Form):
    territory = forms.ModelChoiceField(
        label=_("Territoire"), queryset=Territory.objects.all(), empty_label=None
    )
    title = forms.CharField(
        label=_("Titre"),
        max_length=200,
        help_text=_("Par exemple : Comparateur de territoires, édition 2022."),
    )
    file = forms.FileField(
        label=_("Fichier de statistiques"),
        help_text=_(
            "CSV tel que publié par l'Insee (une ligne par commune ou par IRIS), ou au format "
            "long : code ; indicateur ; année ; valeur ; source. 20 Mo au plus."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.tsv"}),
    )
    meta = forms.FileField(
        label=_("Dictionnaire des variables (facultatif)"),
        required=False,
        help_text=_("Le fichier « meta » de l'Insee : libellés des variables, noms des communes."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.tsv"}),
    )

    def _small(self, name: str):
        upload = self.cleaned_data.get(name)
        if upload and upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Le fichier est trop lourd (plus de 20 Mo)."))
        return upload

    def clean_file(self):
        return self._small("file")

    def clean_meta(self):
        return self._small("meta")


class LocalFactForm(forms.ModelForm):
    class Meta:
        model = LocalFact
        fields = ["territory", "label", "value", "unit", "source", "observed_on"]
        widgets = {"observed_on": DATE_WIDGET}
        help_texts = {
            "label": _("Par exemple : bus par jour vers le centre-ville."),
            "unit": _("Par exemple : bus, minutes, km."),
            "source": _("Qui l'a constaté ou publié : relevé de terrain, fiche horaire…"),
        }


class AreaForm(forms.Form):
    zone = forms.CharField(
        label=_("Autre territoire du fichier (code Insee)"),
        max_length=12,
        required=False,
        help_text=_("Un code IRIS (9 caractères), de commune (5) ou de département."),
    )
