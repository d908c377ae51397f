"""A new survey starts as a copy of an earlier one: texts, themes, questions; no answers."""

import pytest
from django.core.exceptions import ValidationError

from evaluations.models import EvaluationRound, RoundState
from municipalities import services
from municipalities.models import Invitation, Survey, SurveyResponse
from tests.municipalities.builders import issue
from tests.support import localized_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    return Survey.objects.get(key="municipality-survey-2024")


@pytest.fixture
def next_round():
    return EvaluationRound.objects.create(
        key="eval-2026", name_fi="Arviointi 2026", state=RoundState.OPEN
    )


def test_copy_has_the_themes_and_questions_but_no_answers(source, next_round):
    issue(source, "049")
    copy = services.survey_copy(
        survey=source, key="municipality-survey-2026", round=next_round, actor=None
    )

    assert (copy.key, copy.round, copy.kind) == (
        "municipality-survey-2026",
        next_round,
        source.kind,
    )
    assert (copy.title_fi, copy.target_group_sv) == (source.title_fi, source.target_group_sv)
    assert copy.opens_on is None and copy.published_respondents is None

    def shape(survey):
        return [
            (t.key, t.order, t.title_fi, t.title_sv, t.description_fi)
            for t in survey.themes.order_by("order")
        ], [
            (q.key, q.theme.key, q.kind, q.text_fi, q.goal_id, q.sub_goal_id, q.order)
            for q in survey.questions.select_related("theme").order_by("order")
        ]

    assert shape(copy) == shape(source)
    assert copy.questions.count() == 31
    assert not copy.questions.exclude(published_mean=None).exists()
    assert not copy.themes.exclude(published_mean=None).exists()
    assert not SurveyResponse.objects.filter(survey=copy).exists()
    assert not Invitation.objects.filter(survey=copy).exists()
    # The source is untouched.
    assert source.responses.count() == 6 and source.questions.count() == 31


def test_copy_needs_a_free_key(source):
    with pytest.raises(ValidationError):
        services.survey_copy(survey=source, key=source.key, actor=None)
    assert Survey.objects.filter(key=source.key).count() == 1


def test_copy_key_suggestion_is_free(source):
    assert services.survey_copy_key(source) == "municipality-survey-2024-copy"
    services.survey_copy(survey=source, key="municipality-survey-2024-copy", actor=None)
    assert services.survey_copy_key(source) == "municipality-survey-2024-copy-2"


def test_admin_action_copies_after_asking_key_and_round(admin_client, source, next_round, language):
    url = localized_path(language, "/admin/municipalities/survey/")
    before = Survey.objects.count()
    data = {"action": "copy_survey", "_selected_action": [source.pk]}
    form = admin_client.post(url, {**data, "index": 0})
    assert form.status_code == 200
    assert 'value="municipality-survey-2024-copy"' in form.content.decode()

    taken = admin_client.post(
        url, {**data, "apply": "1", "key": source.key, "round": next_round.pk}
    )
    assert taken.status_code == 200 and Survey.objects.count() == before

    done = admin_client.post(
        url,
        {
            **data,
            "apply": "1",
            "key": "kuntakysely-2026",
            "round": next_round.pk,
            "opens_on": "2026-11-02",
            "closes_on": "2026-11-30",
        },
    )
    assert done.status_code == 302
    copy = Survey.objects.get(key="kuntakysely-2026")
    assert (copy.round, str(copy.closes_on), copy.questions.count()) == (
        next_round,
        "2026-11-30",
        31,
    )


def test_copy_window_must_be_in_order(source):
    from datetime import date

    with pytest.raises(ValidationError):
        services.survey_copy(
            survey=source,
            key="x-2026",
            opens_on=date(2026, 12, 1),
            closes_on=date(2026, 11, 1),
            actor=None,
        )
