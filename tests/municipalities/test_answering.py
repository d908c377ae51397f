"""A municipality's contact answers through the invitation link: save, resume, submit once."""

import re
import secrets
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from municipalities import services
from municipalities.models import Answer, Question, ResponseStatus, SurveyResponse
from tests.municipalities.builders import answer_url, confirm_url, issue, make_survey
from tests.support import localized_path

pytestmark = pytest.mark.django_db

TEXTS = {
    "fi": {
        "title": "Testikysely",
        "excellent": "5 Erinomaisesti",
        "cannot_say": "En osaa sanoa",
        "unanswered_3": "3 kysymystä on vielä vastaamatta",
        "unanswered_2": "2 kysymystä on vielä vastaamatta",
        "saved": "Vastauksenne tallennettiin.",
        "last_saved": "Tallennettu viimeksi",
        "switch": "På svenska",
        "thanks": "Kiitos vastauksistanne!",
        "means": "Kaikkien kuntien keskiarvo",
        "invalid": "Linkki ei toimi",
        "expired": "Linkki on vanhentunut",
        "revoked": "Linkki ei ole enää voimassa",
        "already": "Vastaukset on jo lähetetty",
        "closed": "Kysely on sulkeutunut",
        "after_deadline": "Vastausaika on päättynyt",
        "not_open": "Kysely ei ole vielä avautunut",
        "invalid_choice": "Valitse oikea vaihtoehto",
        "too_long": "enintään 4000 merkkiä",
        "incomplete": "Vastaukset tallennettiin, mutta niitä ei lähetetty",
        "personal": "Kuntanne voi vastata",
    },
    "sv": {
        "title": "Testenkät",
        "excellent": "5 Utmärkt",
        "cannot_say": "Kan inte säga",
        "unanswered_3": "3 frågor är ännu obesvarade",
        "unanswered_2": "2 frågor är ännu obesvarade",
        "saved": "Era svar sparades.",
        "last_saved": "Senast sparat",
        "switch": "Suomeksi",
        "thanks": "Tack för era svar!",
        "means": "Medelvärde för alla kommuner",
        "invalid": "Länken fungerar inte",
        "expired": "Länken har gått ut",
        "revoked": "Länken är inte längre giltig",
        "already": "Svaren har redan skickats in",
        "closed": "Enkäten har stängts",
        "after_deadline": "Svarstiden har gått ut",
        "not_open": "Enkäten har inte öppnats ännu",
        "invalid_choice": "Välj ett giltigt alternativ",
        "too_long": "som mest 4000 tecken",
        "incomplete": "Svaren sparades men skickades inte in",
        "personal": "Er kommun kan svara till och med",
    },
}


@pytest.fixture
def survey():
    return make_survey()


@pytest.fixture
def invited(survey):
    """Espoo's valid invitation and token."""
    return issue(survey, "049")


def body(response) -> str:
    return response.content.decode()


def assert_private(response):
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Cache-Control"] == "no-store, private"
    assert response["Referrer-Policy"] == "same-origin"


def response_of(survey, code="049") -> SurveyResponse | None:
    return SurveyResponse.objects.filter(survey=survey, municipality__code=code).first()


def answers_of(survey, code="049") -> dict:
    response = response_of(survey, code)
    if response is None:
        return {}
    return {
        a.question.key: (a.score, a.cannot_say, a.text)
        for a in response.answers.select_related("question")
    }


def all_answered(**extra) -> dict:
    return {
        "answer-s1": "5",
        "answer-s2": "3",
        "answer-s3": "cannot-say",
        "answer-open1": "Hyvä yhteistyö.",
        **extra,
    }


# The page ------------------------------------------------------------------------------------


def test_answering_page_in_both_languages(client, invited, language):
    _invitation, token = invited
    text = TEXTS[language]
    response = client.get(answer_url(token, language))
    page = body(response)
    assert response.status_code == 200
    assert_private(response)
    assert '<meta name="robots" content="noindex, nofollow">' in page
    for expected in (text["title"], text["excellent"], text["cannot_say"], text["unanswered_3"]):
        assert expected in page, expected
    # The language switcher keeps the token.
    other = "sv" if language == "fi" else "fi"
    assert f'href="{localized_path(other, f"/kunnat/vastaa/{token}/")}"' in page
    # Every rating question is a labelled radio group with six choices.
    assert page.count('<fieldset class="survey-question') == 3
    assert page.count('type="radio" name="answer-s1"') == 6


