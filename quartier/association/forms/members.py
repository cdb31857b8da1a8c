from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.association.actions.members import membership_years
from quartier.association.models import Association, DuesPayment, Member
from quartier.association.money import EuroField
from quartier.core.forms import DATE_WIDGET
from quartier.people.models import Person


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.display_name


class MemberForm(forms.Form):
    """A new member: someone quartier already knows, or a new person typed by name."""

    person = PersonChoiceField(
        label=_("Personne déjà connue"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("— choisir —"),
    )
    name = forms.CharField(
        label=_("Ou nom d'une personne nouvelle"),
        max_length=150,
        required=False,
        help_text=_("Comme la personne souhaite être appelée."),
    )
    joined_on = forms.DateField(label=_("Membre depuis le"), widget=DATE_WIDGET)

    def __init__(self, *args, association: Association, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (
            Person.objects.filter(anonymised_at__isnull=True)
            .exclude(association_memberships__association=association)
            .order_by("search_name", "pk")
        )
        self.fields["joined_on"].initial = timezone.localdate()

    def clean(self) -> dict:
        data = super().clean()
        name = " ".join((data.get("name") or "").split())
        if not data.get("person") and not name:
            self.add_error("person", _("Choisissez une personne ou tapez un nom."))
        elif data.get("person") and name:
            self.add_error(
                "name", _("Choisissez une personne connue ou tapez un nom nouveau, pas les deux.")
            )
        return data


class MemberLeaveForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["left_on"]
        widgets = {"left_on": DATE_WIDGET}


class DuesForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Année de cotisation"), coerce=int)
    amount = EuroField(label=_("Montant (€)"))
    paid_on = forms.DateField(label=_("Payée le"), widget=DATE_WIDGET)
    method = forms.ChoiceField(label=_("Moyen de paiement"), choices=DuesPayment.Method.choices)
    piece_ref = forms.CharField(label=_("N° de reçu ou de chèque"), max_length=40, required=False)

    def __init__(self, *args, association: Association, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        years = membership_years(association, today)
        self.fields["year"].choices = [
            (year, str(year) if association.membership_year_start == 1 else f"{year}-{year + 1}")
            for year in years
        ]
        self.fields["year"].initial = association.membership_year_of(today)
        self.fields["amount"].initial = association.default_dues
        self.fields["paid_on"].initial = today

    def clean_paid_on(self):
        paid_on = self.cleaned_data["paid_on"]
        if paid_on > timezone.localdate():
            raise forms.ValidationError(_("Une cotisation se note une fois payée."))
        return paid_on
