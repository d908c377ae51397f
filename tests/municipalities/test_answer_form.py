"""The answering form's inputs are written by hand (issue #11: Django's widget templates made
the page slow). They must stay exactly what Django's widgets wrote: same names, ids, values,
checked state, ``aria-invalid`` and hidden starting values, on a fresh page, a saved draft and
a form shown again with its errors. A save reads a fixed few rows and writes what changed."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from evaluations.models import EvaluationRound
from municipalities import selectors, services
from municipalities.forms import AnswerForm
from municipalities.models import Question, QuestionKind
from tests.municipalities.builders import answer_url, issue, make_anonymous_survey, make_survey

pytestmark = pytest.mark.django_db


def _django_options(item) -> str:
    """The options as the template wrote them before, through Django's widget templates."""
    return "".join(
        format_html(
            '<label for="{}"{}>{} <span>{}</span></label>',
            widget.id_for_label,
            mark_safe(' class="cannot-say"') if widget.data["value"] == "cannot-say" else "",
            widget.tag(),
            widget.choice_label,
        )
        for widget in item.field
    )


def _sheet(survey, response=None):
    return selectors.sheet_items(selectors.answer_sheet(survey=survey, response=response))


def _saved_response(survey):
    questions = {q.key: q for q in Question.objects.filter(survey=survey)}
    options = {o.key: o for q in questions.values() for o in q.options.all()}
    return services.open_response_submit(
        survey=survey,
        client="192.0.2.1",
        inputs=[
            services.AnswerInput(question=questions["party"], options=(options["town"],)),
            services.AnswerInput(question=questions["s1"], cannot_say=True),
            services.AnswerInput(question=questions["nps"], score=10),
            services.AnswerInput(
                question=questions["used"], options=(options["county"], options["service"])
            ),
            services.AnswerInput(question=questions["open1"], text='Rivi "1"\n<b>2</b>'),
        ],
        language="fi",
    )


POSTED = {
    # Valid, with the starting values the page was sent with.
    "valid": {
        "answer-party": "vpk",
        "initial-answer-party": "town",
        "answer-s1": "4",
        "initial-answer-s1": "cannot-say",
        "answer-nps": "0",
        "answer-used": ["service"],
        "initial-answer-used": ["county", "service"],
        "answer-open1": "Uusi & <parempi>",
        "initial-answer-open1": "Vanha",
    },
    # Tampered values: every choice question has an error; no starting values posted.
    "invalid": {
        "answer-party": "bogus",
        "answer-s1": "<b>5</b>",
        "answer-nps": "11",
        "answer-used": ["county", "nonexistent"],
        "answer-open1": "x" * 4001,
    },
}


@pytest.mark.parametrize("case", ["fresh", "saved", "valid", "invalid"])
def test_the_inputs_are_what_django_s_widgets_write(language, case):
    survey = make_anonymous_survey(audience="open_link")
    response = _saved_response(survey) if case == "saved" else None
    items = _sheet(survey, response)
    if case in POSTED:
        data = QueryDict(mutable=True)
        for name, value in POSTED[case].items():
            data.setlist(name, value if isinstance(value, list) else [value])
        form = AnswerForm(data, items=items)
        assert form.is_valid() == (case == "valid")
    else:
        form = AnswerForm(items=items)
    form.bind_fields()
    kinds = {item.question.kind for item in items}
    assert kinds == {"single", "scale", "recommend", "multiple", "open"}
    for item in items:
        html = render_to_string("municipalities/_question_field.html", {"item": item})
        assert item.errors == (item.field.errors or None)
        assert item.hidden_initial == item.field.as_hidden(only_initial=True)
        assert str(item.hidden_initial) in html
        if item.question.kind == QuestionKind.OPEN:
            assert str(item.field.as_widget()) in html
        else:
            assert _django_options(item) in html, item.question.key
            checked = [option["value"] for option in item.options if option["checked"]]
            assert html.count(" checked>") == len(checked)
            # Posted "county" stays chosen beside the tampered option, as with Django's widget.
            tampered_but_chosen = case == "invalid" and item.question.key == "used"
            chosen = case in {"saved", "valid"} or tampered_but_chosen
            assert bool(checked) == chosen, item.question.key
        assert html.count('aria-invalid="true"') == (
            len(item.field.field.choices) if item.errors and item.options else bool(item.errors)
        )


