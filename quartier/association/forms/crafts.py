from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.association.forms.members import PersonChoiceField
from quartier.association.models import Association, CraftItem, Entry
from quartier.association.money import EuroField
from quartier.core.forms import DATE_WIDGET
from quartier.gatherings.models import Gathering
from quartier.people.models import Person


class WorkshopChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Gathering) -> str:
        return f"{obj.title} ({obj.start:%d/%m/%Y})"


class CraftItemForm(forms.ModelForm):
    maker = PersonChoiceField(
        label=_("Fait par"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("— plusieurs personnes —"),
    )
    made_in = WorkshopChoiceField(
        label=_("Fait à l'atelier"),
        queryset=Gathering.objects.none(),
        required=False,
        empty_label=_("— non précisé —"),
    )
    materials_cost = EuroField(label=_("Coût des matières par pièce (€)"), allow_zero=True)
    price = EuroField(label=_("Prix de vente (€)"))

    class Meta:
        model = CraftItem
        fields = ["name", "maker", "made_in", "materials_cost", "price", "stock"]

    def __init__(self, *args, association: Association, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["maker"].queryset = Person.objects.filter(
            association_memberships__association=association, anonymised_at__isnull=True
        ).order_by("search_name", "pk")
        self.fields["made_in"].queryset = Gathering.objects.filter(
            territory_id=association.territory_id, kind=Gathering.Kind.ACTIVITY_SESSION
        ).order_by("-start")[:60]


class StockForm(forms.Form):
    quantity = forms.IntegerField(label=_("Pièces faites en plus"), min_value=1, max_value=10_000)


class SaleForm(forms.Form):
    """A stall's takings: one quantity and price per item in stock."""

    sold_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    stall = forms.CharField(label=_("Stand"), max_length=200)
    means = forms.ChoiceField(
        label=_("Encaissé en"), choices=Entry.Means.choices, initial=Entry.Means.CASH
    )

    def __init__(self, *args, items: list[CraftItem], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        today = timezone.localdate()
        self.fields["sold_on"].initial = today
        self.fields["stall"].initial = _("Marché de Noël %(year)s") % {"year": today.year}
        for item in items:
            self.fields[f"quantity_{item.pk}"] = forms.IntegerField(
                label=_("%(name)s : quantité vendue") % {"name": item.name},
                min_value=0,
                max_value=10_000,
                initial=0,
                required=False,
            )
            self.fields[f"price_{item.pk}"] = EuroField(
                label=_("%(name)s : prix de vente (€)") % {"name": item.name},
                initial=item.price,
            )

    def item_rows(self):
        """(item, quantity field, price field) for the template: one fieldset per item."""
        return [
            (item, self[f"quantity_{item.pk}"], self[f"price_{item.pk}"]) for item in self.items
        ]

    def lines(self):
        for item in self.items:
            yield (
                item,
                self.cleaned_data.get(f"quantity_{item.pk}") or 0,
                self.cleaned_data[f"price_{item.pk}"],
            )

    def clean_sold_on(self):
        sold_on = self.cleaned_data["sold_on"]
        if sold_on > timezone.localdate():
            raise forms.ValidationError(_("On note une vente une fois faite."))
        return sold_on
