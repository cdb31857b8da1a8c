"""`quartier retention`: residents not seen for the retention period are anonymised."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from quartier.gatherings.models import Attendance, Gathering
from quartier.people.models import Consent, Organisation, Person
from quartier.privacy.models import AuditEvent
from quartier.testing.factories import make_user

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def _person(name, *, age_days=2000, **extra):
    person = Person.objects.create(display_name=name, **extra)
    Person.objects.filter(pk=person.pk).update(created_at=NOW - dt.timedelta(days=age_days))
    return person


def _gathering(territory, days_ago):
    return Gathering.objects.create(
        kind=Gathering.Kind.PUBLIC_MEETING,
        title=f"Réunion il y a {days_ago} jours",
        start=NOW - dt.timedelta(days=days_ago),
        territory=territory,
    )


def _run(*args):
    out = io.StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def people(territory):
    old_meeting, recent_meeting = _gathering(territory, 1500), _gathering(territory, 100)
    gone = _person("Parti Depuis Longtemps", territory=territory)
    Attendance.objects.create(gathering=old_meeting, person=gone)
    came_back = _person("Revenu Récemment", territory=territory)
    Attendance.objects.create(gathering=old_meeting, person=came_back)
    Attendance.objects.create(gathering=recent_meeting, person=came_back)
    new = _person("Nouveau Venu", age_days=10, territory=territory)
    pro = _person(
        "Claire Professionnelle",
        kind=Person.Kind.PROFESSIONAL,
        organisation=Organisation.objects.create(name="CAF"),
    )
    with_account = _person("Habitant Connecté")
    make_user("resident", username="connecte", person=with_account)
    consented = _person("Consentement Récent")
    Consent.objects.create(
        person=consented,
        purpose="contact",
        means="oral",
        given_on=timezone.localdate() - dt.timedelta(days=30),
    )
    return {
        "gone": gone,
        "came_back": came_back,
        "new": new,
        "pro": pro,
        "with_account": with_account,
        "consented": consented,
        "old_meeting": old_meeting,
    }


def test_dry_run_changes_nothing(people):
    out = _run("--dry-run")
    assert f"Personne n°{people['gone'].pk} : serait anonymisée" in out
    assert "Essai, rien n'a été modifié : 1 personne à anonymiser" in out
    assert "Parti" not in out  # numbers only in cron mail
    assert Person.objects.get(pk=people["gone"].pk).anonymised_at is None


def test_only_residents_not_seen_are_anonymised_once(people):
    headcount = people["old_meeting"].attendances.count()
    out = _run()
    assert "1 personne anonymisée" in out
    anonymised = set(
        Person.objects.filter(anonymised_at__isnull=False).values_list("pk", flat=True)
    )
    assert anonymised == {people["gone"].pk}
    assert people["old_meeting"].attendances.count() == headcount
    event = AuditEvent.objects.get(action="anonymise")
    assert event.user is None and event.detail["reason"] == "retention"
    # Safe to run every day: nothing more the second time.
    assert _run().startswith("0 personne")
    assert AuditEvent.objects.filter(action="anonymise").count() == 1


def test_days_option_and_an_inactive_account(people):
    people["with_account"].user.is_active = False
    people["with_account"].user.save()
    _run("--days", "50")
    anonymised = set(
        Person.objects.filter(anonymised_at__isnull=False).values_list("pk", flat=True)
    )
    # At 50 days "came back 100 days ago" is gone too; a deactivated account no longer protects;
    # a consent given 30 days ago counts as seen.
    assert anonymised == {
        people["gone"].pk,
        people["came_back"].pk,
        people["with_account"].pk,
    }
    assert Person.objects.get(pk=people["pro"].pk).anonymised_at is None
    assert Person.objects.get(pk=people["new"].pk).anonymised_at is None


def test_routine_audit_events_are_purged_but_proof_is_kept(people):
    old = NOW - dt.timedelta(days=400)
    AuditEvent.objects.create(action="view", at=old)
    AuditEvent.objects.create(action="consent_withdrawn", at=old)
    AuditEvent.objects.create(action="view")
    _run()
    assert set(AuditEvent.objects.values_list("action", flat=True)) == {
        "consent_withdrawn",
        "view",
        "anonymise",
    }
    assert AuditEvent.objects.filter(action="view").count() == 1


def test_zero_days_is_refused(people):
    with pytest.raises(CommandError, match="nombre de jours positif"):
        _run("--days", "0")


def test_a_recent_contribution_or_a_current_group_counts_as_being_seen(territory):
    from quartier.consultation.models import Consultation, Contribution
    from quartier.groups import services as groups
    from quartier.privacy.services import retention_candidates

    contributor = _person("Contributrice Récente", territory=territory)
    member = _person("Membre Actuel", territory=territory)
    former = _person("Ancien Membre", territory=territory)
    silent = _person("Silencieux", territory=territory)
    consultation = Consultation.objects.create(
        title="Mieux vivre", territory=territory, period_start=dt.date(2026, 1, 1)
    )
    Contribution.objects.create(
        consultation=consultation,
        text="Un banc",
        author=contributor,
        said_on=timezone.localdate() - dt.timedelta(days=200),
    )
    Contribution.objects.create(
        consultation=consultation,
        text="Il y a longtemps",
        author=silent,
        said_on=timezone.localdate() - dt.timedelta(days=1500),
    )
    Contribution.objects.filter(author=silent).update(created_at=NOW - dt.timedelta(days=1500))
    group = groups.create_group(name="Les jeunes", mandate="Un club", territory=territory)
    groups.add_member(group, member, on=timezone.localdate() - dt.timedelta(days=1500))
    left = groups.add_member(group, former, on=timezone.localdate() - dt.timedelta(days=1500))
    left.left_on = timezone.localdate() - dt.timedelta(days=1400)
    left.save(update_fields=["left_on"])
    candidates = set(retention_candidates(1095).values_list("pk", flat=True))
    assert contributor.pk not in candidates and member.pk not in candidates
    assert {former.pk, silent.pk} <= candidates
