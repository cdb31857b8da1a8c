from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from quartier.activities import recurrence
from quartier.activities.attendance import MAX_GUESTS
from quartier.activities.models import Activity
from quartier.core.forms import DATE_WIDGET

TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ActivityForm(forms.ModelForm):
    """An activity and its rhythm, said with a few plain choices (or an RFC 5545 rule)."""

    frequency = forms.ChoiceField(
        label=_("Quand revient-elle ?"),
        choices=recurrence.Frequency.choices,
        initial=recurrence.Frequency.WEEKLY,
    )
    weekday = forms.TypedChoiceField(
        label=_("Quel jour"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[(i, str(name).capitalize()) for i, name in enumerate(recurrence.WEEKDAY_NAMES)],
        initial=1,
    )
    nth = forms.TypedChoiceField(
        label=_("Quelle semaine du mois"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[(n, str(label).capitalize()) for n, label in recurrence.ORDINALS.items()],
        initial=1,
        help_text=_("Pour « une fois par mois » ou « une fois par an »."),
    )
    month = forms.TypedChoiceField(
        label=_("Quel mois"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[(n, str(name).capitalize()) for n, name in MONTHS.items()],
        initial=1,
        help_text=_("Pour « une fois par an »."),
    )
    custom_rule = forms.CharField(
        label=_("Règle avancée"),
        required=False,
        max_length=300,
        help_text=_("Seulement pour « autre règle », par exemple FREQ=MONTHLY;BYDAY=1SA."),
    )

    class Meta:
        model = Activity
        fields = [
            "name",
            "kind",
            "description",
            "start_time",
            "end_time",
            "starts_on",
            "ends_on",
            "skip_school_holidays",
            "place",
            "territory",
            "organisation",
            "working_group",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "start_time": TIME_WIDGET,
            "end_time": TIME_WIDGET,
        }

    field_order = [
        "name",
        "kind",
        "description",
        "frequency",
        "weekday",
        "nth",
        "month",
        "custom_rule",
        "start_time",
        "end_time",
        "starts_on",
        "ends_on",
        "skip_school_holidays",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name, value in recurrence.read_rule(self.instance.rule).items():
                self.initial[name] = value
            if "custom" in self.initial:
                self.initial["custom_rule"] = self.initial.pop("custom")

    def clean(self) -> dict:
        data = super().clean()
        frequency = data.get("frequency")
        try:
            data["rule"] = recurrence.build_rule(
                frequency or recurrence.Frequency.NONE,
                data.get("weekday") if data.get("weekday") is not None else 1,
                data.get("nth") or 1,
                data.get("month") or 1,
                data.get("custom_rule") or "",
            )
        except ValidationError as error:
            self.add_error("custom_rule", error)
        return data

    def save(self, commit: bool = True) -> Activity:
        self.instance.rule = self.cleaned_data.get("rule", "")
        return super().save(commit)


class SessionForm(forms.Form):
    """A date added by hand: an event, an extra session."""

    day = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    start_time = forms.TimeField(label=_("Heure de début"), widget=TIME_WIDGET)
    end_time = forms.TimeField(label=_("Heure de fin"), widget=TIME_WIDGET)
    place = forms.CharField(label=_("Lieu"), max_length=200, required=False)

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("La fin doit être après le début."))
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Pourquoi est-elle annulée ?"),
        max_length=200,
        help_text=_(
            "Affiché dans l'agenda public et sur le programme : n'y mettez pas de nom. "
            "Par exemple : local fermé pour travaux."
        ),
    )


class PresenceForm(forms.Form):
    present = forms.TypedChoiceField(
        choices=[("1", _("présent")), ("0", _("absent"))], coerce=lambda v: v == "1"
    )


class GuestsForm(forms.Form):
    guest_count = forms.IntegerField(
        label=_("Personnes venues sans donner leur nom"), min_value=0, max_value=MAX_GUESTS
    )

    def __init__(self, data=None, **kwargs):
        # The « + 1 » and « − 1 » buttons send the number they lead to as `set`.
        if data is not None and data.get("set"):
            data = data.copy()
            data["guest_count"] = data["set"]
        super().__init__(data, **kwargs)


class FacilitatorsForm(forms.Form):
    facilitators = forms.TypedMultipleChoiceField(
        label=_("Qui a animé la séance ?"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, present: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitators"].choices = present
