"""Survey rules the database enforces: one response per municipality, scores 1–5."""

import pytest
from django.db import IntegrityError, transaction

from municipalities.models import Answer, Municipality, Question, Survey, SurveyResponse

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return Survey.objects.get(key="municipality-survey-2024")


def test_a_municipality_answers_a_survey_once(survey):
    answered = survey.responses.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(survey=survey, municipality=answered.municipality)


@pytest.mark.parametrize("score", [0, 6])
def test_answer_score_outside_1_to_5_is_refused(survey, score):
    response = SurveyResponse.objects.create(
        survey=survey, municipality=Municipality.objects.get(code="049")
    )
    question = Question.objects.filter(survey=survey, kind="scale").first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(response=response, question=question, score=score)


def test_cannot_say_and_a_score_together_are_refused(survey):
    response = SurveyResponse.objects.create(
        survey=survey, municipality=Municipality.objects.get(code="049")
    )
    question = Question.objects.filter(survey=survey, kind="scale").first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(response=response, question=question, score=3, cannot_say=True)
