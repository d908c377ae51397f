"""Survey rules the database and the models enforce: one response per municipality, scores."""

import pytest
from django.core.exceptions import ValidationError
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


def test_answer_score_outside_0_to_10_is_refused_by_the_database(survey):
    response = SurveyResponse.objects.create(
        survey=survey, municipality=Municipality.objects.get(code="049")
    )
    question = Question.objects.filter(survey=survey, kind="scale").first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(response=response, question=question, score=11)


@pytest.mark.parametrize(("kind", "score"), [("scale", 0), ("scale", 6), ("recommend", 11)])
def test_answer_score_outside_its_questions_range_is_refused(survey, kind, score):
    """1–5 for a rating, 0–10 for a question of recommending: checked by ``full_clean``."""
    response = SurveyResponse.objects.create(
        survey=survey, municipality=Municipality.objects.get(code="049")
    )
    question = Question.objects.create(survey=survey, key=f"k-{kind}", kind=kind, text_fi="?")
    answer = Answer(response=response, question=question, score=score)
    with pytest.raises(ValidationError) as error:
        answer.full_clean()
    assert error.value.error_dict["score"][0].code in {"score_range", "max_value"}


def test_a_recommend_answer_from_0_to_10_is_accepted(survey):
    response = SurveyResponse.objects.create(
        survey=survey, municipality=Municipality.objects.get(code="049")
    )
    question = Question.objects.create(survey=survey, key="nps", kind="recommend", text_fi="?")
    for score in (0, 10):
        Answer(response=response, question=question, score=score).full_clean(validate_unique=False)


def test_cannot_say_and_a_score_together_are_refused(survey):
    response = SurveyResponse.objects.create(
        survey=survey, municipality=Municipality.objects.get(code="049")
    )
    question = Question.objects.filter(survey=survey, kind="scale").first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(response=response, question=question, score=3, cannot_say=True)