def test_partly_filled_form_is_saved_and_shown_again(client, survey, invited, language):
    _invitation, token = invited
    text = TEXTS[language]
    response = client.post(
        answer_url(token, language),
        {"action": "save", "answer-s1": "4", "answer-open1": "Rivi 1\r\nRivi 2"},
    )
    assert response.status_code == 302
    assert response["Location"] == answer_url(token, language)
    assert answers_of(survey) == {"s1": (4, False, ""), "open1": (None, False, "Rivi 1\nRivi 2")}
    saved = response_of(survey)
    assert (saved.status, saved.language) == (ResponseStatus.DRAFT, language)

    # Coming back later (a new client: no cookies) with the same link shows the saved answers.
    page = body(type(client)().get(answer_url(token, language)))
    assert re.search(r'name="answer-s1" value="4"[^>]*checked', page)
    assert "Rivi 1\nRivi 2</textarea>" in page
    assert text["last_saved"] in page
    assert text["unanswered_2"] in page
    assert '<a href="#question-s2">' in page and '<a href="#question-s1">' not in page
    assert page.count("is-missing") == 2
    assert text["saved"] in body(client.get(answer_url(token, language)))


def test_changing_and_clearing_answers(client, survey, invited):
    _invitation, token = invited
    client.post(answer_url(token), {"action": "save", "answer-s1": "4", "answer-open1": "Teksti"})
    client.post(
        answer_url(token),
        {
            "action": "save",
            "initial-answer-s1": "4",
            "answer-s1": "cannot-say",
            "initial-answer-open1": "Teksti",
            "answer-open1": "",
        },
    )
    assert answers_of(survey) == {"s1": (None, True, "")}


def test_an_older_page_does_not_undo_a_newer_save(client, survey, invited):
    _invitation, token = invited
    client.post(answer_url(token), {"action": "save", "answer-s1": "5"})
    # A second tab loaded before that save: s1 was empty there and the person did not touch it.
    client.post(
        answer_url(token),
        {"action": "save", "initial-answer-s1": "", "initial-answer-s2": "", "answer-s2": "2"},
    )
    assert answers_of(survey) == {"s1": (5, False, ""), "s2": (2, False, "")}


# Submitting ------------------------------------------------------------------------------------


def test_submit_after_confirmation_then_read_only_with_means(client, survey, invited, language):
    _invitation, token = invited
    text = TEXTS[language]
    response = client.post(answer_url(token, language), all_answered(action="submit"))
    assert response.status_code == 302
    assert response["Location"] == confirm_url(token, language)
    assert response_of(survey).status == ResponseStatus.DRAFT  # not before the confirmation

    confirm = client.get(confirm_url(token, language))
    assert confirm.status_code == 200
    assert_private(confirm)
    assert "Hyvä yhteistyö." in body(confirm)

    response = client.post(confirm_url(token, language))
    assert response.status_code == 302
    submitted = response_of(survey)
    assert submitted.status == ResponseStatus.SUBMITTED and submitted.submitted_at

    page = body(client.get(answer_url(token, language)))
    assert text["thanks"] in page and text["means"] in page
    assert 'type="radio"' not in page and "<textarea" not in page
    assert text["excellent"] in page  # the own answer


def test_submit_with_unanswered_questions_saves_the_draft_and_lists_them(client, survey, invited):
    _invitation, token = invited
    response = client.post(answer_url(token), {"action": "submit", "answer-s1": "3"})
    page = body(response)
    assert response.status_code == 400
    assert TEXTS["fi"]["incomplete"] in page and TEXTS["fi"]["unanswered_2"] in page
    assert answers_of(survey) == {"s1": (3, False, "")}
    assert response_of(survey).status == ResponseStatus.DRAFT
    # The confirmation page is not reachable while questions are unanswered.
    assert client.get(confirm_url(token))["Location"] == answer_url(token)
    response = client.post(confirm_url(token))
    assert response.status_code == 400
    assert response_of(survey).status == ResponseStatus.DRAFT


def test_open_questions_are_optional(client, survey, invited):
    _invitation, token = invited
    data = all_answered(action="submit")
    del data["answer-open1"]
    assert client.post(answer_url(token), data)["Location"] == confirm_url(token)
    client.post(confirm_url(token))
    assert response_of(survey).status == ResponseStatus.SUBMITTED


def test_second_submission_is_refused(client, survey, invited, language):
    _invitation, token = invited
    client.post(answer_url(token), all_answered(action="submit"))
    client.post(confirm_url(token))
    before = answers_of(survey)

    again = client.post(confirm_url(token, language))
    assert again.status_code == 409
    assert TEXTS[language]["already"] in body(again)
    assert_private(again)
    change = client.post(
        answer_url(token, language), all_answered(action="save", **{"answer-s1": "1"})
    )
    assert change.status_code == 409
    assert TEXTS[language]["already"] in body(change)
    assert answers_of(survey) == before


