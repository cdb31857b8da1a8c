"""The demo's evaluation restates the seed: the CAP de cuisine at 45, a job found, the
« Intermarché » testimony, enough paired questionnaires to show a change, calls noted."""

import pytest
from django.db import transaction

from quartier.demo.story import build_demo
from quartier.evaluation import loneliness, models, path
from quartier.testing.demo import UP_TO_EVALUATION

pytestmark = pytest.mark.django_db


def build():
    """A real build each time (the test is that two give the same), planned on fresh
    statistics after each step as `quartier demo` is: on PostgreSQL, without them, the
    evaluation's queries over tables filled in the same transaction took minutes."""
    return build_demo(steps=UP_TO_EVALUATION)


@pytest.mark.slow  # two builds of twenty-five years of activities
def test_the_demo_restates_the_seeds_path_the_same_each_time():
    def snapshot():
        return (
            list(models.Milestone.objects.values_list("person__display_name", "title", "age")),
            list(
                models.SurveyResponse.objects.order_by("person__search_name", "wave").values_list(
                    "person__display_name", "wave", "lack_companionship", "left_out", "isolated"
                )
            ),
        )

    with transaction.atomic():
        build()
        first = snapshot()
        diploma = models.Milestone.objects.get(kind="diploma")
        assert (diploma.title, diploma.age) == ("CAP de cuisine", 45)
        assert models.Milestone.objects.filter(kind="job").exists()
        (quote,) = path.published_testimonies()
        assert (
            "Intermarché" in quote.quote and quote.attribution == "Co-présidente de l'association"
        )
        change = loneliness.paired_change()
        assert change.shown and change.mean_change < 0
        assert models.FollowUpNote.objects.exists()
        transaction.set_rollback(True)
    assert not models.Milestone.objects.exists()
    build()
    assert snapshot() == first and first[0]
