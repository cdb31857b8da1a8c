from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.consultation.actions.capture import MAX_TEXT_LENGTH, clean_text, resolve_author
from quartier.consultation.models import AgeBand, Consultation, Contribution
from quartier.core.forms import DATE_WIDGET, PickedField
from quartier.core.tabular import MAX_BYTES, MAX_ROWS
from quartier.gatherings.forms import GatheringChoiceField
from quartier.gatherings.models import Gathering

NO_COLUMN = ("", _("— aucune —"))


# Gatherings a month either side of the consultation's period: what was said there belongs
# to it. The territory's whole history (years of weekly sessions) would make every menu huge.
MARGIN = dt.timedelta(days=31)


def gatherings_for(consultation: Consultation, keep: int | None = None):
    """The territory's gatherings held around the consultation's period, newest first, plus
    `keep` (the gathering a contribution already points to, wherever it falls)."""
    end = consultation.period_end or timezone.localdate()
    around = Q(start__date__gte=consultation.period_start - MARGIN, start__date__lte=end + MARGIN)
    if keep:
        around |= Q(pk=keep)
    return Gathering.objects.filter(around, territory=consultation.territory).order_by("-start")


class ConsultationForm(forms.ModelForm):
    class Meta:
        model = Consultation
        fields = ["title", "territory", "period_start", "period_end", "question", "status"]
        widgets = {
            "period_start": DATE_WIDGET,
            "period_end": DATE_WIDGET,
            "question": forms.Textarea(attrs={"rows": 3}),
        }