# The answering window --------------------------------------------------------------------------


def test_after_the_deadline_nothing_can_change(client, survey, invited, language):
    _invitation, token = invited
    client.post(answer_url(token), {"action": "save", "answer-s1": "4"})
    survey.closes_on = timezone.localdate() - timedelta(days=1)
    survey.save()

    page = client.get(answer_url(token, language))
    assert page.status_code == 200
    assert TEXTS[language]["closed"] in body(page) and 'type="radio"' not in body(page)

    response = client.post(answer_url(token, language), all_answered(action="save"))
    assert response.status_code == 403
    assert TEXTS[language]["after_deadline"] in body(response)
    assert_private(response)
    assert client.post(confirm_url(token, language)).status_code == 403
    assert answers_of(survey) == {"s1": (4, False, "")}
    assert response_of(survey).status == ResponseStatus.DRAFT


def test_the_deadline_day_itself_is_open(client, survey, invited):
    _invitation, token = invited
    survey.closes_on = timezone.localdate()
    survey.save()
    assert client.post(answer_url(token), {"action": "save", "answer-s1": "4"}).status_code == 302


def test_before_the_survey_opens_nothing_can_be_answered(client, survey, invited, language):
    _invitation, token = invited
    survey.opens_on = timezone.localdate() + timedelta(days=2)
    survey.save()
    page = client.get(answer_url(token, language))
    assert TEXTS[language]["not_open"] in body(page) and 'type="radio"' not in body(page)
    assert client.post(answer_url(token, language), all_answered(action="save")).status_code == 403
    assert response_of(survey) is None


def test_an_administrator_reopens_one_municipality(client, survey, invited, language):
    invitation, token = invited
    client.post(answer_url(token), all_answered(action="submit"))
    client.post(confirm_url(token))
    survey.closes_on = timezone.localdate() - timedelta(days=2)
    survey.save()
    invitation.expires_at = timezone.now() - timedelta(minutes=1)  # expired meanwhile
    invitation.save()

    services.response_reopen(
        survey=survey,
        municipality=invitation.municipality,
        until=timezone.localdate() + timedelta(days=3),
        actor=None,
    )
    page = client.get(answer_url(token, language))
    assert page.status_code == 200
    assert TEXTS[language]["personal"] in body(page) and 'type="radio"' in body(page)
    response = client.post(
        answer_url(token, language),
        {"action": "save", "initial-answer-s1": "5", "answer-s1": "2"},
    )
    assert response.status_code == 302
    assert answers_of(survey)["s1"] == (2, False, "")
    assert response_of(survey).status == ResponseStatus.DRAFT
    client.post(answer_url(token), {"action": "submit"})
    client.post(confirm_url(token))
    assert response_of(survey).status == ResponseStatus.SUBMITTED

    # Other municipalities stay closed.
    _other, other_token = issue(survey, "078")
    assert client.post(answer_url(other_token), all_answered(action="save")).status_code == 403


def test_reopening_needs_a_future_deadline(survey):
    from django.core.exceptions import ValidationError

    from tests.municipalities.builders import municipality

    with pytest.raises(ValidationError):
        services.response_reopen(
            survey=survey,
            municipality=municipality("049"),
            until=timezone.localdate() - timedelta(days=1),
            actor=None,
        )


# Bad links -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "token",
    [secrets.token_urlsafe(32), "abc", "x" * 200, "%3Cscript%3E", "a" * 42 + "!"],
    ids=["random", "short", "long", "html", "bad-character"],
)
def test_an_invalid_link_is_404_in_the_users_language(client, invited, token, language):
    response = client.get(answer_url(token, language))
    assert response.status_code == 404
    page = body(response)
    assert TEXTS[language]["invalid"] in page
    assert "Espoo" not in page and "Esbo" not in page
    assert_private(response)
    assert client.post(answer_url(token, language), all_answered(action="save")).status_code == 404
    assert client.post(confirm_url(token, language)).status_code == 404


def test_an_expired_link_is_410(client, survey, invited, language):
    invitation, token = invited
    invitation.expires_at = timezone.now() - timedelta(seconds=1)
    invitation.save()
    for response in (
        client.get(answer_url(token, language)),
        client.post(answer_url(token, language), all_answered(action="save")),
        client.post(confirm_url(token, language)),
    ):
        assert response.status_code == 410
        assert TEXTS[language]["expired"] in body(response)
        assert_private(response)
    assert response_of(survey) is None


def test_a_revoked_link_is_410(client, survey, invited, language):
    invitation, token = invited
    services.invitation_revoke(invitation=invitation, actor=None)
    response = client.get(answer_url(token, language))
    assert response.status_code == 410
    assert TEXTS[language]["revoked"] in body(response)
    assert client.post(answer_url(token, language), all_answered(action="save")).status_code == 410
    assert response_of(survey) is None


