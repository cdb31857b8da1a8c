"""A person's export holds the records every app declares, without naming anyone else; erasure
leaves no name behind; and no model can hold personal data without a declaration that sorts
every one of its fields (quartier.core.personal_data)."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import pytest
from django.apps import apps
from django.db import models
from django.utils.functional import Promise

from quartier.consultation.models import Consultation, Contribution
from quartier.core.personal_data import Declaration, unknown_fields, unsorted_fields
from quartier.groups import services as groups
from quartier.people.models import Person
from quartier.privacy import registry
from quartier.privacy.collectors import collect_personal_data, field_label
from quartier.privacy.services import anonymise_person, export_json
from quartier.testing.factories import make_user


def _models_holding_personal_data() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if registry.holds_personal_data(m)]


def test_every_model_holding_personal_data_is_declared_once():
    """A model that is Person or User, or points at either, needs a declaration in its app's
    personal_data.py: a new app or model cannot forget it."""
    declared = Counter(apps.get_model(d.model) for d in registry.declarations())
    missing = [m._meta.label for m in _models_holding_personal_data() if m not in declared]
    assert not missing, f"no personal_data.py declaration for: {', '.join(missing)}"
    twice = [m._meta.label for m, n in declared.items() if n > 1]
    assert not twice, f"declared more than once: {', '.join(twice)}"


@pytest.mark.parametrize("declaration", registry.declarations(), ids=lambda d: d.model)
def test_every_field_is_exported_or_left_out_with_a_reason(declaration: Declaration):
    """Adding a column to a declared model fails here until its app's personal_data.py says
    whether the export shows it, or why not."""
    assert not unsorted_fields(declaration), (
        f"{declaration.model}: fields neither exported nor left out: "
        f"{', '.join(unsorted_fields(declaration))}"
    )
    assert not unknown_fields(declaration), (
        f"{declaration.model}: no such field: {', '.join(unknown_fields(declaration))}"
    )
    assert all(reason.strip() for reason in declaration.left_out.values())
    for name in declaration.subjects:
        if name != "pk":
            target = declaration.model_class._meta.get_field(name).related_model
            assert target in (Person, apps.get_model("people", "User")), (declaration.model, name)


@pytest.mark.parametrize(
    "declaration", [d for d in registry.declarations() if d.exported], ids=lambda d: d.model
)
def test_every_exported_label_is_written_in_french(declaration: Declaration):
    """Labels come from verbose names: one Django made up from the field name is English, a
    translatable one was written by someone."""
    for path in declaration.exported:
        model = declaration.model_class
        *heads, last = path.split("__")
        for head in heads:
            model = model._meta.get_field(head).related_model
        verbose_name = model._meta.get_field(last).verbose_name
        assert isinstance(verbose_name, Promise), (
            f"{declaration.model}.{path}: no translatable verbose name ({field_label(model, last)})"
        )


def test_a_new_field_that_no_declaration_sorts_is_caught():
    """The check above would fail on a column added without a word in personal_data.py."""
    person_declaration = next(d for d in registry.declarations() if d.model == "people.Person")
    field = models.CharField("situation familiale", max_length=40, blank=True)
    field.contribute_to_class(Person, "family_situation")
    try:
        assert unsorted_fields(person_declaration) == ["family_situation"]
    finally:
        Person._meta.local_fields.remove(field)
        Person._meta._expire_cache()
        delattr(Person, "family_situation")
    assert unsorted_fields(person_declaration) == []


@pytest.fixture
def aicha(db, territory):
    aicha = Person.objects.create(display_name="Aïcha Benali", territory=territory)
    karim = Person.objects.create(display_name="Karim Ouali", territory=territory)
    claire = make_user("professional", username="claire")
    consultation = Consultation.objects.create(
        title="Mieux vivre", territory=territory, period_start=dt.date(2026, 1, 1)
    )
    Contribution.objects.create(
        consultation=consultation, text="Un banc près de l'école", author=aicha, entered_by=claire
    )
    Contribution.objects.create(consultation=consultation, text="Parole de Karim", author=karim)
    group = groups.create_group(name="Les jeunes", mandate="Un club", territory=territory)
    groups.add_member(group, aicha)
    groups.add_member(group, karim)
    return aicha


def test_records_of_every_app_are_in_the_export(aicha):
    sections = dict(collect_personal_data(aicha))
    assert [c["Texte"] for c in sections["Contributions"]] == ["Un banc près de l'école"]
    assert [m["Groupe"] for m in sections["Groupes de travail"]] == ["Les jeunes"]
    text = json.dumps(json.loads(export_json(aicha)), ensure_ascii=False)
    # Nothing about the other author or member, and the team by role, not by name.
    assert "Karim" not in text and "claire" not in text


def test_yes_and_no_read_as_words(aicha):
    user = make_user("resident", username="aicha", person=aicha)
    account = dict(collect_personal_data(aicha))["Compte de connexion"][0]
    assert account["Actif"] == "oui"
    user.is_active = False
    user.save()
    assert dict(collect_personal_data(aicha))["Compte de connexion"][0]["Actif"] == "non"


def test_erasure_leaves_the_records_but_not_the_name(aicha):
    anonymise_person(aicha)
    aicha.refresh_from_db()
    text = export_json(aicha).decode()
    assert "Aïcha" not in text and "Benali" not in text
    assert "Un banc près de l'école" in text  # what was said stays, anonymous
