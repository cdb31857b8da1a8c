"""Fixtures of the association's tests: an association of Les Montoires, its volunteer."""

from __future__ import annotations

import datetime as dt

import pytest

from quartier.association.actions.identity import create_association
from quartier.people.models import Organisation
from quartier.testing.factories import make_user


@pytest.fixture
def volunteer(db):
    return make_user("volunteer", username="benevole")


@pytest.fixture
def association(territory):
    return create_association(
        name="Vivre ensemble aux Montoires",
        object="Rompre l'isolement des habitants du quartier.",
        founded_on=dt.date(2004, 3, 12),
        rna="W452001234",
        siret="",
        registered_office="Local de l'association, bâtiment C, Les Montoires, 45500 Gien",
        territory=territory,
    )


@pytest.fixture
def town(db):
    return Organisation.objects.create(name="Commune de Gien", short_name="Mairie", kind="town")


@pytest.fixture
def departement(db):
    return Organisation.objects.create(
        name="Conseil général du Loiret", short_name="CG", kind="departement"
    )
