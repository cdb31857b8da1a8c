from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.association import chart
from quartier.association.models import Association, Category, Entry, Subsidy
from quartier.association.money import EuroField
from quartier.core.forms import DATE_WIDGET


class SubsidyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Subsidy) -> str:
        return f"{obj.funder} {obj.year} — {obj.purpose}"


class EntryForm(forms.Form):
    """A receipt or an expense in plain words: the category says which account it goes to."""

    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    category = forms.ModelChoiceField(
        label=_("Pour quoi"), queryset=Category.objects.none(), empty_label=_("— choisir —")
    )
    amount = EuroField(label=_("Montant (€)"))
    means = forms.ChoiceField(label=_("Payé par"), choices=Entry.Means.choices)
    label = forms.CharField(
        label=_("Libellé"),
        max_length=200,
        required=False,
        help_text=_(
            "Laissez vide pour reprendre la catégorie. Ne notez pas le nom d'un habitant : "
            "le livre de caisse se garde dix ans, tel quel."
        ),
    )
    piece_ref = forms.CharField(
        label=_("N° de ticket, de facture ou de chèque"), max_length=40, required=False
    )
    subsidy = SubsidyChoiceField(
        label=_("Financé par la subvention"),
        queryset=Subsidy.objects.none(),
        required=False,
        empty_label=_("— aucune —"),
    )

    def __init__(self, *args, association: Association, kind: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["category"].queryset = association.categories.filter(
            kind=kind, active=True
        ).order_by("label")
        self.fields["subsidy"].queryset = association.subsidies.select_related("funder").order_by(
            "-year", "funder__name"
        )
        self.fields["date"].initial = timezone.localdate()
        if kind == Entry.Kind.RECEIPT:
            self.fields["means"].label = _("Reçu sur")
            self.fields["subsidy"].label = _("Se rattache à la subvention")

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("On note ce qui a eu lieu : la date est à venir."))
        return date


class CorrectionForm(EntryForm):
    reason = forms.CharField(
        label=_("Pourquoi corriger"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Le motif reste écrit dans le livre, avec votre nom et la date."),
    )

    def __init__(self, *args, entry: Entry, **kwargs) -> None:
        super().__init__(
            *args,
            association=entry.association,
            kind=entry.kind,
            initial={
                "date": entry.date,
                "category": entry.category_id,
                "amount": entry.amount,
                "means": entry.means,
                "label": entry.label,
                "piece_ref": entry.piece_ref,
                "subsidy": entry.subsidy_id,
            },
            **kwargs,
        )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Pourquoi annuler"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Le motif reste écrit dans le livre, avec votre nom et la date."),
    )


class TransferForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    source = forms.ChoiceField(
        label=_("Mouvement"),
        choices=[
            (Entry.Means.CASH, _("Dépôt d'espèces de la caisse à la banque")),
            (Entry.Means.BANK, _("Retrait d'espèces de la banque pour la caisse")),
        ],
    )
    amount = EuroField(label=_("Montant (€)"))
    piece_ref = forms.CharField(label=_("N° du bordereau"), max_length=40, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


class CloseYearForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "J'ai vérifié : après la clôture, plus rien ne pourra être noté dans cet exercice."
        ),
    )


class BankCheckForm(forms.Form):
    on = forms.DateField(label=_("Solde du relevé au"), widget=DATE_WIDGET)
    statement_balance = EuroField(
        label=_("Solde écrit sur le relevé (€)"),
        allow_zero=True,
        help_text=_("Pour un solde négatif, ajoutez une note : le livre ne change pas."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


def account_choices(kind: str) -> list[tuple[str, str]]:
    codes = chart.RECEIPT_ACCOUNTS if kind == Category.Kind.RECEIPT else chart.EXPENSE_ACCOUNTS
    return [(code, f"{code} – {chart.ACCOUNTS[code]}") for code in codes]


class CategoryForm(forms.ModelForm):
    account = forms.ChoiceField(
        label=_("Compte"),
        choices=account_choices(Category.Kind.EXPENSE) + account_choices(Category.Kind.RECEIPT),
        help_text=_("Le compte du plan comptable des associations où la catégorie va."),
    )

    class Meta:
        model = Category
        fields = ["label", "kind", "account"]

    def __init__(self, *args, association: Association, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.association = association

    def clean(self) -> dict:
        data = super().clean()
        kind, account = data.get("kind"), data.get("account")
        if kind and account and account[0] != ("7" if kind == Category.Kind.RECEIPT else "6"):
            self.add_error("account", _("Une recette va dans un compte 7, une dépense dans un 6."))
        label = data.get("label")
        if label and self.association.categories.filter(label=label).exists():
            self.add_error("label", _("Cette catégorie existe déjà."))
        return data
