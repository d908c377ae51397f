"""The public survey results page: who answered, means by theme, open answers."""

import pytest

from municipalities.models import Answer, Municipality, Question, Survey, SurveyResponse
from municipalities.selectors import survey_results
from tests.support import localized_path

pytestmark = pytest.mark.django_db


def test_response_rate_counts_submitted_responses():
    results = survey_results(survey=Survey.objects.get(key="municipality-survey-2024"))
    assert (results.responded, len(results.statuses)) == (6, 10)
    assert results.response_rate == 60


def test_published_mean_shows_until_answers_exist():
    survey = Survey.objects.get(key="municipality-survey-2024")
    question = Question.objects.get(survey=survey, key="q1")
    before = survey_results(survey=survey)
    result = next(r for t in before.themes for r in t.questions if r.question == question)
    assert (str(result.mean), result.mean_is_published) == ("2.20", True)

    for code, score in [("049", 4), ("149", 5)]:
        response = SurveyResponse.objects.create(
            survey=survey, municipality=Municipality.objects.get(code=code), status="submitted"
        )
        Answer.objects.create(response=response, question=question, score=score)
    after = survey_results(survey=survey)
    result = next(r for t in after.themes for r in t.questions if r.question == question)
    assert (result.mean, result.n, result.mean_is_published) == (4.5, 2, False)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fi", ["Kyllä", "Ei vastausta määräajassa", "Karkkila", "2,2"]),
        ("sv", ["Ja", "Inget svar inom utsatt tid", "Högfors", "2,2"]),
    ],
)
def test_results_page_in_both_languages(client, lang, expected, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get(localized_path(lang, "/kyselyt/municipality-survey-2024/"))
    body = response.content.decode()
    assert response.status_code == 200
    for text in expected:
        assert text in body, text


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_stakeholder_survey_shows_published_aggregates(client, lang):
    body = client.get(
        localized_path(lang, "/kyselyt/rescue-stakeholder-survey-2024/")
    ).content.decode()
    assert "(NPS)</dt><dd>22" in body and "<dd>35</dd>" in body and "3,8" in body


def test_results_of_an_unpublished_round_are_not_public(client):
    survey = Survey.objects.get(key="municipality-survey-2024")
    survey.round.state = "closed"
    survey.round.save()
    assert client.get("/fi/kyselyt/municipality-survey-2024/").status_code == 404


def test_municipalities_are_listed_alphabetically_in_the_ui_language():
    from django.utils import translation

    survey = Survey.objects.get(key="municipality-survey-2024")
    with translation.override("sv"):
        names = [m.name for m, _answered in survey_results(survey=survey).statuses]
    assert names[:3] == ["Esbo", "Grankulla", "Hangö"]
