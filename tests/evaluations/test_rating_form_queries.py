"""The rating form stays light under load: a fixed, small number of queries per request,
whatever the number of goals in the section (issue #11, "lighter forms")."""

from datetime import date

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluations.models import AssignmentState, Rating
from tests.evaluations.helpers import first_key, form_data, login, url
from tests.factories import make_assignment, make_goal, make_round, make_sub_goal

pytestmark = pytest.mark.django_db

# The session, the person and their permissions (4), the content generation (1), the
# assignment, marked whether the person is its official or approver (1), this round's ratings
# (1) and their latest changes (1). The published outline (goals, sub-goals, the previous round
# and its public ratings) comes from the per-process cache; when published content has changed
# it is read again (4 more). The recorded translation sources are asked (one query more) only
# where there is Swedish text: here there is none.
GET_CEILING = 8
OUTLINE_QUERIES = 4
# The same reads without the history (7); then in the transaction the locked assignment with
# its people (3) and the stored ratings (1), and for the rating saved its Finnish before the
# change, its update and its history (3), with the savepoints around the transaction and the
# save (4).
POST_CEILING = 18


def grow(section, round_, previous, goals):
    """More goals (and sub-goals) in the section, each with a rating that has a history and a
    rating in the previous round."""
    for n in range(goals):
        goal = make_goal(section=section, title_fi=f"Lisätavoite {n}")
        make_sub_goal(goal=goal, title_fi=f"Alatavoite {n}")
        rating = Rating.objects.create(round=round_, goal=goal, score=3)
        rating.score = 4
        rating.save()
        Rating.objects.create(round=previous, goal=goal, score=2, achieved="no")


def counts(client, assignment):
    client.get(url(assignment))  # warm: session, caches
    with CaptureQueriesContext(connection) as get:
        assert client.get(url(assignment)).status_code == 200
    # A save that changes one rating, as the load benchmark's officials do.
    key = first_key(assignment)
    rating = Rating.objects.filter(round=assignment.round, goal=key.split("-")[1]).first()
    score = 5 if rating and rating.score == 4 else 4
    data = form_data(assignment, **{key.replace("-", "_"): {"score": score}})
    with CaptureQueriesContext(connection) as post:
        assert client.post(url(assignment), data).status_code == 302
    return len(get.captured_queries), len(post.captured_queries)


def test_rating_form_queries_have_a_ceiling_and_do_not_grow(client, people, assignment):
    previous = make_round(key="previous", summary_date=date(2025, 1, 17))
    make_assignment(round=previous, section=assignment.section, state=AssignmentState.APPROVED)
    login(client, people["official"])
    grow(assignment.section, assignment.round, previous, goals=1)
    counts(client, assignment)  # the first save creates the first goal's rating: now updates
    small = counts(client, assignment)
    grow(assignment.section, assignment.round, previous, goals=12)
    large = counts(client, assignment)
    assert large == small
    get, post = large
    assert get <= GET_CEILING
    assert post <= POST_CEILING
    caches["pages"].clear()  # as after a change of published content, in every process
    with CaptureQueriesContext(connection) as cold:
        assert client.get(url(assignment)).status_code == 200
    assert len(cold.captured_queries) == get + OUTLINE_QUERIES
    page = client.get(url(assignment)).content.decode()
    assert page.count("Edellinen kierros (") == 13  # the previous round was read, not skipped
