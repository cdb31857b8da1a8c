"""The object-level rule of consultations at its edges: a resident reads a restitution only
once the team has published it, and only that consultation's; the team reads it before."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from quartier.consultation.models import Consultation
from quartier.testing.factories import make_user

pytestmark = pytest.mark.django_db

TEAM_PERMS = [
    "consultation.view_consultation",
    "consultation.view_contribution",
    "consultation.moderate_contribution",
    "consultation.curate_themes",
    "consultation.publish_restitution",
]


@pytest.fixture
def resident(db):
    return make_user("resident", username="aicha")


def test_an_unpublished_restitution_is_hidden_from_residents(consultation, resident):
    assert not consultation.restitution_published
    assert not resident.has_perm("consultation.view_restitution", consultation)


def test_a_published_restitution_is_read_by_residents(consultation, resident):
    consultation.restitution_published = True
    assert resident.has_perm("consultation.view_restitution", consultation)
    # Reading it is all: the team's pages and publishing stay closed.
    assert not any(resident.has_perm(perm, consultation) for perm in TEAM_PERMS)


def test_publishing_one_restitution_opens_no_other(consultation, resident, territory):
    other = Consultation.objects.create(
        title="Le marché", territory=territory, period_start=dt.date(2000, 1, 1)
    )
    consultation.restitution_published = True
    assert resident.has_perm("consultation.view_restitution", consultation)
    assert not resident.has_perm("consultation.view_restitution", other)
    assert not resident.has_perm("consultation.view_restitution", None)


def test_the_team_reads_the_restitution_before_it_is_published(consultation):
    for role in ("administrator", "professional", "volunteer"):
        user = make_user(role, username=f"{role}-team")
        assert user.has_perm("consultation.view_restitution", consultation), role
        assert all(user.has_perm(perm, consultation) for perm in TEAM_PERMS), role


def test_no_account_reads_even_a_published_restitution(consultation):
    """Anonymous visitors get the public form only: the restitution names consenting people."""
    consultation.restitution_published = True
    assert not AnonymousUser().has_perm("consultation.view_restitution", consultation)
