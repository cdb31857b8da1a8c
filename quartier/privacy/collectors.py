"""What people and gatherings hold about a person, for the export (registered in apps.py).

They live here rather than in a `personal_data.py` of people and gatherings so that those apps
need no change; later apps declare theirs in their own `personal_data.py` (see registry.py).
"""

from __future__ import annotations

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quartier.people.models import Person
from quartier.privacy.models import AuditEvent

PERSON_FIELDS = [
    "display_name",
    "kind",
    "organisation",
    "territory",
    "phone",
    "email",
    "languages",
    "first_met_on",
    "created_at",
    "anonymised_at",
]


def _label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name).capitalize()


def _display(instance, name: str) -> object:
    field = instance._meta.get_field(name)
    if field.choices:
        return getattr(instance, f"get_{name}_display")()
    value = getattr(instance, name)
    if field.is_relation:
        return str(value) if value is not None else None
    return value


def person_record(person: Person) -> list[dict]:
    record = {_label(Person, name): _display(person, name) for name in PERSON_FIELDS}
    record[_("Identifiant")] = person.pk
    return [record]


def consents(person: Person) -> list[dict]:
    return [
        {
            _("Objet"): consent.get_purpose_display(),
            _("Donné le"): consent.given_on,
            _("Comment"): consent.get_means_display(),
            _("Retiré le"): consent.withdrawn_on,
        }
        for consent in person.consents.all()
    ]


def user_account(person: Person) -> list[dict]:
    user = getattr(person, "user", None)
    if user is None:
        return []
    return [
        {
            _("Identifiant de connexion"): user.username,
            _("Prénom"): user.first_name,
            _("Nom"): user.last_name,
            _("Courriel"): user.email,
            _("Rôle"): user.get_role_display(),
            _("Actif"): user.is_active,
            _("Créé le"): user.date_joined,
            _("Dernière connexion"): user.last_login,
        }
    ]


def attendances(person: Person) -> list[dict]:
    return [
        {
            _("Rencontre"): attendance.gathering.title,
            _("Type"): attendance.gathering.get_kind_display(),
            _("Date"): attendance.gathering.start,
            _("Lieu"): attendance.gathering.place,
            _("Rôle"): attendance.get_role_display(),
        }
        for attendance in person.attendances.select_related("gathering").order_by(
            "gathering__start"
        )
    ]


def accesses(person: Person) -> list[dict]:
    """Who consulted or changed the record: the person has a right to know (by role, not name)."""
    events = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_id=str(person.pk)
    ).select_related("user")
    return [
        {
            _("Date"): event.at,
            _("Action"): event.get_action_display(),
            _("Par"): event.user.get_role_display() if event.user else _("le système"),
        }
        for event in events
    ]


def forget_admin_history(person: Person) -> None:
    """Django admin's own history stores the name as it was: replace it with the pseudonym."""
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_id=str(person.pk)
    ).update(object_repr=f"{Person._meta.verbose_name} n°{person.pk}", change_message="")


def register_builtin() -> None:
    from quartier.privacy.registry import register_erasure_hook, register_personal_data

    register_personal_data(gettext_lazy("Fiche"), person_record)
    register_personal_data(gettext_lazy("Consentements"), consents)
    register_personal_data(gettext_lazy("Compte de connexion"), user_account)
    register_personal_data(gettext_lazy("Présences aux rencontres"), attendances)
    register_personal_data(gettext_lazy("Consultations et modifications de la fiche"), accesses)
    register_erasure_hook(forget_admin_history)


# --- every other record that points at the person ---------------------------------------------

# Models the sections above already cover, or that hold no data about the person themselves.
COVERED_MODELS = {
    "people.person",
    "people.consent",
    "people.user",
    "gatherings.attendance",
    "privacy.auditevent",
}
MAX_RECORDS = 1000


def other_records(person: Person, covered: set[str] = frozenset()) -> list[tuple[str, list[dict]]]:
    """A section per model of any app that points at the person (foreign key, one-to-one or
    many-to-many) and declared no collector of its own: the export holds everything, also for
    apps added later. Another person linked to the same record is never named."""
    from django.apps import apps
    from django.db.models import Q

    sections = []
    for model in apps.get_models():
        if model._meta.label_lower in COVERED_MODELS | set(covered):
            continue
        links = [
            f
            for f in model._meta.get_fields()
            if f.concrete and f.is_relation and f.related_model is Person
        ]
        if not links:
            continue
        condition = Q()
        for link in links:
            condition |= Q(**{link.name: person})
        rows = model._base_manager.filter(condition).distinct().order_by("pk")[:MAX_RECORDS]
        records = [_record(obj, person) for obj in rows]
        if records:
            sections.append((str(model._meta.verbose_name_plural).capitalize(), records))
    return sections


def _record(obj, person: Person) -> dict:
    from quartier.people.models import User

    record: dict[str, object] = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key:
            continue
        label = str(field.verbose_name).capitalize()
        if field.is_relation:
            related_id = getattr(obj, field.attname)
            if field.related_model is Person:
                value = (
                    _("cette personne")
                    if related_id == person.pk
                    else (_("une autre personne") if related_id else None)
                )
            elif field.related_model is User:
                user = getattr(obj, field.name)
                value = user.get_role_display() if user else None  # the team by role, not name
            else:
                value = str(getattr(obj, field.name)) if related_id is not None else None
        elif field.choices:
            value = getattr(obj, f"get_{field.name}_display")()
        else:
            value = getattr(obj, field.attname)
            if hasattr(value, "name") and hasattr(value, "url"):  # an uploaded file
                value = value.name or None
        record[label] = value
    for field in obj._meta.many_to_many:
        if field.related_model is Person:
            ids = set(getattr(obj, field.name).values_list("pk", flat=True))
            record[str(field.verbose_name).capitalize()] = (
                _("cette personne") if person.pk in ids else None
            )
    return record
