"""While a survey is still open, its public results say "not answered yet" and show no means
or answers; once it closes (or the coordinator makes the results public early) they show."""

from datetime import timedelta

import pytest
from django.utils import timezone

from municipalities.models import Answer, Municipality, Question, SurveyResponse
from tests.municipalities.builders import make_survey
from tests.support import localized_path

pytestmark = pytest.mark.django_db

TEXTS = {
    "fi": {
        "not_yet": "Ei vielä vastannut",
        "late": "Ei vastausta määräajassa",
        "wait": "kun kysely sulkeutuu",
    },
    "sv": {
        "not_yet": "Inte svarat ännu",
        "late": "Inget svar inom utsatt tid",
        "wait": "när den stängs",
    },
}


@pytest.fixture
def answered():
    survey = make_survey(open_questions=0)
    question = Question.objects.get(survey=survey, key="s1")
    for code, score in [("049", 4), ("149", 5)]:
        response = SurveyResponse.objects.create(
            survey=survey, municipality=Municipality.objects.get(code=code), status="submitted"
        )
        Answer.objects.create(response=response, question=question, score=score)
    return survey


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_an_open_survey_says_not_answered_yet_and_hides_the_means(client, answered, lang):
    text = TEXTS[lang]
    body = client.get(localized_path(lang, f"/kyselyt/{answered.key}/")).content.decode()
    assert text["not_yet"] in body and text["late"] not in body
    assert text["wait"] in body
    assert "4,5" not in body
    csv = client.get(localized_path(lang, f"/kyselyt/{answered.key}/tulokset.csv")).content.decode()
    assert "4.5" not in csv


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_a_closed_survey_shows_the_means_and_who_did_not_answer(client, answered, lang):
    text = TEXTS[lang]
    answered.opens_on = timezone.localdate() - timedelta(days=30)
    answered.closes_on = timezone.localdate() - timedelta(days=1)
    answered.save()
    body = client.get(localized_path(lang, f"/kyselyt/{answered.key}/")).content.decode()
    assert text["late"] in body and text["not_yet"] not in body
    assert "4,5" in body


def test_results_published_early_show_while_open(client, answered):
    answered.results_public = True
    answered.save()
    body = client.get(f"/fi/kyselyt/{answered.key}/").content.decode()
    assert "4,5" in body and "Ei vielä vastannut" in body


def test_the_means_show_as_soon_as_the_survey_has_closed(client, answered):
    from municipalities.models import Survey

    assert "4,5" not in client.get(f"/fi/kyselyt/{answered.key}/").content.decode()
    # Closing by date changes no data (no save renews the page cache's generation).
    Survey.objects.filter(pk=answered.pk).update(closes_on=timezone.localdate() - timedelta(days=1))
    assert "4,5" in client.get(f"/fi/kyselyt/{answered.key}/").content.decode()


def _survey_part(html: str, title: str) -> str:
    """The report's section of the survey: from its heading to the end of its section."""
    start = html.index(f"{title}</h2>")
    return html[start : html.index("</section>", html.index("</table>", start))]


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_report_also_waits_for_an_open_survey_to_close(answered, lang):
    from evaluations.reports.evaluation import report_html

    text = TEXTS[lang]
    title = answered.title_fi if lang == "fi" else answered.title_sv
    part = _survey_part(report_html(round=answered.round, language=lang), title)
    assert text["not_yet"] in part and text["late"] not in part
    assert text["wait"] in part
    answered.results_public = True
    answered.save()
    part = _survey_part(report_html(round=answered.round, language=lang), title)
    assert text["wait"] not in part
