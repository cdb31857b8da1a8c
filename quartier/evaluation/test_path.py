"""A person's path needs their consent; the loneliness score and its paired change, shown only
as an aggregate and never below 11 respondents."""

import datetime as dt

import pytest

from quartier.evaluation import loneliness, models, path
from quartier.people.models import Consent, Person

pytestmark = pytest.mark.django_db


def agree(person):
    Consent.objects.create(person=person, purpose="evaluation", means="oral")


def test_no_milestone_without_the_persons_consent(aicha):
    with pytest.raises(path.NoConsent):
        path.add_milestone(aicha, kind="diploma", happened_on=dt.date(2008, 6, 30), title="CAP")
    agree(aicha)
    milestone = path.add_milestone(
        aicha, kind="diploma", happened_on=dt.date(2008, 6, 30), title="CAP de cuisine", age=45
    )
    assert milestone.territory == aicha.territory
    assert path.milestones_per_year() == [(2008, {"diploma": 1})]


def test_a_withdrawn_consent_stops_new_records(aicha):
    Consent.objects.create(
        person=aicha, purpose="evaluation", means="oral", withdrawn_on=dt.date(2020, 1, 1)
    )
    with pytest.raises(path.NoConsent):
        path.record_survey(aicha, wave="before", lack_companionship=3, left_out=3, isolated=3)


def test_a_testimony_is_published_only_with_a_dated_agreement(aicha):
    agree(aicha)
    with pytest.raises(Exception, match="accepté la publication"):
        path.add_testimony(
            aicha,
            quote="Je ne connaissais qu'Intermarché",
            said_on=dt.date(2005, 1, 1),
            publication="named",
        )
    private = path.add_testimony(aicha, quote="Pour nous", said_on=dt.date(2005, 1, 1))
    published = path.add_testimony(
        aicha,
        quote="Je ne connaissais qu'Intermarché",
        said_on=dt.date(2005, 1, 1),
        publication="anonymous",
        publication_agreed_on=dt.date(2005, 1, 2),
    )
    assert list(path.published_testimonies()) == [published]
    assert not private.is_published and models.Testimony.objects.count() == 2


@pytest.mark.parametrize(("answers", "expected"), [((1, 1, 1), 3), ((3, 3, 3), 9), ((1, 2, 3), 6)])
def test_the_score_is_the_sum_of_three_answers_from_3_to_9(answers, expected):
    assert loneliness.score(*answers) == expected
    response = models.SurveyResponse(
        lack_companionship=answers[0], left_out=answers[1], isolated=answers[2]
    )
    assert response.score == expected


def test_an_answer_outside_1_to_3_is_refused():
    with pytest.raises(ValueError):
        loneliness.score(0, 2, 3)
    assert models.SurveyResponse(lack_companionship=1, left_out=None, isolated=2).score is None


def surveyed(territory, count):
    for index in range(count):
        person = Person.objects.create(display_name=f"Personne {index}", territory=territory)
        agree(person)
        path.record_survey(person, wave="before", lack_companionship=3, left_out=2, isolated=3)
        after = 1 if index % 2 else 3  # half of them feel much less left out
        path.record_survey(
            person, wave="after", lack_companionship=after, left_out=2, isolated=after
        )
    # Someone who answered only before is not in the pairs.
    lone = Person.objects.create(display_name="Avant seulement", territory=territory)
    agree(lone)
    path.record_survey(lone, wave="before", lack_companionship=1, left_out=1, isolated=1)


def test_below_eleven_pairs_the_change_is_hidden_as_n_below_11(territory):
    surveyed(territory, 10)
    change = loneliness.paired_change()
    assert change.respondents == 10
    assert (change.shown, change.mean_change, change.mean_before) == (False, None, None)
    assert change.describe() == "n < 11"


def test_from_eleven_pairs_the_mean_change_is_shown(territory):
    surveyed(territory, 12)
    change = loneliness.paired_change()
    # Before: 8 for all. After: 4 for the six odd ones, 8 for the six even: mean 6.
    assert (change.respondents, change.mean_before, change.mean_after) == (12, 8.0, 6.0)
    assert (change.mean_change, change.improved, change.describe()) == (-2.0, 6, "n = 12")


def test_the_threshold_is_a_setting(territory, settings):
    settings.QUARTIER_MIN_COUNT = 5
    surveyed(territory, 6)
    assert loneliness.paired_change().shown


def test_taking_the_questionnaire_again_replaces_the_answers(aicha):
    agree(aicha)
    path.record_survey(aicha, wave="before", lack_companionship=3, left_out=3, isolated=3)
    path.record_survey(aicha, wave="before", lack_companionship=1, left_out=3, isolated=3)
    assert models.SurveyResponse.objects.get().score == 7
    assert models.Milestone.objects.count() == 0
