"""Public pages answer in both languages with a bounded number of queries."""

import pytest

from strategy.models import Goal, Strategy
from tests.factories import make_goal, make_rating, make_round, make_section
from tests.support import localized_path

pytestmark = pytest.mark.django_db

LANGUAGES = ["fi", "sv"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_front_page_lists_strategies_and_rounds(client, lang):
    body = client.get(localized_path(lang, "/")).content.decode()
    expected = {"fi": "Hyvinvointialuestrategia", "sv": "Välfärdsområdesstrategi"}[lang]
    assert expected in body
    assert {"fi": "Strategioiden arviointi 2024", "sv": "Utvärdering av strategierna 2024"}[
        lang
    ] in body


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    "key", ["county-strategy", "service-strategy", "rescue-service-level", "service-renewal-2026"]
)
def test_strategy_pages_load(client, lang, key):
    response = client.get(localized_path(lang, f"/strategiat/{key}/"))
    assert response.status_code == 200


@pytest.mark.parametrize("lang", LANGUAGES)
def test_strategy_page_shows_the_computed_summary_row(client, lang):
    body = client.get(localized_path(lang, "/strategiat/county-strategy/")).content.decode()
    # Edistämme …: 6 goals, mean 3,8, yes 3, partly 3.
    assert '<td class="num">6</td><td class="num">6</td><td class="num">3,8</td>' in body


@pytest.mark.parametrize("lang", LANGUAGES)
def test_goal_and_round_pages_load(client, lang):
    goal = Goal.objects.filter(section__strategy__key="county-strategy").first()
    assert client.get(localized_path(lang, f"/tavoitteet/{goal.pk}/")).status_code == 200
    assert client.get(localized_path(lang, "/arvioinnit/eval-2024/")).status_code == 200


def test_unknown_pages_are_404(client):
    assert client.get("/fi/strategiat/no-such-strategy/").status_code == 404
    assert client.get("/fi/tavoitteet/999999/").status_code == 404
    assert client.get("/fi/strategiat/county-strategy/?round=nope").status_code == 404


def test_strategy_page_queries_do_not_grow_with_goals(client, django_assert_max_num_queries):
    strategy = Strategy.objects.get(key="county-strategy")
    url = f"/fi/strategiat/{strategy.key}/"
    # 16 + the document's published figures of the strategy (1).
    with django_assert_max_num_queries(17) as before:
        client.get(url)
    section = make_section(strategy=strategy)
    round_ = strategy.evaluation_rounds.first()
    for _ in range(30):
        make_rating(round=round_, goal=make_goal(section=section))
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(url)


def test_round_page_queries_do_not_grow_with_strategies(client, django_assert_max_num_queries):
    from evaluations.models import EvaluationRound
    from tests.factories import make_strategy

    round_ = EvaluationRound.objects.get(key="eval-2024")
    with django_assert_max_num_queries(15) as before:
        client.get("/fi/arvioinnit/eval-2024/")
    for _ in range(3):
        strategy = make_strategy()
        round_.strategies.add(strategy)
        make_rating(round=round_, goal=make_goal(section=make_section(strategy=strategy)))
    with django_assert_max_num_queries(len(before.captured_queries)):
        body = client.get("/fi/arvioinnit/eval-2024/").content.decode()
    strategies_table = body.split("</table>")[0]
    assert strategies_table.count('scope="row"') == 6


def test_summary_pages_come_from_the_page_cache_until_data_changes(
    client, django_assert_max_num_queries
):
    url = "/fi/strategiat/county-strategy/"
    first = client.get(url).content
    with django_assert_max_num_queries(1):  # the content generation
        assert client.get(url).content == first
    goal = Goal.objects.filter(section__strategy__key="county-strategy", is_rated=True).first()
    goal.title_fi = "Uusi otsikko <b>tavoitteelle</b>"
    goal.save()
    body = client.get(url).content.decode()
    assert "Uusi otsikko &lt;b&gt;tavoitteelle&lt;/b&gt;" in body


def test_logged_in_visitors_never_get_a_cached_page(client, django_user_model):
    url = "/fi/arvioinnit/eval-2024/"
    client.get(url)
    client.force_login(django_user_model.objects.create_user("lukija"))
    assert "lukija" in client.get(url).content.decode()


def test_work_in_an_open_round_keeps_the_cached_pages_but_published_changes_renew_them():
    from evaluations.models import EvaluationRound, Rating, RoundState
    from luvn.content_generation import content_generation

    before = content_generation()
    open_round = make_round(state=RoundState.OPEN)
    after_round = content_generation()  # a new round is content: pages list rounds
    assert after_round != before
    Rating.objects.create(round=open_round, goal=Goal.objects.first(), score=2)
    assert content_generation() == after_round
    published = Rating.objects.filter(round=EvaluationRound.objects.get(key="eval-2024")).first()
    published.score = 5 if published.score != 5 else 4
    published.save()
    assert content_generation() != after_round
