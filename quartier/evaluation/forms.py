from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.activities.models import Activity
from quartier.evaluation.follow_up import DEFAULT_MIN_WEEKS
from quartier.evaluation.indicators.scope import MONTH, QUARTER, YEAR, Scope
from quartier.evaluation.models import FollowUpNote, Milestone, SurveyResponse, Testimony
from quartier.gatherings.models import Gathering
from quartier.people.models import Territory

FIRST_YEAR = 1990
BY_CHOICES = [(YEAR, _("Par année")), (QUARTER, _("Par trimestre")), (MONTH, _("Par mois"))]
# Most years a page draws, per cut (30 years, 24 quarters, 36 months): more would be a chart
# nobody reads.
MAX_YEARS = {YEAR: 30, QUARTER: 6, MONTH: 3}
# Shown when no first year is asked for: the last ten years at most.
DEFAULT_YEARS = 10


class ScopeForm(forms.Form):
    """What the indicators are computed over, read from the query string. Always usable: a
    wrong value is said next to its field and the page shows the defaults."""

    by = forms.ChoiceField(label=_("Découpage"), choices=BY_CHOICES, required=False)
    first_year = forms.IntegerField(label=_("De l'année"), required=False)
    last_year = forms.IntegerField(label=_("À l'année"), required=False)
    territory = forms.ModelChoiceField(
        label=_("Territoire"),
        queryset=Territory.objects.all(),
        required=False,
        empty_label=_("Tous les territoires"),
        to_field_name="slug",
    )
    kind = forms.ChoiceField(
        label=_("Type de rencontre"),
        choices=[("", _("Tous les types"))] + Gathering.Kind.choices,
        required=False,
    )
    activity = forms.ModelChoiceField(
        label=_("Activité"),
        queryset=Activity.objects.order_by("name"),
        required=False,
        empty_label=_("Toutes les activités"),
    )

    def __init__(self, data=None, *, today: dt.date | None = None, **kwargs) -> None:
        self.today = today or timezone.localdate()
        super().__init__(data if data is not None else {}, **kwargs)
        for name in ("first_year", "last_year"):
            self.fields[name].widget.attrs.update(min=FIRST_YEAR, max=self.today.year)

    def clean(self) -> dict:
        data = super().clean()
        first, last = data.get("first_year"), data.get("last_year")
        for name, year in (("first_year", first), ("last_year", last)):
            if year is not None and not FIRST_YEAR <= year <= self.today.year:
                self.add_error(
                    name,
                    _("Choisissez une année entre %(first)d et %(last)d.")
                    % {"first": FIRST_YEAR, "last": self.today.year},
                )
        if first and last and first > last:
            self.add_error("last_year", _("L'année de fin doit suivre l'année de début."))
        return data

    def scope(self) -> Scope:
        data = self.cleaned_data if self.is_valid() else {}
        by = data.get("by") or YEAR
        last = data.get("last_year") or self.today.year
        default_first = {
            YEAR: self.default_first_year(last),
            QUARTER: last - 2,
            MONTH: last,
        }[by]
        first = data.get("first_year") or default_first
        first = min(max(first, last - MAX_YEARS[by] + 1), last)
        end = dt.date(last, 12, 31) if last < self.today.year else self.today
        return Scope.of(
            dt.date(first, 1, 1),
            end,
            by,
            territory=data.get("territory"),
            kind=data.get("kind") or "",
            activity=data.get("activity"),
            today=self.today,
        )

    def default_first_year(self, last: int) -> int:
        """By year, with no first year asked for: the first year of gatherings, ten years
        back at most."""
        return _first_gathering_year(self.today)


def _first_gathering_year(today: dt.date) -> int:
    first = Gathering.objects.filter(start__lt=timezone.now()).order_by("start").first()
    year = timezone.localtime(first.start).year if first else today.year
    return max(year, today.year - DEFAULT_YEARS + 1)


class MinimumForm(forms.Form):
    min_weeks = forms.IntegerField(
        label=_("Absence d'au moins (semaines)"),
        min_value=1,
        max_value=104,
        required=False,
        initial=DEFAULT_MIN_WEEKS,
    )


class NetworkForm(ScopeForm):
    min_shared = forms.IntegerField(
        label=_("Rencontres partagées pour un lien"),
        min_value=1,
        max_value=50,
        required=False,
        initial=1,
    )

    def default_first_year(self, last: int) -> int:
        """The last two years: who meets whom now, and what changed since last year. Over
        ten years the drawing mixes people who never crossed paths; an earlier first year
        can be asked for."""
        return last - 1


class FollowUpNoteForm(forms.ModelForm):
    class Meta:
        model = FollowUpNote
        fields = ["noted_on", "reached", "note"]
        widgets = {
            "noted_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_noted_on(self) -> dt.date:
        day = self.cleaned_data["noted_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("L'appel ne peut pas être daté de demain."))
        return day


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _NotInTheFuture:
    date_fields: tuple[str, ...] = ()

    def clean(self) -> dict:
        data = super().clean()
        for name in self.date_fields:
            day = data.get(name)
            if day and day > timezone.localdate():
                self.add_error(name, _("Cette date est à venir : notez-la une fois passée."))
        return data


class MilestoneForm(_NotInTheFuture, forms.ModelForm):
    date_fields = ("happened_on",)

    class Meta:
        model = Milestone
        fields = ["kind", "happened_on", "title", "age", "note"]
        widgets = {"happened_on": DATE_WIDGET, "note": forms.Textarea(attrs={"rows": 3})}

    def clean_age(self) -> int | None:
        age = self.cleaned_data.get("age")
        if age is not None and not 10 <= age <= 110:
            raise forms.ValidationError(_("Un âge entre 10 et 110 ans."))
        return age


class TestimonyForm(_NotInTheFuture, forms.ModelForm):
    date_fields = ("said_on", "publication_agreed_on")

    class Meta:
        model = Testimony
        fields = ["quote", "said_on", "attribution", "publication", "publication_agreed_on"]
        widgets = {
            "quote": forms.Textarea(attrs={"rows": 4}),
            "said_on": DATE_WIDGET,
            "publication_agreed_on": DATE_WIDGET,
        }


class SurveyForm(_NotInTheFuture, forms.ModelForm):
    date_fields = ("answered_on",)

    class Meta:
        model = SurveyResponse
        fields = ["wave", "answered_on", *SurveyResponse.ITEMS]
        widgets = {
            "answered_on": DATE_WIDGET,
            **{item: forms.RadioSelect for item in SurveyResponse.ITEMS},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for item in SurveyResponse.ITEMS:
            field = self.fields[item]
            field.required = True
            field.choices = [c for c in field.choices if c[0] != ""]
