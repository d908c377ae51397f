"""Evidence beside the term-end rating: the rating form shows each goal's indicators (latest
value, target, on-track) and its actions' latest statuses; only public follow-up data."""

from datetime import date

import pytest

from evaluations.models import AssignmentState, RoundState
from evaluations.roles import OFFICIAL
from tests.evaluations.progress_builders import (
    approve,
    followup_world,
    make_action,
    make_followup_round,
    make_indicator,
    make_update,
    make_value,
)
from tests.factories import make_assignment, make_round, make_user
from tests.support import localized_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def rating_form(client):
    world = followup_world(practice=True)
    official = make_user(OFFICIAL)
    round_ = make_round(state=RoundState.OPEN)
    assignment = make_assignment(round=round_, section=world["goal"].section, officials=[official])
    client.force_login(official)
    return world, assignment


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fi", ["Näyttö valtuustokauden aikaisesta seurannasta", "Viivästynyt", "Tavoitepolulla"]),
        (
            "sv",
            ["Underlag från uppföljningen under fullmäktigeperioden", "Försenad", "På målbanan"],
        ),
    ],
)
def test_rating_form_shows_actions_and_indicators_beside_the_goal(client, rating_form, lang, words):
    _world, assignment = rating_form
    body = client.get(localized_path(lang, f"/tyo/{assignment.pk}/")).content.decode()
    for word in words:
        assert word in body, word
    assert "16,5\u00a0%" in body  # the latest value
    assert "20,0\u00a0%" in body  # the next target
    assert "harjoitusaineistoa" in body or "övningsdata" in body


def test_rating_form_evidence_leaves_out_unapproved_updates(client, rating_form):
    world, assignment = rating_form
    later = make_followup_round(period_end=date(2026, 12, 31))
    approve(later, world["unit"], state=AssignmentState.DRAFT)
    make_update(later, world["actions"]["silent"], "cancelled")
    body = client.get(f"/fi/tyo/{assignment.pk}/").content.decode()
    assert "Keskeytetty" not in body


def test_rating_form_evidence_queries_are_constant(
    client, rating_form, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world, assignment = rating_form
    with CaptureQueriesContext(connection) as before:
        client.get(f"/fi/tyo/{assignment.pk}/")
    for n in range(5):
        action = make_action(goal=world["goal"], unit=world["unit"])
        make_update(world["round"], action, "done")
        indicator = make_indicator(goals=[world["goal"]], unit=world["unit"])
        make_value(world["round"], indicator, date(2025, 12, 31), n)
    with django_assert_max_num_queries(len(before)):
        client.get(f"/fi/tyo/{assignment.pk}/")


@pytest.mark.parametrize(
    ("lang", "title", "practice"),
    [
        ("fi", "Näyttö valtuustokauden aikaisesta seurannasta", "harjoitusaineistoa"),
        ("sv", "Underlag från uppföljningen under fullmäktigeperioden", "övningsdata"),
    ],
)
def test_evaluation_summary_pdf_shows_the_evidence_beside_the_rating(lang, title, practice):
    from evaluations.reports import evaluation as report
    from tests.factories import make_rating

    world = followup_world(practice=True)
    round_ = make_round()
    round_.strategies.add(world["strategy"])
    make_assignment(round=round_, section=world["goal"].section, state=AssignmentState.APPROVED)
    make_rating(round=round_, goal=world["goal"], score=4, verbal_evaluation_fi="Hyvä arvio.")
    html = report.report_html(round=round_, language=lang)
    assert title in html
    assert "16,5\u00a0%" in html and "20,0\u00a0%" in html
    assert practice in html
