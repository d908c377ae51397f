"""Results computed from the submitted answers: who answered, means, n, distributions."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from municipalities.models import Answer, Question, ResponseStatus, SurveyResponse
from municipalities.selectors import answer_sheet, survey_results
from tests.municipalities.builders import make_survey, municipality
from tests.support import localized_path

pytestmark = pytest.mark.django_db


def respond(survey, code, answers: dict, status=ResponseStatus.SUBMITTED):
    response = SurveyResponse.objects.create(
        survey=survey, municipality=municipality(code), status=status
    )
    questions = {q.key: q for q in Question.objects.filter(survey=survey)}
    for key, value in answers.items():
        if value == "cannot-say":
            Answer.objects.create(response=response, question=questions[key], cannot_say=True)
        elif isinstance(value, str):
            Answer.objects.create(response=response, question=questions[key], text=value)
        else:
            Answer.objects.create(response=response, question=questions[key], score=value)
    return response


@pytest.fixture
def answered():
    survey = make_survey(scale_questions=2)
    respond(survey, "049", {"s1": 5, "s2": 4, "open1": "Espoon palaute"})
    respond(survey, "078", {"s1": 3, "s2": "cannot-say", "open1": "<b>Hangon</b> palaute"})
    respond(survey, "149", {"s1": 4})
    # A draft does not count anywhere.
    respond(survey, "224", {"s1": 1, "s2": 1, "open1": "Luonnos"}, status=ResponseStatus.DRAFT)
    return survey


def result_of(results, key):
    return next(r for t in results.themes for r in t.questions if r.question.key == key)


def test_only_submitted_responses_count(answered):
    results = survey_results(survey=answered)
    assert (results.responded, len(results.statuses), results.response_rate) == (3, 10, 30)
    answered_codes = {m.code for m, answered in results.statuses if answered}
    assert answered_codes == {"049", "078", "149"}
    assert results.has_answers


def test_means_counts_and_distributions_per_question_and_theme(answered):
    results = survey_results(survey=answered)
    s1, s2 = result_of(results, "s1"), result_of(results, "s2")
    assert (s1.mean, s1.n, s1.cannot_say, s1.answered) == (Decimal(4), 3, 0, 3)
    assert s1.distribution == {5: 1, 4: 1, 3: 1, 2: 0, 1: 0}
    assert (s2.mean, s2.n, s2.cannot_say) == (Decimal(4), 1, 1)  # "cannot say" is no rating
    assert not s1.mean_is_published

    theme = results.themes[0]
    assert (theme.mean, theme.n, theme.cannot_say) == (Decimal(16) / Decimal(4), 4, 1)
    assert theme.distribution == {5: 1, 4: 2, 3: 1, 2: 0, 1: 0}


def test_open_answers_come_with_their_municipality(answered):
    open1 = result_of(survey_results(survey=answered), "open1")
    assert [(m.code, text) for m, text in open1.open_answers] == [
        ("049", "Espoon palaute"),
        ("078", "<b>Hangon</b> palaute"),
    ]


def test_own_answers_beside_the_means_of_all(answered):
    response = SurveyResponse.objects.get(survey=answered, municipality__code="078")
    items = {
        item.question.key: item
        for theme in answer_sheet(survey=answered, response=response, with_results=True)
        for item in theme.items
    }
    assert items["s1"].answer.score == 3 and items["s1"].result.mean == 4
    assert items["s2"].answer.cannot_say and items["s2"].result.n == 1


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fi", ["3/10 kuntaa vastasi", "Espoon palaute", "– Espoo", "En osaa sanoa", "4,0"]),
        ("sv", ["3 av 10 kommuner svarade", "Espoon palaute", "– Esbo", "Kan inte säga", "4,0"]),
    ],
)
def test_results_page_shows_the_computed_results(client, answered, lang, expected):
    # The public page shows means and answers once the survey has closed.
    answered.closes_on = timezone.localdate() - timedelta(days=1)
    answered.save()
    response = client.get(localized_path(lang, f"/kyselyt/{answered.key}/"))
    page = response.content.decode()
    assert response.status_code == 200
    for text in expected:
        assert text in page, text
    assert "Luonnos" not in page
    assert "<b>Hangon</b>" not in page and "&lt;b&gt;Hangon&lt;/b&gt;" in page
    # The distribution of s1: one 5, one 4, one 3, no 2 or 1, none "cannot say".
    assert (
        '<td class="num dist">1</td><td class="num dist">1</td><td class="num dist">1</td>' in page
    )


def test_results_page_queries_do_not_grow_with_answers(client, django_assert_max_num_queries):
    small = make_survey(scale_questions=2)
    respond(small, "049", {"s1": 5})
    big = make_survey(scale_questions=20)
    for code in ("049", "078", "149", "224", "235"):
        respond(big, code, {f"s{i}": i % 5 + 1 for i in range(1, 21)})
    for survey in (small, big):
        with django_assert_max_num_queries(12):
            assert client.get(f"/fi/kyselyt/{survey.key}/").status_code == 200
