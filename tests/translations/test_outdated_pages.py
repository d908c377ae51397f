"""What readers and officials see of an outdated Swedish text: pages, the report, the form."""

import pytest
from django.urls import reverse
from django.utils import translation

from evaluations.models import Rating, RoundState
from evaluations.reports.evaluation import report_html
from tests.evaluations.helpers import form_data, url
from tests.factories import (
    make_assignment,
    make_goal,
    make_rating,
    make_round,
    make_section,
    make_strategy,
)

pytestmark = pytest.mark.django_db

NOTE_SV = "kan vara föråldrad"


@pytest.fixture
def published():
    """A published, approved rating whose Finnish evaluation changed after its Swedish."""
    strategy = make_strategy(key="outdated-test")
    section = make_section(strategy=strategy, title_fi="Linjaus", title_sv="Riktlinje")
    goal = make_goal(section=section, title_fi="Tavoite", title_sv="Mål")
    round_ = make_round(state=RoundState.PUBLISHED)
    round_.strategies.add(strategy)
    make_assignment(round=round_, section=section, state="approved")
    rating = make_rating(
        round=round_,
        goal=goal,
        achieved="yes",
        verbal_evaluation_fi="Alkuperäinen arvio.",
        verbal_evaluation_sv="Ursprunglig bedömning.",
    )
    rating.verbal_evaluation_fi = "Korjattu arvio."
    rating.save()
    return {"strategy": strategy, "goal": goal, "round": round_, "rating": rating}


def _get(client, name, lang, **kwargs):
    with translation.override(lang):
        return client.get(reverse(name, kwargs=kwargs)).content.decode()


def test_goal_page_in_swedish_marks_the_outdated_evaluation(client, published):
    html = _get(client, "strategy:goal", "sv", pk=published["goal"].pk)
    assert "Ursprunglig bedömning." in html
    assert NOTE_SV in html
    assert html.count(NOTE_SV) == 1  # the goal's own title is current
    fi = _get(client, "strategy:goal", "fi", pk=published["goal"].pk)
    assert "Korjattu arvio." in fi and "vanhentunut" not in fi


def test_strategy_page_in_swedish_marks_it_and_updating_the_swedish_clears_it(client, published):
    html = _get(client, "strategy:detail", "sv", key="outdated-test")
    assert NOTE_SV in html
    rating = Rating.objects.get(pk=published["rating"].pk)
    rating.verbal_evaluation_sv = "Korrigerad bedömning."
    rating.save()
    html = _get(client, "strategy:detail", "sv", key="outdated-test")
    assert "Korrigerad bedömning." in html and NOTE_SV not in html


def test_report_in_swedish_marks_the_outdated_evaluation(published):
    html = report_html(round=published["round"], language="sv")
    assert "Ursprunglig bedömning." in html
    assert NOTE_SV in html


def test_rating_form_tells_the_official_their_swedish_is_older(client, people, assignment):
    client.force_login(people["official"])
    goal = assignment.section.goals.filter(is_rated=True).first()
    key = f"goal_{goal.pk}"
    client.post(
        url(assignment),
        form_data(
            assignment,
            **{key: {"verbal_evaluation_fi": "Hyvä.", "verbal_evaluation_sv": "Bra."}},
        ),
    )
    page = client.get(url(assignment, "sv")).content.decode()
    assert "outdated-note" not in page
    client.post(
        url(assignment), form_data(assignment, **{key: {"verbal_evaluation_fi": "Parempi."}})
    )
    page = client.get(url(assignment, "sv")).content.decode()
    assert page.count('class="outdated-note"') == 1
    client.post(
        url(assignment), form_data(assignment, **{key: {"verbal_evaluation_sv": "Bättre."}})
    )
    page = client.get(url(assignment, "sv")).content.decode()
    assert "outdated-note" not in page