class TextField(forms.CharField):
    """Free text as residents said it: stored intact, only surrounding blanks removed."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", MAX_TEXT_LENGTH)
        kwargs.setdefault("strip", False)
        super().__init__(**kwargs)

    def clean(self, value):
        return clean_text(super().clean(value) or "")


class CaptureForm(forms.Form):
    """One line of the live capture: what was said, its kind, and who said it (or anonymous)."""

    text = TextField(label=_("Ce qui a été dit"), required=False)
    kind = forms.ChoiceField(
        label=_("Type"), choices=Contribution.Kind.choices, initial=Contribution.Kind.EXPECTATION
    )
    author = PickedField()
    author_query = forms.CharField(label=_("Qui ?"), max_length=150, required=False)
    age_band = forms.ChoiceField(
        label=_("Âge (si anonyme)"),
        choices=[("", _("non précisé"))] + AgeBand.choices,
        required=False,
    )
    channel = forms.ChoiceField(
        label=_("Canal"), choices=Contribution.Channel.choices, required=False
    )


class CaptureSettingsForm(forms.Form):
    """Where the contributions being typed come from: a gathering, or a channel."""

    rencontre = GatheringChoiceField(
        label=_("Rencontre"),
        queryset=Gathering.objects.none(),
        required=False,
        empty_label=_("— aucune —"),
    )
    canal = forms.ChoiceField(
        label=_("Canal"), choices=Contribution.Channel.choices, required=False
    )

    def __init__(self, *args, consultation: Consultation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        chosen = self.initial.get("rencontre")
        self.fields["rencontre"].queryset = gatherings_for(
            consultation, keep=getattr(chosen, "pk", chosen)
        )


class ContributionForm(forms.ModelForm):
    text = TextField(label=_("Texte"), widget=forms.Textarea(attrs={"rows": 5}))
    make_anonymous = forms.BooleanField(label=_("Rendre anonyme"), required=False)

    class Meta:
        model = Contribution
        fields = ["text", "kind", "channel", "gathering", "age_band", "said_on", "state"]
        widgets = {"said_on": DATE_WIDGET}
        field_classes = {"gathering": GatheringChoiceField}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gathering"].queryset = gatherings_for(
            self.instance.consultation, keep=self.instance.gathering_id
        )
        if not self.instance.author_id and not self.instance.author_name:
            del self.fields["make_anonymous"]

    def save(self, commit: bool = True) -> Contribution:
        if self.cleaned_data.get("make_anonymous"):
            self.instance.author = None
            self.instance.author_name = ""
        return super().save(commit)


class ContributionAuthorForm(forms.Form):
    """Who said it, changed by the team: a person picked from the suggestions (`author`), a
    name typed exactly (`author_query`), or neither (anonymous)."""

    author = PickedField()
    author_query = forms.CharField(label=_("Qui ?"), max_length=150, required=False)

    def clean(self) -> dict:
        data = super().clean()
        try:
            data["person"] = resolve_author(data.get("author"), data.get("author_query") or "")
        except forms.ValidationError as error:
            self.add_error("author_query", error)
        return data


class ContributionFilterForm(forms.Form):
    q = forms.CharField(label=_("Mots du texte"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Tous"))] + Contribution.Kind.choices
    )
    channel = forms.ChoiceField(
        label=_("Canal"), required=False, choices=[("", _("Tous"))] + Contribution.Channel.choices
    )
    state = forms.ChoiceField(
        label=_("État"), required=False, choices=[("", _("Tous"))] + Contribution.State.choices
    )
    gathering = GatheringChoiceField(
        label=_("Rencontre"),
        queryset=Gathering.objects.none(),
        required=False,
        empty_label=_("Toutes"),
    )

    def __init__(self, *args, consultation: Consultation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gathering"].queryset = gatherings_for(consultation)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier"),
        help_text=_("CSV, XLSX (Excel) ou ODS (LibreOffice), 5 Mo et %(rows)s lignes au plus.")
        % {"rows": f"{MAX_ROWS:,}".replace(",", " ")},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.tsv,.txt,.xlsx,.ods"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("Le fichier est trop lourd (plus de 5 Mo). Découpez-le en plusieurs fichiers.")
            )
        return upload


class ImportMappingForm(forms.Form):
    """Which column holds what, and what applies to every row."""

    text = forms.ChoiceField(label=_("Colonne du texte"))
    author = forms.ChoiceField(label=_("Colonne de l'auteur (nom)"), required=False)
    kind = forms.ChoiceField(label=_("Colonne du type"), required=False)
    channel = forms.ChoiceField(label=_("Colonne du canal"), required=False)
    date = forms.ChoiceField(label=_("Colonne de la date"), required=False)
    age_band = forms.ChoiceField(label=_("Colonne de la tranche d'âge"), required=False)
    default_kind = forms.ChoiceField(
        label=_("Type quand la colonne est vide ou absente"),
        choices=Contribution.Kind.choices,
        initial=Contribution.Kind.EXPECTATION,
    )
    default_channel = forms.ChoiceField(
        label=_("Canal quand la colonne est vide ou absente"),
        choices=Contribution.Channel.choices,
        initial=Contribution.Channel.PAPER,
    )
    gathering = GatheringChoiceField(
        label=_("Rencontre où cela a été dit"),
        queryset=Gathering.objects.none(),
        required=False,
        empty_label=_("— aucune —"),
    )
    create_unknown_people = forms.BooleanField(
        label=_("Créer les personnes inconnues"),
        required=False,
        help_text=_(
            "Un nom qui ne correspond à personne crée une nouvelle fiche de personne. "
            "Sinon, la contribution est anonyme et le nom n'est pas gardé."
        ),
    )
    skip_duplicates = forms.BooleanField(
        label=_("Ne pas importer les lignes déjà importées"),
        required=False,
        initial=True,
        help_text=_(
            "Une ligne avec le même texte, la même date et le même auteur qu'une contribution "
            "déjà là (ou qu'une ligne plus haut dans le fichier)."
        ),
    )

    def __init__(self, *args, header: list[str], consultation: Consultation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        columns = [(str(i), name) for i, name in enumerate(header)]
        self.fields["text"].choices = columns
        for name in ("author", "kind", "channel", "date", "age_band"):
            self.fields[name].choices = [NO_COLUMN, *columns]
        self.fields["gathering"].queryset = gatherings_for(consultation)

    def column(self, name: str) -> int | None:
        value = self.cleaned_data.get(name)
        return int(value) if value not in (None, "") else None

    def clean(self) -> dict:
        data = super().clean()
        used: dict[str, str] = {}
        for name in ("text", "author", "kind", "channel", "date", "age_band"):
            value = data.get(name)
            if value in (None, ""):
                continue
            if value in used:
                self.add_error(name, _("Cette colonne est déjà choisie pour autre chose."))
            used[value] = name
        return data


class PublicContributionForm(forms.Form):
    text = TextField(
        label=_("Votre message"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Ce que vous voulez dire, avec vos mots."),
    )
    first_name = forms.CharField(
        label=_("Votre prénom (pas obligatoire)"), max_length=100, required=False
    )
    age_band = forms.ChoiceField(
        label=_("Votre âge (pas obligatoire)"),
        choices=[("", _("Je ne dis pas"))] + AgeBand.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    # Honeypot: hidden from people and screen readers; robots fill every field.
    website = forms.CharField(required=False, max_length=200)


# --- themes --------------------------------------------------------------------------------


class GroupingForm(forms.Form):
    n_themes = forms.IntegerField(
        label=_("Nombre de thèmes"),
        required=False,
        min_value=2,
        max_value=30,
        help_text=_("Laissez vide : le regroupement choisit lui-même."),
    )


class ThemeLabelForm(forms.Form):
    label = forms.CharField(label=_("Intitulé du thème"), max_length=200)


class SplitForm(forms.Form):
    label = forms.CharField(label=_("Intitulé du nouveau thème"), max_length=200)
    contributions = forms.TypedMultipleChoiceField(
        label=_("Contributions à y mettre"),
        coerce=int,
        error_messages={"required": _("Cochez les contributions à mettre dans le nouveau thème.")},
    )

    def __init__(self, *args, theme=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contributions"].choices = [
            (c.pk, c.text[:80]) for c in theme.contributions.order_by("pk")
        ]
