"""The rating form stays light under load: a fixed, small number of queries per request,
whatever the number of goals in the section (issue #11, "lighter forms")."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluations.models import Rating
from tests.evaluations.helpers import form_data, login, url
from tests.factories import make_goal, make_sub_goal

pytestmark = pytest.mark.django_db

GET_CEILING = 15
POST_CEILING = 18


def grow(section, round_, goals):
    """More goals (and sub-goals) in the section, each with a rating that has a history."""
    for n in range(goals):
        goal = make_goal(section=section, title_fi=f"Lisätavoite {n}")
        make_sub_goal(goal=goal, title_fi=f"Alatavoite {n}")
        rating = Rating.objects.create(round=round_, goal=goal, score=3)
        rating.score = 4
        rating.save()


def counts(client, assignment):
    client.get(url(assignment))  # warm: session, caches
    with CaptureQueriesContext(connection) as get:
        assert client.get(url(assignment)).status_code == 200
    data = form_data(assignment)
    with CaptureQueriesContext(connection) as post:
        assert client.post(url(assignment), data).status_code == 302
    return len(get.captured_queries), len(post.captured_queries)


def test_rating_form_queries_have_a_ceiling_and_do_not_grow(client, people, assignment):
    login(client, people["official"])
    small = counts(client, assignment)
    grow(assignment.section, assignment.round, goals=12)
    large = counts(client, assignment)
    assert large == small
    get, post = large
    assert get <= GET_CEILING
    assert post <= POST_CEILING