def test_one_municipalitys_link_never_touches_anothers_response(client, survey):
    _espoo, espoo_token = issue(survey, "049")
    _hanko, hanko_token = issue(survey, "078")
    client.post(
        answer_url(hanko_token), {"action": "save", "answer-s1": "2", "answer-open1": "Hangon"}
    )
    client.post(answer_url(espoo_token), all_answered(action="save"))
    assert answers_of(survey, "078") == {"s1": (2, False, ""), "open1": (None, False, "Hangon")}
    assert answers_of(survey, "049")["s1"] == (5, False, "")
    page = body(client.get(answer_url(espoo_token)))
    assert "Hangon" not in page and "Hanko" not in page


# Bad answers -----------------------------------------------------------------------------------


@pytest.mark.parametrize("score", ["0", "6", "7", "-1", "3.5", "abc", "<b>5</b>"])
def test_a_score_outside_1_to_5_is_a_form_error(client, survey, invited, score, language):
    _invitation, token = invited
    response = client.post(
        answer_url(token, language),
        {"action": "save", "answer-s1": score, "answer-s2": "4", "answer-open1": "Teksti"},
    )
    assert response.status_code == 400
    page = body(response)
    assert TEXTS[language]["invalid_choice"] in page
    assert '<a href="#question-s1">' in page
    assert "<b>5</b>" not in page
    assert response_of(survey) is None  # nothing of the form was saved


def test_an_oversized_answer_is_a_form_error(client, survey, invited, language):
    _invitation, token = invited
    client.post(answer_url(token), {"action": "save", "answer-s2": "1"})
    response = client.post(
        answer_url(token, language),
        {"action": "save", "answer-s1": "4", "answer-open1": "x" * 4001},
    )
    assert response.status_code == 400
    assert TEXTS[language]["too_long"] in body(response)
    assert answers_of(survey) == {"s2": (1, False, "")}
    # Exactly the limit is fine.
    ok = client.post(answer_url(token), {"action": "save", "answer-open1": "x" * 4000})
    assert ok.status_code == 302


def test_an_unknown_action_is_refused(client, survey, invited):
    _invitation, token = invited
    response = client.post(answer_url(token), {"action": "delete", "answer-s1": "4"})
    assert response.status_code == 400
    assert response_of(survey) is None


def test_a_refused_save_writes_nothing(survey, invited):
    from django.core.exceptions import ValidationError

    invitation, _token = invited
    questions = {q.key: q for q in Question.objects.filter(survey=survey)}
    with pytest.raises(ValidationError):
        services.response_save(
            invitation=invitation,
            inputs=[
                services.AnswerInput(question=questions["s1"], score=4),
                services.AnswerInput(question=questions["s2"], score=9),
            ],
            language="fi",
        )
    assert response_of(survey) is None
    assert not Answer.objects.filter(response__survey=survey).exists()


def test_html_in_answers_and_questions_is_shown_not_run(client, survey, invited):
    _invitation, token = invited
    Question.objects.filter(survey=survey, key="s1").update(text_fi="<i>Kursiivi</i> tavoite")
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    client.post(answer_url(token), {"action": "save", "answer-open1": attack})
    page = body(client.get(answer_url(token)))
    assert "<script>alert" not in page and "<img src=x" not in page and "<i>Kursiivi" not in page
    assert "&lt;script&gt;" in page and "&lt;i&gt;Kursiivi" in page
    client.post(answer_url(token), all_answered(action="submit", **{"answer-open1": attack}))
    client.post(confirm_url(token))
    page = body(client.get(answer_url(token)))
    assert "<script>alert" not in page and "&lt;script&gt;" in page


# Queries ---------------------------------------------------------------------------------------


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("submitted", [False, True], ids=["draft", "submitted"])
def test_the_page_makes_the_same_few_queries_for_any_number_of_questions(
    client, django_assert_max_num_queries, submitted
):
    counts = []
    for questions in (3, 30):
        survey = make_survey(scale_questions=questions, open_questions=2)
        _invitation, token = issue(survey, "049")
        data = {f"answer-s{i}": str(i % 5 + 1) for i in range(1, questions + 1)}
        client.post(answer_url(token), {"action": "submit" if submitted else "save", **data})
        if submitted:
            client.post(confirm_url(token))
        # The client's count of guessed tokens, the invitation, the response, its answers, the
        # questions (+ the results: 5).
        with django_assert_max_num_queries(10 if submitted else 5):
            client.get(answer_url(token))
        counts.append(_count_queries(client, answer_url(token)))
    assert counts[0] == counts[1]
