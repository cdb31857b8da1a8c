from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from quartier.association.identifiers import normalise_number, validate_rna, validate_siret
from quartier.association.models import Association, Document, InKindGift, PremisesLoan
from quartier.association.money import EuroField
from quartier.core.forms import DATE_WIDGET

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class AssociationForm(forms.ModelForm):
    default_dues = EuroField(label=_("Cotisation habituelle (€)"))
    volunteer_hourly_rate = EuroField(
        label=_("Valeur d'une heure de bénévolat (€)"),
        help_text=Association._meta.get_field("volunteer_hourly_rate").help_text,
    )

    class Meta:
        model = Association
        fields = [
            "name",
            "object",
            "founded_on",
            "rna",
            "siret",
            "registered_office",
            "territory",
            "convocation_days",
            "quorum_percent",
            "max_proxies",
            "membership_year_start",
            "financial_year_start",
            "default_dues",
            "volunteer_hourly_rate",
        ]
        widgets = {
            "founded_on": DATE_WIDGET,
            "object": TEXTAREA,
            "registered_office": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_rna(self) -> str:
        value = normalise_number(self.cleaned_data["rna"])
        validate_rna(value)
        return value

    def clean_siret(self) -> str:
        value = normalise_number(self.cleaned_data.get("siret", ""))
        validate_siret(value)
        return value


class AssociationCreateForm(AssociationForm):
    opening_bank = EuroField(
        label=_("Argent sur le compte en banque aujourd'hui (€)"), required=False, allow_zero=True
    )
    opening_cash = EuroField(
        label=_("Argent dans la caisse aujourd'hui (€)"), required=False, allow_zero=True
    )


class DocumentVersionForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier"), help_text=_("PDF, image (PNG, JPEG) ou document texte, 10 Mo au plus.")
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=_("Par exemple : modification de l'article 5 (siège social)."),
    )
    adopted_on = forms.DateField(
        label=_("Adoptée le"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Pour des statuts : la date de l'assemblée qui les a adoptés."),
    )
    declared_on = forms.DateField(
        label=_("Déclarée à la préfecture le"), required=False, widget=DATE_WIDGET
    )


class DocumentForm(DocumentVersionForm):
    kind = forms.ChoiceField(label=_("Type"), choices=Document.Kind.choices)
    title = forms.CharField(label=_("Titre"), max_length=200)

    field_order = ["kind", "title", "file", "note", "adopted_on", "declared_on"]


class PremisesLoanForm(forms.ModelForm):
    hourly_rate = EuroField(
        label=_("Valeur d'une heure de location (€)"),
        help_text=PremisesLoan._meta.get_field("hourly_rate").help_text,
    )

    class Meta:
        model = PremisesLoan
        fields = [
            "lender",
            "description",
            "agreement_start",
            "agreement_end",
            "hours_per_week",
            "hourly_rate",
        ]
        widgets = {"agreement_start": DATE_WIDGET, "agreement_end": DATE_WIDGET}

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("agreement_start"), data.get("agreement_end")
        if start and end and end < start:
            self.add_error("agreement_end", _("La fin de la convention doit suivre son début."))
        return data


class GiftForm(forms.ModelForm):
    value = EuroField(label=_("Valeur estimée (€)"))

    class Meta:
        model = InKindGift
        fields = ["giver", "given_on", "description", "value"]
        widgets = {"given_on": DATE_WIDGET}