def test_a_failed_post_shows_the_choices_labels_and_errors_as_posted(client, language):
    survey = make_survey()
    _invitation, token = issue(survey, "049")
    client.post(answer_url(token), {"action": "save", "answer-s1": "4"})
    response = client.post(
        answer_url(token, language),
        {
            "action": "save",
            "answer-s1": "9",
            "initial-answer-s1": "4",
            "answer-s2": "cannot-say",
            "initial-answer-s2": "",
            "answer-open1": "",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    error = {"fi": "Valitse oikea vaihtoehto", "sv": "Välj ett giltigt alternativ"}[language]
    excellent = {"fi": "5 Erinomaisesti", "sv": "5 Utmärkt"}[language]
    cannot_say = {"fi": "En osaa sanoa", "sv": "Kan inte säga"}[language]
    # The wrong answer: marked, described by its error, every option invalid, none chosen.
    # A required scale question has no help text: it is described by its error alone.
    assert 'id="question-s1" aria-describedby="errors-s1">' in page
    assert 'id="help-s1"' not in page
    assert f'<ul class="errorlist" id="errors-s1"><li>{error}' in page
    assert page.count('name="answer-s1" value="') == 6
    assert page.count('aria-invalid="true"') == 6
    assert (
        '<label for="id_answer-s1_0"><input type="radio" name="answer-s1" value="5" '
        f'id="id_answer-s1_0" aria-invalid="true"> <span>{excellent}</span></label>'
    ) in page
    # The other posted answer stays chosen; the starting values go on as posted.
    assert (
        '<label for="id_answer-s2_5" class="cannot-say"><input type="radio" name="answer-s2" '
        f'value="cannot-say" id="id_answer-s2_5" checked> <span>{cannot_say}</span></label>'
    ) in page
    assert page.count(" checked>") == 1
    assert (
        '<input type="hidden" name="initial-answer-s1" value="4" id="initial-id_answer-s1">'
    ) in page
    assert '<input type="hidden" name="initial-answer-s2" id="initial-id_answer-s2">' in page
    # The error summary links to the question.
    assert '<a href="#question-s1">' in page


def _save(client, token, changed: dict, questions: int) -> int:
    data = {"action": "save"}
    for index in range(1, questions + 1):
        data[f"answer-s{index}"] = data[f"initial-answer-s{index}"] = "3"
    data.update(changed)
    with CaptureQueriesContext(connection) as queries:
        assert client.post(answer_url(token), data).status_code == 302
    return len(queries)


def test_a_save_reads_a_fixed_few_rows_and_writes_only_the_changed_answers(
    client, django_assert_max_num_queries
):
    # An open round: saving changes no public page (no content generation to renew).
    survey = make_survey(scale_questions=10, round=EvaluationRound.objects.get(key="eval-2025"))
    _invitation, token = issue(survey, "049")
    everything = {f"answer-s{index}": "3" for index in range(1, 11)}
    client.post(answer_url(token), {"action": "save", **everything})
    one = _save(client, token, {"answer-s1": "5"}, 10)
    six = _save(client, token, {f"answer-s{index}": "4" for index in range(1, 7)}, 10)
    assert six - one == 5  # one write per changed answer; nothing read per answer
    # The client's count of guessed tokens, the link, the response, the questions; then,
    # locked, the link, the response and the changed answers; the answer and the response
    # written; the savepoint set and released.
    with django_assert_max_num_queries(11):
        client.post(
            answer_url(token), {"action": "save", "answer-s2": "1", "initial-answer-s2": "3"}
        )
