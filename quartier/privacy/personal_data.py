"""What privacy itself holds about a person: what their account did (the audit log, Django's
admin history), and who consulted or changed their record."""

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quartier.core.personal_data import Declaration
from quartier.people.models import Person
from quartier.people.personal_data import anonymised_username
from quartier.privacy.models import AuditEvent


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


PERSONAL_DATA = [
    Declaration(
        model="privacy.AuditEvent",
        label=gettext_lazy("Actions de son compte dans le journal"),
        subjects=("user",),
        exported=("at", "action", "target_repr"),
        left_out={
            "user_repr": "the log-in name, already in the account section",
            "content_type": "a technical pointer: « cible » says what was touched",
            "object_id": "a technical pointer: « cible » says what was touched",
            "detail": "field names and ids only, no value",
        },
        # The log keeps what the account did, under the account's new name.
        erasure={"user_repr": lambda event, person: anonymised_username(event.user_id)},
        order_by=("at", "pk"),
    ),
    Declaration(
        model="admin.LogEntry",
        label=gettext_lazy("Actions de son compte dans l'administration"),
        subjects=("user",),
        exported=("action_time", "action_flag"),
        left_out={
            "content_type": "a technical pointer",
            "object_id": "a technical pointer",
            "object_repr": "names the record changed, which may be another person",
            "change_message": "may name another person",
        },
        order_by=("action_time", "pk"),
    ),
]
SECTIONS = [(gettext_lazy("Consultations et modifications de la fiche"), accesses)]
ERASURE_HOOKS = [forget_admin_history]
