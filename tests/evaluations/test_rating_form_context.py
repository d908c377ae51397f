"""Beside each item the rating form shows the previous round's public rating and the latest
changes; a long history is cut to the latest five with a link to the goal page's full one."""

from datetime import date

import pytest

from evaluations.models import AssignmentState, Rating, RoundKind
from tests.evaluations.helpers import login, url
from tests.factories import make_assignment, make_goal, make_round, make_sub_goal

pytestmark = pytest.mark.django_db


@pytest.fixture
def goal(assignment):
    return make_goal(section=assignment.section, title_fi="Arvioitava tavoite")


def previous_round(assignment, state):
    previous = make_round(
        key="previous",
        name_fi="Arviointi 2024",
        name_sv="Utvärdering 2024",
        summary_date=date(2025, 1, 17),
    )
    make_assignment(round=previous, section=assignment.section, state=state)
    return previous


@pytest.mark.parametrize(
    ("lang", "words"),
    [("fi", "Edellinen kierros (Arviointi 2024)"), ("sv", "Föregående omgång (Utvärdering 2024)")],
)
def test_form_shows_the_previous_rounds_rating_of_an_approved_section(
    client, people, assignment, goal, lang, words
):
    previous = previous_round(assignment, AssignmentState.APPROVED)
    Rating.objects.create(round=previous, goal=goal, score=2, achieved="no")
    login(client, people["official"])
    page = client.get(url(assignment, lang)).content.decode()
    assert words in page
    assert 'class="score score-2"' in page


def test_form_leaves_out_the_previous_rating_of_a_section_not_approved(
    client, people, assignment, goal
):
    previous = previous_round(assignment, AssignmentState.SUBMITTED)
    Rating.objects.create(round=previous, goal=goal, score=2, achieved="no")
    login(client, people["official"])
    page = client.get(url(assignment)).content.decode()
    assert "Edellinen kierros" not in page
    assert 'class="score score-2"' not in page


def test_a_long_history_shows_the_latest_five_changes_and_links_to_every_change(
    client, people, assignment, goal
):
    rating = Rating.objects.create(round=assignment.round, goal=goal, score=1)
    for score in (2, 3, 4, 5, 1, 2):
        rating.score = score
        rating.save()
    login(client, people["official"])
    page = client.get(url(assignment)).content.decode()
    assert "Muutoshistoria (7 muutosta)" in page
    history = page.split("Muutoshistoria (7 muutosta)")[1].split("</details>")[0]
    assert history.count("arvio:") == 5  # "rating: old → new", one per change shown
    assert "arvio: 1 → 2" in history  # the latest change first
    assert "arvio: – → 1" not in history  # the first, oldest change is left out
    assert "Viimeisimmät 5 muutosta 7 muutoksesta." in history
    assert f'<a href="/fi/tavoitteet/{goal.pk}/#change-history">Kaikki muutokset</a>' in history
    goal_page = client.get(f"/fi/tavoitteet/{goal.pk}/").content.decode()
    assert 'id="change-history"' in goal_page
    assert goal_page.count("arvio:") == 7


def test_a_short_history_shows_every_change_from_the_first_save(client, people, assignment, goal):
    rating = Rating.objects.create(round=assignment.round, goal=goal, score=3)
    rating.achieved = "partly"
    rating.save()
    login(client, people["official"])
    page = client.get(url(assignment)).content.decode()
    history = page.split("Muutoshistoria (2 muutosta)")[1].split("</details>")[0]
    assert "tavoite saavutettu?: – → osittain" in history
    assert "arvio: – → 3" in history  # the first save, compared with nothing
    assert "Viimeisimmät" not in history


def test_the_cached_outline_follows_changes_of_published_content(client, people, assignment):
    """The goals and the previous round's ratings are kept per process between requests: a
    change of either shows at once (it renews the content generation)."""
    goal = make_goal(section=assignment.section, title_fi="Vanha otsikko")
    sub = make_sub_goal(goal=goal, title_fi="Alatavoite")
    previous = previous_round(assignment, AssignmentState.APPROVED)
    rating = Rating.objects.create(round=previous, goal=goal, score=2, achieved="no")
    login(client, people["official"])
    assert "Vanha otsikko" in client.get(url(assignment)).content.decode()
    goal.title_fi = "Uusi otsikko"
    goal.save()
    sub.is_rated = True
    sub.save()
    rating.score = 4
    rating.save()
    page = client.get(url(assignment)).content.decode()
    assert "Uusi otsikko" in page and "Vanha otsikko" not in page
    assert f'id="item-sub-{sub.pk}"' in page
    assert 'class="score score-4"' in page and 'class="score score-2"' not in page


def test_the_previous_round_is_the_latest_dated_evaluation_on_every_database(
    client, people, assignment, goal
):
    previous = previous_round(assignment, AssignmentState.APPROVED)
    Rating.objects.create(round=previous, goal=goal, score=2, achieved="no")
    # Published later, but neither rates this section: a follow-up round and an undated round
    # (PostgreSQL would put the undated first in a plain descending order).
    for key, kind in (("follow-up", RoundKind.FOLLOW_UP), ("undated", RoundKind.EVALUATION)):
        other = make_round(key=key, kind=kind)
        other.strategies.add(assignment.section.strategy)
    login(client, people["official"])
    page = client.get(url(assignment)).content.decode()
    assert "Edellinen kierros (Arviointi 2024)" in page


def test_the_page_title_is_plain_text_also_for_a_text_only_in_finnish(client, people, assignment):
    login(client, people["official"])
    page = client.get(url(assignment, "sv")).content.decode()
    title = page.split("<title>")[1].split("</title>")[0]
    assert f"{assignment.section.title_fi} (endast på finska) – Bedömning" in title
    assert "<span" not in title and "&lt;" not in title
