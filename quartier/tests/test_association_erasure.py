"""Erasing a member of the association (privacy, at the top of the spine) erases their name and
keeps every figure: the dues rows stay under the pseudonym, the cash-book entries, which never
named them, stay exactly as recorded (the database would refuse any change anyway)."""

from __future__ import annotations

import datetime as dt

import pytest

from quartier.association.actions.identity import create_association
from quartier.association.actions.members import add_member, record_dues
from quartier.association.models import DuesPayment, Entry, EntryLine
from quartier.people.models import Person
from quartier.privacy.collectors import collect_personal_data
from quartier.privacy.services import anonymise_person

pytestmark = pytest.mark.django_db


def test_erasing_a_member_keeps_the_books_unchanged(territory):
    association = create_association(
        name="Vivre ensemble",
        object="Rompre l'isolement",
        founded_on=dt.date(2004, 3, 12),
        rna="W452001234",
        registered_office="Gien",
        territory=territory,
    )
    person = Person.objects.create(display_name="Aïcha Benali", territory=territory)
    member = add_member(association, person=person, joined_on=dt.date(2004, 3, 12))
    record_dues(member, year=2005, amount=1200, paid_on=dt.date(2005, 3, 12), method="cash")
    sections = dict(collect_personal_data(person))
    assert sections["Cotisations"][0]["Montant"].startswith("12,00")
    assert sections["Adhésions à l'association"][0]["Numéro de membre"] == 1
    lines = EntryLine.objects.order_by("pk").values_list("account", "debit", "credit")
    before = list(lines)
    labels = list(Entry.objects.values_list("label", "amount"))

    assert anonymise_person(person)
    person.refresh_from_db()
    assert "Aïcha" not in person.display_name
    assert list(lines.all()) == before
    assert list(Entry.objects.values_list("label", "amount")) == labels
    assert DuesPayment.objects.get().member.person == person  # the pseudonym, counted still
