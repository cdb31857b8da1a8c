"""What the people app holds about a person: their record, their consents, their log-in.

See quartier.core.personal_data for how a declaration is read (export, erasure, withdrawal).
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from quartier.core.personal_data import BLANK, PSEUDONYM, Declaration
from quartier.people.models import Consent


def anonymised_username(user_pk: int) -> str:
    return f"compte-anonymise-{user_pk}"


def _forget_accounts(accounts, person) -> None:
    """A log-in cannot be blanked field by field: it is closed, unlinked and renamed."""
    for user in accounts:
        user.is_active = False
        user.person = None
        user.first_name = user.last_name = user.email = ""
        user.username = anonymised_username(user.pk)
        user.set_unusable_password()
        user.save()


def _close_consents(consents, person) -> None:
    """Consent rows stay as proof of what was agreed and when; none stays active."""
    from django.utils import timezone

    consents.filter(withdrawn_on__isnull=True).update(withdrawn_on=timezone.localdate())


PERSONAL_DATA = [
    Declaration(
        model="people.Person",
        label=_("Fiche"),
        subjects=("pk",),
        exported=(
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
        ),
        left_out={
            "search_name": "the name folded for search: the same as display_name",
        },
        erasure={
            "display_name": PSEUDONYM,
            "phone": BLANK,
            "email": BLANK,
            "languages": BLANK,
        },
        # Without a contact consent nobody may call or write: the details themselves go.
        withdrawal={Consent.Purpose.CONTACT: ("phone", "email")},
        # Recorded or first met recently: too new to be forgotten.
        seen_since=lambda cutoff: Q(created_at__gte=cutoff) | Q(first_met_on__gte=cutoff.date()),
    ),
    Declaration(
        model="people.Consent",
        label=_("Consentements"),
        subjects=("person",),
        exported=("purpose", "given_on", "means", "withdrawn_on"),
        left_out={},
        erasure_hook=_close_consents,
        seen_since=lambda cutoff: Q(given_on__gte=cutoff.date()),
        order_by=("purpose", "given_on", "pk"),
    ),
    Declaration(
        model="people.User",
        label=_("Compte de connexion"),
        subjects=("person",),
        exported=(
            "username",
            "first_name",
            "last_name",
            "email",
            "role",
            "organisation",
            "is_active",
            "date_joined",
            "last_login",
        ),
        left_out={
            "password": "a one-way hash: of no use to the person, a risk if copied",
            "is_superuser": "a technical right, said in plain words by role",
            "is_staff": "a technical right, said in plain words by role",
            "groups": "Django permission groups: unused, rights come from the role",
            "user_permissions": "Django permissions: unused, rights come from the role",
        },
        erasure_hook=_forget_accounts,
    ),
]
