"""Personal-data rules: audit log, export, erasure by anonymisation, consent, retention.

Views, commands and tests call these functions; each write is atomic and audited.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quartier.people.models import Consent, Person, User
from quartier.people.services import has_active_consent
from quartier.privacy.collectors import (
    blank_on_withdrawal,
    collect_personal_data,
    erase_records,
    seen_since,
)
from quartier.privacy.models import AuditEvent

Action = AuditEvent.Action


def target_label(target: models.Model) -> str:
    """'Personne n°12': says what was touched without saying who."""
    return f"{str(target._meta.verbose_name).capitalize()} n°{target.pk}"


def audit(user, action: str, target: models.Model | None = None, **detail) -> AuditEvent:
    """Write one audit event. `detail` must hold no name or sensitive value (field names, ids)."""
    event = AuditEvent(action=action, detail=detail)
    if user is not None and getattr(user, "is_authenticated", False):
        event.user = user
        event.user_repr = user.get_username()
    if target is not None:
        event.content_type = ContentType.objects.get_for_model(target)
        event.object_id = str(target.pk)
        event.target_repr = target_label(target)
    event.save()
    return event


def audit_from_signal(sender, *, user, action, target, detail, **kwargs) -> None:
    """Receiver of quartier.core.audit.audit_requested: the apps below privacy send it."""
    audit(user, action, target, **detail)


# --- Export ------------------------------------------------------------------------------------


def export_data(person: Person) -> dict:
    """Everything quartier holds about `person`, section by section (see registry.py)."""
    return {
        "personne": person.pk,
        "genere_le": timezone.now(),
        "sections": [
            {"titre": label, "donnees": records}
            for label, records in collect_personal_data(person, limit=None)
        ],
    }


def export_json(person: Person) -> bytes:
    return json.dumps(
        export_data(person), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    ).encode("utf-8")


# --- Erasure -----------------------------------------------------------------------------------


def pseudonym(person: Person) -> str:
    """Stable and unique, so reports still count this person once, under no name."""
    return _("Personne anonymisée n°%(id)s") % {"id": person.pk}


def anonymise_person(person: Person, *, by=None, reason: str = "request") -> bool:
    """Replace everything that identifies `person`, keep what reports count.

    What changes is what each app declares in its `personal_data.py` (`erasure` rules and
    hooks): the name becomes a pseudonym, contact details go, consents are closed, a log-in is
    closed; records are kept under the pseudonym so reports still count. Everything runs in one
    transaction: if any step fails, nothing is erased. Returns False when the person was
    already anonymised.
    """
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.anonymised_at is not None:
            return False
        had_account = User.objects.filter(person=person).exists()
        erase_records(person, pseudonym(person))
        Person.objects.filter(pk=person.pk).update(anonymised_at=timezone.now())
        person.refresh_from_db()
        audit(
            by,
            Action.ERASE if reason == "request" else Action.ANONYMISE,
            person,
            reason=reason,
            account_closed=had_account,
        )
    return True


# --- Consent -----------------------------------------------------------------------------------

# What withdrawing each purpose hides: shown before confirming, written in docs/security.md.
WITHDRAWAL_EFFECTS = {
    Consent.Purpose.CONTACT: gettext_lazy(
        "Le téléphone et le courriel de la personne seront effacés : plus personne ne pourra "
        "la contacter par quartier."
    ),
    Consent.Purpose.ATTENDANCE: gettext_lazy(
        "Son nom ne sera plus affiché sur les listes de présence (« Personne (consentement "
        "retiré) ») ; les comptages de participants restent justes."
    ),
    Consent.Purpose.CONTRIBUTIONS: gettext_lazy(
        "Ses paroles ne seront plus citées sous son nom dans les restitutions : elles restent, "
        "anonymes."
    ),
    Consent.Purpose.PHOTOS: gettext_lazy("Ses photographies ne devront plus être utilisées."),
    Consent.Purpose.EVALUATION: gettext_lazy(
        "Les étapes de son parcours, ses témoignages et ses réponses au questionnaire ne "
        "seront plus liés à son nom : ses mots et ses réponses sont effacés, seuls des "
        "comptages anonymes restent."
    ),
}


def withdrawal_effect(purpose: str) -> str:
    return str(WITHDRAWAL_EFFECTS.get(purpose, ""))


def record_consent(person: Person, *, purpose: str, given_on: dt.date, means: str, by=None):
    with transaction.atomic():
        consent = Consent.objects.create(
            person=person, purpose=purpose, given_on=given_on, means=means
        )
        audit(by, Action.CONSENT_GIVEN, person, purpose=purpose, consent=consent.pk)
    return consent


def withdraw_consent(consent: Consent, *, by=None, on: dt.date | None = None) -> Consent:
    """Close the consent and apply what its withdrawal hides (see WITHDRAWAL_EFFECTS)."""
    with transaction.atomic():
        consent = Consent.objects.select_for_update().get(pk=consent.pk)
        if consent.withdrawn_on is not None:
            return consent
        consent.withdrawn_on = on or timezone.localdate()
        consent.save(update_fields=["withdrawn_on"])
        person = consent.person
        blanked = []
        if not has_active_consent(person, consent.purpose):
            blanked = blank_on_withdrawal(person, consent.purpose)
        audit(
            by,
            Action.CONSENT_WITHDRAWN,
            person,
            purpose=consent.purpose,
            consent=consent.pk,
            blanked=blanked,
        )
    return consent


# --- Retention ---------------------------------------------------------------------------------


def retention_candidates(days: int, *, now: dt.datetime | None = None) -> QuerySet[Person]:
    """Residents not seen for `days`: no record of any app says they were around since (each
    app's `personal_data.py` declares what does: recorded or first met, an attendance, a
    consent, a contribution, a current membership of a working group...).

    Never professionals or volunteers, never someone with an active log-in, never twice.
    """
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    candidates = Person.objects.filter(
        kind=Person.Kind.RESIDENT, anonymised_at__isnull=True
    ).exclude(user__is_active=True)
    for seen in seen_since(cutoff):
        candidates = candidates.exclude(seen)
    return candidates.order_by("pk")


@dataclass
class RetentionReport:
    anonymised: list[int]
    audit_events_deleted: int = 0


# Routine events only: erasures, consents and restores are proof and are kept.
ROUTINE_ACTIONS = [Action.VIEW, Action.EXPORT, Action.LOGIN_FAILED, Action.LOGIN_BLOCKED]


def apply_retention(
    days: int,
    *,
    audit_days: int | None = None,
    dry_run: bool = False,
    now: dt.datetime | None = None,
) -> RetentionReport:
    now = now or timezone.now()
    ids = list(retention_candidates(days, now=now).values_list("pk", flat=True))
    report = RetentionReport(anonymised=ids)
    old_events = AuditEvent.objects.none()
    if audit_days:
        old_events = AuditEvent.objects.filter(
            action__in=ROUTINE_ACTIONS, at__lt=now - dt.timedelta(days=audit_days)
        )
    if dry_run:
        report.audit_events_deleted = old_events.count()
        return report
    for person in Person.objects.filter(pk__in=ids):
        anonymise_person(person, reason="retention")
    report.audit_events_deleted = old_events.delete()[0] if audit_days else 0
    return report
