from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.association.models import BudgetLine, Entry, Subsidy
from quartier.association.money import EuroField
from quartier.core.forms import DATE_WIDGET

DATES = ["asked_on", "decided_on", "report_due_on", "report_sent_on", "next_application_on"]


class SubsidyForm(forms.ModelForm):
    amount_asked = EuroField(label=_("Montant demandé (€)"))
    amount_granted = EuroField(label=_("Montant accordé (€)"), required=False)
    report_due_on = forms.DateField(
        label=_("Compte rendu financier à rendre avant le"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Laissez vide : six mois après la fin de l'exercice."),
    )

    class Meta:
        model = Subsidy
        fields = [
            "funder",
            "year",
            "purpose",
            "scope",
            "amount_asked",
            "amount_granted",
            "conditions",
            "asked_on",
            "decided_on",
            "report_due_on",
            "report_sent_on",
            "next_application_on",
            "description",
            "objectives",
            "gaps",
        ]
        widgets = {
            **{name: DATE_WIDGET for name in DATES},
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in ("conditions", "description", "objectives", "gaps")
            },
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        self.fields["year"].widget.attrs.update({"min": 1901, "max": 2200})

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not 1901 <= year <= 2200:
            raise forms.ValidationError(_("Tapez une année, par exemple 2005."))
        return year


class BudgetLineForm(forms.ModelForm):
    amount = EuroField(label=_("Montant prévu (€)"))

    class Meta:
        model = BudgetLine
        fields = ["group", "funder", "label", "amount"]


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("Versée le"), widget=DATE_WIDGET)
    amount = EuroField(label=_("Montant reçu (€)"))
    means = forms.ChoiceField(
        label=_("Reçue sur"), choices=Entry.Means.choices, initial=Entry.Means.BANK
    )

    def clean_paid_on(self):
        paid_on = self.cleaned_data["paid_on"]
        if paid_on > timezone.localdate():
            raise forms.ValidationError(_("On note le versement une fois reçu."))
        return paid_on
