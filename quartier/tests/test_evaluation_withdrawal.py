"""Withdrawing the evaluation consent empties a person's words and answers and unlinks their
path: the milestone still counts, for nobody (privacy reads evaluation's declarations)."""

import datetime as dt

import pytest

from quartier.evaluation import models, path
from quartier.people.models import Consent
from quartier.privacy.services import withdraw_consent

pytestmark = pytest.mark.django_db


def test_withdrawing_the_evaluation_consent_unlinks_the_path(aicha, administrator):
    consent = Consent.objects.create(person=aicha, purpose="evaluation", means="oral")
    path.add_milestone(
        aicha, kind="diploma", happened_on=dt.date(2008, 6, 30), title="CAP de cuisine", age=45
    )
    path.add_testimony(aicha, quote="Je ne connaissais qu'Intermarché", said_on=dt.date(2005, 1, 1))
    path.record_survey(aicha, wave="before", lack_companionship=3, left_out=3, isolated=2)
    withdraw_consent(consent, by=administrator, on=dt.date(2025, 1, 1))
    milestone = models.Milestone.objects.get()
    assert (milestone.person, milestone.age, milestone.kind) == (None, None, "diploma")
    testimony = models.Testimony.objects.get()
    assert (testimony.person, testimony.quote) == (None, "")
    survey = models.SurveyResponse.objects.get()
    assert (survey.person, survey.score) == (None, None)
