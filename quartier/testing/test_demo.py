"""The copy of the demo story that tests stand on is the story a build writes."""

from __future__ import annotations

import pytest
from django.db import transaction

from quartier.demo.story import build_accounts, build_partners, build_people
from quartier.people.models import Person, Territory
from quartier.testing import demo

pytestmark = pytest.mark.django_db

FIRST_STEPS = (build_partners, build_people, build_accounts)


def _everything() -> dict[str, list[tuple]]:
    return {table.name: demo._rows(table) for table in demo._tables()}


def _load_then_roll_back(steps=FIRST_STEPS) -> tuple[dict[str, list[tuple]], object]:
    with transaction.atomic():
        story = demo.load_demo(steps=steps)
        rows = _everything()
        # Ids go on after the copied rows: a new person gets one of its own.
        Person.objects.create(display_name="Nouvelle venue", territory=story.territory)
        transaction.set_rollback(True)
    return rows, story


@pytest.mark.slow  # the whole story, built once
def test_the_copy_holds_the_rows_the_build_wrote(monkeypatch):
    """The whole story: the rows under the database's triggers (an attendance's copy of its
    date, the guard of a closed year of accounts) come back as they were written."""
    monkeypatch.setattr(demo, "_snapshots", {})
    built_rows, built = _load_then_roll_back(steps=None)
    assert built_rows["people_person"] and built_rows["gatherings_attendance"]

    def must_not_build(*args, **kwargs):
        raise AssertionError("a copy was expected, not a build")

    monkeypatch.setattr(demo, "build_demo", must_not_build)
    copied_rows, copied = _load_then_roll_back(steps=None)
    assert copied_rows == built_rows
    assert copied is not built
    assert [p.pk for p in copied.residents] == [p.pk for p in built.residents]
    assert copied.territory.slug == built.territory.slug


def test_a_database_that_is_not_as_before_gets_a_real_build(monkeypatch):
    monkeypatch.setattr(demo, "_snapshots", {})
    _load_then_roll_back()
    builds = []
    real_build = demo.build_demo

    def counted_build(*args, **kwargs):
        builds.append(args)
        return real_build(*args, **kwargs)

    monkeypatch.setattr(demo, "build_demo", counted_build)
    Territory.objects.create(name="Ailleurs", slug="ailleurs", town="Gien")
    story = demo.load_demo(steps=FIRST_STEPS)
    assert len(builds) == 1
    slugs = set(Territory.objects.values_list("slug", flat=True))
    assert slugs == {"ailleurs", story.territory.slug}
