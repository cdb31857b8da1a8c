from __future__ import annotations

from pathlib import Path

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.core.forms import DATE_WIDGET, DATETIME_WIDGET
from quartier.groups.models import Action, Membership, Proposal, ProposalDocument, WorkingGroup
from quartier.groups.services import action_owner_choices, next_statuses
from quartier.people.models import Organisation, Person

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DOCUMENT_EXTENSIONS = {".pdf", ".odt", ".ods", ".doc", ".docx", ".jpg", ".jpeg", ".png", ".txt"}


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Person) -> str:
        return obj.display_name


class GroupForm(forms.ModelForm):
    class Meta:
        model = WorkingGroup
        fields = ["name", "mandate", "territory", "theme_label"]
        widgets = {"mandate": forms.Textarea(attrs={"rows": 4})}


class GroupUpdateForm(forms.ModelForm):
    class Meta:
        model = WorkingGroup
        fields = ["name", "mandate", "territory", "theme_label", "status", "outcome"]
        widgets = {
            "mandate": forms.Textarea(attrs={"rows": 4}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }


class GroupPeopleForm(forms.Form):
    """Who is asked to join a new group: the theme's contributors, and its facilitators."""

    invited = PeopleChoiceField(
        label=_("Personnes invitées"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Les habitants et habitantes qui ont parlé de ce thème."),
    )
    facilitators = PeopleChoiceField(
        label=_("Animation"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Les professionnels et professionnelles qui animent le groupe."),
    )

    def __init__(self, *args, invited_ids: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["invited"].queryset = Person.objects.filter(
            pk__in=invited_ids, anonymised_at__isnull=True
        )
        self.fields["facilitators"].queryset = Person.objects.filter(
            kind=Person.Kind.PROFESSIONAL, anonymised_at__isnull=True
        )


class MemberForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Personne"), queryset=Person.objects.none())
    role = forms.ChoiceField(
        label=_("Rôle"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER
    )
    joined_on = forms.DateField(label=_("Arrivée le"), widget=DATE_WIDGET)

    def __init__(self, *args, group: WorkingGroup, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (
            Person.objects.filter(anonymised_at__isnull=True)
            .exclude(
                pk__in=group.memberships.filter(
                    left_on__isnull=True, status=Membership.Status.MEMBER
                ).values("person")
            )
            .order_by("search_name", "pk")
        )
        self.fields["joined_on"].initial = timezone.localdate()


class LeaveForm(forms.Form):
    left_on = forms.DateField(label=_("Date de départ"), widget=DATE_WIDGET)


class SessionForm(forms.Form):
    title = forms.CharField(
        label=_("Titre"),
        max_length=200,
        required=False,
        help_text=_("Laissez vide pour « Groupe … : séance »."),
    )
    start = forms.DateTimeField(label=_("Début"), widget=DATETIME_WIDGET)
    end = forms.DateTimeField(label=_("Fin"), widget=DATETIME_WIDGET, required=False)
    place = forms.CharField(label=_("Lieu"), max_length=200, required=False)
    agenda = forms.CharField(
        label=_("Ordre du jour"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("La fin doit être après le début."))
        return data


class MinutesForm(forms.Form):
    minutes_draft = forms.CharField(
        label=_("Compte rendu"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Mise en forme simple : **gras**, *italique*, listes avec « - ». "
            "Il reste un brouillon jusqu'à ce que les membres l'approuvent à la séance suivante."
        ),
    )


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Décision prise"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Écrivez la décision prise.")},
    )


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["title", "owner", "due_on", "status", "decided_in"]
        widgets = {"due_on": DATE_WIDGET}
        error_messages = {
            "title": {"required": _("Dites en quelques mots ce qu'il faut faire.")},
            "owner": {
                "required": _("Indiquez qui s'en charge : une action a une personne responsable.")
            },
            "due_on": {
                "required": _("Indiquez pour quand : une action a une échéance."),
                "invalid": _("Indiquez une date valide, par exemple 15/03/2000."),
            },
        }

    def __init__(self, *args, group: WorkingGroup, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = action_owner_choices(group)
        self.fields["owner"].empty_label = _("— choisir —")
        self.fields["decided_in"].queryset = group.sessions.select_related("gathering")
        self.fields["decided_in"].label_from_instance = session_label


def session_label(session) -> str:
    return timezone.localtime(session.gathering.start).strftime("%d/%m/%Y") + (
        f" — {session.gathering.title}"
    )


class ProposalForm(forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["title", "addressee", "body", "decided_in", "outcome"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 8}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, group: WorkingGroup, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["addressee"].queryset = Organisation.objects.order_by("name")
        self.fields["addressee"].label_from_instance = lambda org: org.name
        self.fields["decided_in"].queryset = group.sessions.select_related("gathering")
        self.fields["decided_in"].label_from_instance = session_label
        if not self.instance.pk:
            del self.fields["outcome"]


class ProposalStepForm(forms.Form):
    status = forms.ChoiceField(label=_("Nouvelle étape"))
    on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Par exemple : courrier remis au maire, réponse reçue, réunion prévue."),
    )
    outcome = forms.CharField(
        label=_("Résultat (si connu)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, proposal: Proposal, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = next_statuses(proposal)
        self.fields["on"].initial = timezone.localdate()


class DocumentForm(forms.ModelForm):
    class Meta:
        model = ProposalDocument
        fields = ["title", "file"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in DOCUMENT_EXTENSIONS:
            raise forms.ValidationError(
                _("Format non accepté. Joignez un PDF, un document texte ou une image.")
            )
        if upload.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(_("Fichier trop lourd (10 Mo au plus)."))
        return upload
