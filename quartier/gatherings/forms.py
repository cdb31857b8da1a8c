from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from quartier.core.forms import DATETIME_WIDGET, PickedField
from quartier.gatherings.models import Attendance, Gathering


class GatheringChoiceField(forms.ModelChoiceField):
    """A menu of gatherings that says when each was: many share a title (« Atelier cuisine »)."""

    def label_from_instance(self, obj: Gathering) -> str:
        return f"{date_format(timezone.localtime(obj.start), 'j F Y')} — {obj.title}"


class GatheringForm(forms.ModelForm):
    class Meta:
        model = Gathering
        fields = ["kind", "title", "start", "end", "place", "territory", "notes"]
        widgets = {
            "start": DATETIME_WIDGET,
            "end": DATETIME_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 4}),
        }


class GatheringFilterForm(forms.Form):
    """The list's filters; `for_request` always gives a bound form whose menus show exactly
    what is listed (all gatherings when nothing, or nothing valid, is asked for)."""

    WHEN_CHOICES = [("all", _("Toutes")), ("upcoming", _("À venir")), ("past", _("Passées"))]
    DEFAULTS = {"when": "all", "kind": ""}
    when = forms.ChoiceField(label=_("Quand"), choices=WHEN_CHOICES, required=False)
    kind = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("Tous les types"))] + Gathering.Kind.choices,
    )

    @classmethod
    def for_request(cls, params) -> GatheringFilterForm:
        data = {**cls.DEFAULTS, **{k: v for k, v in params.items() if k in cls.DEFAULTS and v}}
        form = cls(data)
        return form if form.is_valid() else cls(cls.DEFAULTS)


class AttendanceEntryForm(forms.Form):
    """The fast entry line: a name typed (or a person picked) and a role."""

    name = forms.CharField(label=_("Nom"), max_length=150, required=False)
    person = PickedField()
    role = forms.ChoiceField(
        label=_("Rôle"), choices=Attendance.Role.choices, initial=Attendance.Role.PARTICIPANT
    )
    confirm_new = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict:
        data = super().clean()
        if "role" in self.errors:
            # The pages show errors under the name box only (on one of them the role is hidden).
            self.add_error("name", _("Choisissez un rôle dans la liste."))
        if not data.get("person") and not " ".join((data.get("name") or "").split()):
            self.add_error("name", _("Tapez un nom ou choisissez une personne."))
        return data


class GatheringDeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Je confirme : cette rencontre n'a pas eu lieu ou a été saisie par erreur"),
        error_messages={"required": _("Cochez la case pour confirmer.")},
    )
