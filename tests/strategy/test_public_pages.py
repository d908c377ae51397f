"""Strategy, goal and front pages: the rating chart, legends, links; the 404 page."""

import pytest

from strategy.models import Goal
from tests.support import localized_path

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lang", "title", "caption"),
    [
        ("fi", "Arvioiden jakauma: Hyvinvointialuestrategia", "arvio 4: 11"),
        ("sv", "Bedömningarnas fördelning: Välfärdsområdesstrategi", "bedömning 4: 11"),
    ],
)
def test_strategy_page_has_the_rating_chart_with_text(client, lang, title, caption):
    body = client.get(localized_path(lang, "/strategiat/county-strategy/")).content.decode()
    # The chart is inline SVG with a title and a description, and its figures in the caption.
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in body and 'role="img"' in body
    assert f">{title}</title>" in body
    assert "<desc" in body
    assert caption in body.split("<figcaption>")[1].split("</figcaption>")[0]
    # The county strategy: 22 rated goals, 1 × 5, 11 × 4, 10 × 3.
    assert '<td class="num">22</td><td class="num">22</td><td class="num">3,6</td>' in body
    assert 'class="scale-legend"' in body
    assert "?round=eval-2024&amp;strategy=county-strategy" in body


def test_strategy_page_escapes_content(client):
    goal = Goal.objects.filter(section__strategy__key="county-strategy").first()
    goal.title_fi = "<script>alert(1)</script>"
    goal.save()
    body = client.get("/fi/strategiat/county-strategy/").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_goal_page_shows_ratings_and_the_scale(client, lang, django_assert_max_num_queries):
    goal = Goal.objects.get(section__key="outpatient-care", order=1)
    with django_assert_max_num_queries(8):
        response = client.get(localized_path(lang, f"/tavoitteet/{goal.pk}/"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="scale-legend"' in body
    assert body.count('class="score score-') >= 2 + 5  # two sub-goal ratings, the legend


@pytest.mark.parametrize(
    ("lang", "link"),
    [("fi", "Kaikki tavoitteet ja niiden arviot"), ("sv", "Alla mål och deras bedömningar")],
)
def test_front_page_links_goals_surveys_and_open_data(
    client, lang, link, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        body = client.get(localized_path(lang, "/")).content.decode()
    assert f'href="{localized_path(lang, "/tavoitteet/?round=eval-2024")}">{link}</a>' in body
    assert f'href="{localized_path(lang, "/kyselyt/municipality-survey-2024/")}"' in body
    assert f'href="{localized_path(lang, "/kyselyt/rescue-stakeholder-survey-2024/")}"' in body
    assert f'href="{localized_path(lang, "/avoin-data/")}"' in body


@pytest.mark.parametrize(
    ("lang", "title"), [("fi", "Sivua ei löytynyt"), ("sv", "Sidan hittades inte")]
)
def test_not_found_page_in_both_languages(client, lang, title):
    response = client.get(localized_path(lang, "/ei-tallaista/"))
    body = response.content.decode()
    assert response.status_code == 404
    assert f"<h1>{title}</h1>" in body and f'<html lang="{lang}">' in body
