"""Hardening round 3: on PostgreSQL, no row metadata pairs a named respondent with the response.

Rows written or locked in one transaction carry its id (``xmin``, ``xmax``); the submit writes
the response and the person in separate transactions, each with its peers, so the ids pair
only the set of all responses with the set of all who answered."""

import pytest
from django.db import connection

from municipalities.models import Invitation, Respondent, SurveyResponse
from tests.municipalities.builders import add_respondent, make_anonymous_survey
from tests.municipalities.test_audiences import answer_as

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'"),
]


def _ids(table: str, pks) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT xmin::text, xmax::text FROM {table} WHERE id = ANY(%s)",  # noqa: S608
            [list(pks)],
        )
        return {value for row in cursor.fetchall() for value in row if value != "0"}


def test_no_transaction_id_is_shared_by_a_respondent_and_a_response(client):
    survey = make_anonymous_survey(audience="respondents", results_public=True)
    people = [add_respondent(survey, n) for n in range(1, 4)]
    for person in people:
        answer_as(client, survey, person, nps="8")
    responses = list(SurveyResponse.objects.filter(survey=survey).values_list("pk", flat=True))
    assert len(responses) == 3 and all(r.answered for r in Respondent.objects.filter(survey=survey))
    answers = SurveyResponse.objects.get(pk=responses[0]).answers.values_list("pk", flat=True)
    person_side = _ids("municipalities_respondent", [p.pk for p in people]) | _ids(
        "municipalities_invitation",
        Invitation.objects.filter(respondent__in=people).values_list("pk", flat=True),
    )
    response_side = _ids("municipalities_surveyresponse", responses)
    assert person_side and response_side
    assert not person_side & response_side
    # Each side is one transaction for all its rows: the latest answer is not told apart.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(DISTINCT xmin::text) FROM municipalities_surveyresponse "
            "WHERE id = ANY(%s)",
            [responses],
        )
        assert cursor.fetchone() == (1,)
        cursor.execute(
            "SELECT COUNT(DISTINCT xmin::text) FROM municipalities_respondent WHERE survey_id = %s",
            [survey.pk],
        )
        assert cursor.fetchone() == (1,)
    # The answers were written while drafting; no row of the person carries those ids now.
    assert not _ids("municipalities_answer", answers) & person_side
