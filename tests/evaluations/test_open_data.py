"""Open data: the summary tables and goal ratings as CSV and JSON at stable addresses."""

import csv
import io
import itertools
import json
from decimal import ROUND_HALF_UP, Decimal

import pytest

from evaluations.models import EvaluationRound, Rating
from evaluations.open_data import evaluation as open_data
from evaluations.summaries import ratings as selectors
from strategy.models import Goal, Section, Strategy, SubGoal
from tests.factories import make_goal, make_rating
from tests.support import localized_path

pytestmark = pytest.mark.django_db

_orders = itertools.count(2000)


@pytest.fixture
def round_():
    return EvaluationRound.objects.get(key="eval-2024")


def get_csv(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def get_json(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    return json.loads(response.content)


def test_summary_matches_the_selectors(client, round_):
    document = get_json(client, "/fi/avoin-data/eval-2024/yhteenveto.json")
    assert document["dataset"] == "summary"
    assert document["round"]["key"] == "eval-2024"
    assert document["columns"] == list(open_data.SUMMARY_COLUMNS)
    rows = document["rows"]
    for strategy in round_.strategies.all():
        summaries, total = selectors.strategy_summaries(round=round_, strategy=strategy)
        (total_row,) = [r for r in rows if r["strategy"] == strategy.key and r["row"] == "strategy"]
        assert total_row["goals"] == total.goal_count
        assert total_row["rated_items"] == total.rated_count
        assert total_row["achieved_yes"] == total.achieved_yes
        for section in Section.objects.filter(strategy=strategy):
            (row,) = [
                r for r in rows if r["strategy"] == strategy.key and r["section"] == section.key
            ]
            summary = summaries[section.pk]
            assert (row["goals"], row["achieved_partly"]) == (
                summary.goal_count,
                summary.achieved_partly,
            )
            expected = summary.mean
            if expected is None:
                assert row["mean"] is None
            else:
                assert isinstance(row["mean"], float)
                assert Decimal(str(row["mean"])) == expected.quantize(
                    Decimal("0.01"), rounding=ROUND_HALF_UP
                )
            assert [row[f"rating_{s}"] for s in range(5, 0, -1)] == list(
                summary.distribution.values()
            )


def test_known_summary_row(client):
    """Edistämme asukkaidemme hyvinvointia: 6 goals, mean 3,83, yes 3, partly 3."""
    rows = get_csv(client, localized_path("sv", "/avoin-data/eval-2024/yhteenveto.csv"))
    (row,) = [r for r in rows if r["section"] == "promote-wellbeing"]
    assert (row["goals"], row["mean"], row["achieved_yes"], row["achieved_partly"]) == (
        "6",
        "3.83",
        "3",
        "3",
    )
    assert row["strategy_name_sv"] == "Välfärdsområdesstrategi"
    assert row["depth"] == "0" and row["row"] == "section"


def test_csv_and_json_hold_the_same_rows_in_both_languages(client):
    for slug in ("yhteenveto", "tavoitteet"):
        csv_rows = get_csv(client, f"/fi/avoin-data/eval-2024/{slug}.csv")
        json_rows = get_json(client, localized_path("sv", f"/avoin-data/eval-2024/{slug}.json"))[
            "rows"
        ]
        assert len(csv_rows) == len(json_rows) > 0
        assert list(csv_rows[0]) == list(json_rows[0])
        for csv_row, json_row in zip(csv_rows, json_rows, strict=True):
            for key, value in json_row.items():
                if key == "url":
                    continue
                if value is None:
                    assert csv_row[key] == ""
                elif isinstance(value, bool):
                    assert csv_row[key] == str(value).lower()
                elif isinstance(value, float):
                    assert Decimal(csv_row[key]) == Decimal(str(value))
                else:
                    assert csv_row[key] == str(value), key


def test_goal_rows_match_the_public_ratings(client, round_):
    rows = get_json(client, "/fi/avoin-data/eval-2024/tavoitteet.json")["rows"]
    goals = Goal.objects.filter(section__strategy__in=round_.strategies.all())
    rated_sub_goals = SubGoal.objects.filter(goal__in=goals, is_rated=True)
    assert len([r for r in rows if r["item"] == "goal"]) == goals.count()
    assert len([r for r in rows if r["item"] == "sub_goal"]) == rated_sub_goals.count()
    ratings = selectors.rating_map(round=round_, goals=goals)
    for row in rows:
        if row["item"] == "goal":
            goal = goals.get(pk=row["goal_id"])
            rating = ratings.get(("goal", goal.pk)) if goal.is_rated else None
            assert row["rated"] is goal.is_rated
        else:
            continue
        assert row["score"] == (rating.score if rating else None)
        assert row["achieved"] == (rating.achieved if rating else "")
    # Avosairaanhoito goal 1: rated through its two sub-goals, 2 and 4.
    goal = Goal.objects.get(section__key="outpatient-care", order=1)
    items = [r for r in rows if r["goal_id"] == goal.pk]
    assert [(r["item"], r["rated"], r["score"]) for r in items] == [
        ("goal", False, None),
        ("sub_goal", True, 2),
        ("sub_goal", True, 4),
    ]


def test_a_rating_change_shows_in_the_open_data(client, round_):
    goal = Goal.objects.get(
        section__key="promote-wellbeing", section__strategy__key="county-strategy", order=1
    )
    Rating.objects.filter(round=round_, goal=goal).update(score=1)
    rows = get_json(client, "/fi/avoin-data/eval-2024/tavoitteet.json")["rows"]
    (row,) = [r for r in rows if r["goal_id"] == goal.pk and r["item"] == "goal"]
    assert row["score"] == 1
    summary = get_json(client, "/fi/avoin-data/eval-2024/yhteenveto.json")["rows"]
    (section_row,) = [r for r in summary if r["section"] == "promote-wellbeing"]
    assert section_row["rating_1"] == 1


def test_texts_stay_data_and_csv_cells_are_defused(client, round_):
    section = Section.objects.get(strategy__key="county-strategy", key="promote-wellbeing")
    goal = make_goal(section=section, order=next(_orders), title_fi='=HYPERLINK("x") <b>lihava</b>')
    make_rating(round=round_, goal=goal, score=2, verbal_evaluation_fi="<script>x</script>")
    json_rows = get_json(client, "/fi/avoin-data/eval-2024/tavoitteet.json")["rows"]
    (row,) = [r for r in json_rows if r["goal_id"] == goal.pk]
    assert row["title_fi"] == '=HYPERLINK("x") <b>lihava</b>'
    assert row["verbal_evaluation_fi"] == "<script>x</script>"
    csv_rows = get_csv(client, "/fi/avoin-data/eval-2024/tavoitteet.csv")
    (row,) = [r for r in csv_rows if r["goal_id"] == str(goal.pk)]
    assert row["title_fi"] == "'" + '=HYPERLINK("x") <b>lihava</b>'
    response = client.get("/fi/avoin-data/eval-2024/tavoitteet.json")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "path",
    [
        "/fi/avoin-data/eval-2025/yhteenveto.csv",  # an open round is not public
        "/fi/avoin-data/nope/yhteenveto.json",
        "/fi/avoin-data/eval-2024/yhteenveto.xml",
        "/fi/avoin-data/eval-2024/muuta.csv",
    ],
)
def test_unknown_or_unpublished_files_are_not_found(client, path):
    assert client.get(path).status_code == 404


def test_queries_do_not_grow_with_goals(client, round_, django_assert_max_num_queries):
    section = Section.objects.get(strategy__key="county-strategy", key="promote-wellbeing")
    strategies = Strategy.objects.filter(evaluation_rounds=round_).count()
    with django_assert_max_num_queries(8) as goal_queries:
        client.get("/fi/avoin-data/eval-2024/tavoitteet.csv")
    # The summary costs a few queries per strategy of the round (its summaries and sections).
    with django_assert_max_num_queries(3 + 6 * strategies) as summary_queries:
        client.get("/fi/avoin-data/eval-2024/yhteenveto.csv")
    for _ in range(20):
        make_rating(round=round_, goal=make_goal(section=section, order=next(_orders)))
    with django_assert_max_num_queries(len(goal_queries.captured_queries)):
        client.get("/fi/avoin-data/eval-2024/tavoitteet.csv")
    with django_assert_max_num_queries(len(summary_queries.captured_queries)):
        client.get("/fi/avoin-data/eval-2024/yhteenveto.csv")


@pytest.mark.parametrize(("lang", "title"), [("fi", "Avoin data"), ("sv", "Öppna data")])
def test_open_data_page_and_links(client, lang, title, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        body = client.get(localized_path(lang, "/avoin-data/")).content.decode()
    assert f"<h1>{title}</h1>" in body
    for path in (
        "/avoin-data/eval-2024/yhteenveto.csv",
        "/avoin-data/eval-2024/yhteenveto.json",
        "/avoin-data/eval-2024/tavoitteet.csv",
        "/avoin-data/eval-2024/tavoitteet.json",
    ):
        assert f'href="{localized_path(lang, path)}"' in body
    round_page = client.get(localized_path(lang, "/arvioinnit/eval-2024/")).content.decode()
    strategy_page = client.get(
        localized_path(lang, "/strategiat/county-strategy/")
    ).content.decode()
    for page in (round_page, strategy_page):
        assert f'href="{localized_path(lang, "/avoin-data/eval-2024/yhteenveto.csv")}"' in page
        assert f'href="{localized_path(lang, "/avoin-data/eval-2024/tavoitteet.json")}"' in page
