"""A person's export holds every record of every app that points at them, also for apps that
declare no `personal_data.py`, without naming anyone else; erasure leaves no name behind."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.apps import apps

from quartier.consultation.models import Consultation, Contribution
from quartier.groups import services as groups
from quartier.people.models import Person
from quartier.privacy.collectors import COVERED_MODELS, other_records
from quartier.privacy.services import anonymise_person, export_json
from quartier.testing.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def aicha(territory):
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


def test_records_of_apps_without_a_collector_are_in_the_export(aicha):
    data = json.loads(export_json(aicha))
    text = json.dumps(data, ensure_ascii=False)
    assert "Un banc près de l'école" in text
    assert "Les jeunes" in text
    # Nothing about the other author or member, and the team by role, not by name.
    assert "Karim" not in text and "claire" not in text


def test_every_model_pointing_at_a_person_is_exported_somewhere(aicha):
    """A new model with a link to Person is covered by a collector or by the generic sections."""
    sections = dict(other_records(aicha))
    for model in apps.get_models():
        links = [f for f in model._meta.get_fields() if f.concrete and f.is_relation]
        if model._meta.label_lower in COVERED_MODELS or not any(
            f.related_model is Person for f in links
        ):
            continue
        filters = [{f.name: aicha} for f in links if f.related_model is Person]
        if any(model._base_manager.filter(**f).exists() for f in filters):
            label = str(model._meta.verbose_name_plural).capitalize()
            assert sections.get(label), label


def test_erasure_leaves_the_records_but_not_the_name(aicha):
    anonymise_person(aicha)
    aicha.refresh_from_db()
    text = export_json(aicha).decode()
    assert "Aïcha" not in text and "Benali" not in text
    assert "Un banc près de l'école" in text  # what was said stays, anonymous
