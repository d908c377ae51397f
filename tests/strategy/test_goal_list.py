"""The public goal list: filters, sorting, pagination, exports, escaping, query ceilings."""

import csv
import io
import itertools

import openpyxl
import pytest

from evaluations.models import Assignment, AssignmentState, EvaluationRound, Rating
from strategy.models import Goal, Section
from tests.factories import make_goal, make_rating, make_sub_goal
from tests.support import localized_path

pytestmark = pytest.mark.django_db

URL = "/tavoitteet/"
_orders = itertools.count(1000)


@pytest.fixture
def round_():
    return EvaluationRound.objects.get(key="eval-2024")


@pytest.fixture
def section():
    """A section of the 2024 round whose ratings are approved, so they are public."""
    return Section.objects.get(strategy__key="county-strategy", key="promote-wellbeing")


def add_goal(section, round_, score=3, **fields):
    goal = make_goal(section=section, order=next(_orders), **fields)
    make_rating(round=round_, goal=goal, score=score)
    return goal


def listed_ids(response) -> list[int]:
    """The ids of every goal the list holds for the request (all pages), in order."""
    return list(response.context["table"].data.data.values_list("pk", flat=True))


def evaluated_goals(round_):
    return Goal.objects.filter(section__strategy__in=round_.strategies.all())


def public_matches(round_, **rating_filter) -> set[int]:
    """Goals the filter should find, computed straight from the public ratings."""
    ratings = Rating.objects.public().filter(round=round_, **rating_filter)
    own = set(ratings.filter(goal__is_rated=True).values_list("goal_id", flat=True))
    sub = set(ratings.filter(sub_goal__is_rated=True).values_list("sub_goal__goal_id", flat=True))
    return own | sub


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        ("fi", ["Tavoitteet ja niiden arviot", "Rajaa tavoitteita", "Kaikki strategiat"]),
        ("sv", ["Målen och deras bedömningar", "Avgränsa målen", "Alla strategier"]),
    ],
)
def test_page_in_both_languages(client, round_, lang, texts):
    response = client.get(localized_path(lang, URL))
    body = response.content.decode()
    assert response.status_code == 200
    for text in texts:
        assert text in body
    assert "<fieldset>" in body and "<legend>" in body and 'type="submit"' in body
    assert len(listed_ids(response)) == evaluated_goals(round_).count()
    assert f'<option value="{round_.key}" selected>' in body


def test_default_round_is_the_latest_published_one(client, round_):
    default = client.get("/fi/tavoitteet/")
    explicit = client.get(f"/fi/tavoitteet/?round={round_.key}")
    assert default.context["round"] == round_
    assert listed_ids(default) == listed_ids(explicit)


def test_strategy_filter(client, round_, language):
    response = client.get(localized_path(language, URL) + "?strategy=county-strategy")
    ids = listed_ids(response)
    assert ids and set(ids) == set(
        evaluated_goals(round_)
        .filter(section__strategy__key="county-strategy")
        .values_list("pk", flat=True)
    )


def test_section_filter_takes_the_sections_below(client):
    response = client.get("/fi/tavoitteet/?section=service-strategy.older-people")
    older_people = Section.objects.get(strategy__key="service-strategy", key="older-people")
    expected = Goal.objects.filter(section__parent=older_people) | Goal.objects.filter(
        section=older_people
    )
    assert set(listed_ids(response)) == set(expected.values_list("pk", flat=True))
    assert len(listed_ids(response)) > 0


@pytest.mark.parametrize("score", [1, 2, 3, 4, 5])
def test_rating_filter_matches_own_or_sub_goal_ratings(client, round_, score):
    response = client.get(f"/fi/tavoitteet/?rating={score}")
    assert set(listed_ids(response)) == public_matches(round_, score=score)


def test_rating_filter_finds_a_goal_rated_through_its_sub_goals(client):
    # Avosairaanhoito goal 1 is rated only through its sub-goals: 2 and 4.
    goal = Goal.objects.get(section__key="outpatient-care", order=1)
    assert not goal.is_rated
    for score, found in [(2, True), (4, True), (3, False)]:
        ids = listed_ids(
            client.get(f"/fi/tavoitteet/?rating={score}&section=service-strategy.outpatient-care")
        )
        assert (goal.pk in ids) is found


@pytest.mark.parametrize("achieved", ["yes", "partly", "no"])
def test_achieved_filter(client, round_, achieved):
    response = client.get(f"/fi/tavoitteet/?achieved={achieved}")
    assert set(listed_ids(response)) == public_matches(round_, achieved=achieved)


def test_filters_combine(client, round_):
    response = client.get("/fi/tavoitteet/?strategy=county-strategy&achieved=yes&rating=4")
    expected = public_matches(round_, achieved="yes") & public_matches(round_, score=4)
    expected &= set(
        Goal.objects.filter(section__strategy__key="county-strategy").values_list("pk", flat=True)
    )
    assert set(listed_ids(response)) == expected
    assert response.context["is_filtered"]


def test_search_by_title_and_number(client, section, round_):
    goal = add_goal(section, round_, number="9.9", title_fi="Kokeilutavoite hakua varten")
    assert listed_ids(client.get("/fi/tavoitteet/?q=kokeilutavoite")) == [goal.pk]
    assert goal.pk in listed_ids(client.get("/fi/tavoitteet/?q=9.9"))
    # The known goal about family carers (omaishoito), found by a part of a word.
    ids = listed_ids(client.get("/fi/tavoitteet/?q=omaishoido"))
    assert ids == list(
        Goal.objects.filter(title_fi__icontains="omaishoido").values_list("pk", flat=True)
    )


def test_search_reads_the_title_as_shown_in_swedish(client, section, round_):
    both = add_goal(section, round_, title_fi="Suomeksi ankkuri", title_sv="På svenska ankare")
    finnish_only = add_goal(section, round_, title_fi="Vain suomeksi ankkuri")
    assert set(listed_ids(client.get(localized_path("sv", "/tavoitteet/?q=ankkuri")))) == {
        finnish_only.pk
    }
    assert listed_ids(client.get(localized_path("sv", "/tavoitteet/?q=ankare"))) == [both.pk]
    assert set(listed_ids(client.get("/fi/tavoitteet/?q=ankkuri"))) == {both.pk, finnish_only.pk}


def test_only_public_ratings_are_shown_and_filtered(client, round_):
    """Ratings of a section that is not approved stay hidden (Rating.objects.public())."""
    goal = Goal.objects.get(section__key="outpatient-care", order=3)
    assert goal.pk in listed_ids(client.get("/fi/tavoitteet/?rating=3"))
    Assignment.objects.filter(round=round_, section=goal.section).update(
        state=AssignmentState.SUBMITTED
    )
    response = client.get("/fi/tavoitteet/?rating=3&section=service-strategy.outpatient-care")
    assert response.status_code == 200
    assert listed_ids(response) == []
    response = client.get("/fi/tavoitteet/?section=service-strategy.outpatient-care")
    assert goal.pk in listed_ids(response)
    assert 'class="score score-3" title=' not in response.content.decode()


def scores_of(response):
    table = response.context["table"]
    return [row.record.rating_score for row in table.rows]


def test_sort_by_rating_puts_unrated_goals_last(client):
    ascending = scores_of(client.get("/fi/tavoitteet/?sort=rating"))
    descending = scores_of(client.get("/fi/tavoitteet/?sort=-rating"))
    for scores, reverse in [(ascending, False), (descending, True)]:
        rated = [s for s in scores if s is not None]
        assert rated == sorted(rated, reverse=reverse)
        assert scores[: len(rated)] == rated  # the unrated ones come after
    assert ascending[0] == 1 or ascending[0] == min(s for s in ascending if s is not None)
    assert descending[0] == 5


def test_sort_by_achieved_and_by_strategy(client):
    response = client.get("/fi/tavoitteet/?sort=achieved")
    values = [row.record.rating_achieved for row in response.context["table"].rows]
    order = {"yes": 0, "partly": 1, "no": 2, "not_applicable": 3, "": 4}
    assert [order[v] for v in values] == sorted(order[v] for v in values)
    response = client.get(localized_path("sv", "/tavoitteet/?sort=-strategy"))
    names = [row.record.section.strategy.name_sv for row in response.context["table"].rows]
    assert names == sorted(names, reverse=True)


def test_sort_links_and_aria_sort(client):
    body = client.get("/fi/tavoitteet/?sort=-rating&rating=3").content.decode()
    assert 'aria-sort="descending"' in body
    assert "?sort=rating&amp;rating=3" in body or "?rating=3&amp;sort=rating" in body


def test_pagination(client, round_):
    first = client.get("/fi/tavoitteet/")
    second = client.get("/fi/tavoitteet/?page=2")
    total = evaluated_goals(round_).count()
    assert len(first.context["table"].page.object_list) == 25
    assert second.context["table"].page.start_index() == 26
    body = first.content.decode()
    assert 'aria-current="page"' in body and 'rel="next"' in body
    assert f"Tavoitteita: {total}" in body
    last = -(-total // 25)
    assert client.get(f"/fi/tavoitteet/?page={last}").status_code == 200


@pytest.mark.parametrize(
    "query",
    ["page=999", "page=0", "page=abc", "round=nonexistent", "round=eval-2025", "_export=pdf"],
)
def test_bad_parameters_are_not_found(client, query):
    assert client.get(f"/fi/tavoitteet/?{query}").status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("rating=9", "Valitse oikea vaihtoehto"),
        ("achieved=maybe", "Valitse oikea vaihtoehto"),
        ("strategy=nope", "Valitse oikea vaihtoehto"),
        ("section=nope", "Valitse oikea vaihtoehto"),
        ("q=" + "x" * 201, "enintään 200"),
        ("rating=9&_export=csv", None),
    ],
)
def test_bad_filter_values_give_a_clear_message(client, query, message):
    response = client.get(f"/fi/tavoitteet/?{query}")
    if message is None:
        assert response.status_code == 404  # no export of an invalid filter
        return
    body = response.content.decode()
    assert response.status_code == 400
    assert "Tarkista rajaukset" in body and message in body


def test_unknown_sort_is_ignored(client):
    response = client.get("/fi/tavoitteet/?sort=bogus,-nothing")
    assert response.status_code == 200
    assert listed_ids(response) == listed_ids(client.get("/fi/tavoitteet/"))


def test_goal_rated_through_sub_goals_shows_their_ratings_and_mean(client):
    body = client.get("/fi/tavoitteet/?section=service-strategy.outpatient-care").content.decode()
    # Goal 2: sub-goals 3 and 2, mean 2,5, in Finnish format.
    assert "keskiarvo 2,5" in body
    assert 'class="sub-goal-ratings"' in body


def read_csv(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def read_xlsx(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_csv_export_holds_the_filtered_rows(client):
    url = "/fi/tavoitteet/?section=service-strategy.outpatient-care&_export=csv"
    response = client.get(url)
    assert 'filename="tavoitteet-eval-2024.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    header, data = rows[0], rows[1:]
    assert header[:4] == ["Strategia", "Osio", "Numero", "Tavoite"]
    expected = Goal.objects.filter(section__key="outpatient-care").count()
    assert len(data) == expected
    row = dict(zip(header, data[1], strict=True))
    assert row["Arvioitu"] == "alatavoitteittain"
    assert row["Alatavoitteiden arviot"] == "3; 2"
    assert row["Alatavoitteiden arvioiden keskiarvo"] == "2,5"
    assert row["Osoite"].startswith("http://testserver/fi/tavoitteet/")


def test_xlsx_export_in_swedish_holds_the_filtered_rows(client, round_):
    response = client.get(localized_path("sv", "/tavoitteet/?rating=5&_export=xlsx&page=3"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="mal-eval-2024.xlsx"' in response["Content-Disposition"]
    rows = read_xlsx(response)
    header, data = rows[0], rows[1:]
    assert header[:4] == ["Strategi", "Avsnitt", "Nummer", "Mål"]
    assert len(data) == len(public_matches(round_, score=5))
    ratings = [dict(zip(header, row, strict=True))["Bedömning (1–5)"] for row in data]
    assert 5 in ratings


def test_html_in_texts_is_escaped_in_page_and_exports(client, section, round_):
    goal = add_goal(section, round_, score=2, title_fi='<script>alert("x")</script> hakusana')
    Rating.objects.filter(goal=goal).update(verbal_evaluation_fi="<b>lihava</b>")
    body = client.get("/fi/tavoitteet/?q=hakusana").content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
    rows = read_csv(client.get("/fi/tavoitteet/?q=hakusana&_export=csv"))
    assert rows[1][3] == '<script>alert("x")</script> hakusana'  # plain text in a CSV cell


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_formula_like_cells_are_defused_in_exports(client, section, round_, start):
    title = f'{start}HYPERLINK("http://evil.invalid","klikkaa") kaava'
    goal = add_goal(section, round_, title_fi=title)
    Rating.objects.filter(goal=goal).update(verbal_evaluation_fi=f"{start}1+1")
    rows = read_csv(client.get("/fi/tavoitteet/?q=kaava&_export=csv"))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Tavoite"] == "'" + title
    assert row["Sanallinen arviointi"] == f"'{start}1+1"
    rows = read_xlsx(client.get("/fi/tavoitteet/?q=kaava&_export=xlsx"))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Tavoite"] == "'" + title


def test_queries_do_not_grow_with_goals(client, section, round_, django_assert_max_num_queries):
    def add_goals_rated_by_sub_goal(count):
        for _ in range(count):
            goal = add_goal(section, round_, is_rated=False)
            for score in (2, 3):
                sub_goal = make_sub_goal(goal=goal, order=next(_orders), is_rated=True)
                Rating.objects.create(round=round_, sub_goal=sub_goal, score=score)

    urls = [
        "/fi/tavoitteet/",
        "/fi/tavoitteet/?sort=-rating&rating=3&achieved=partly&q=a",
        "/fi/tavoitteet/?_export=csv",
        localized_path("sv", "/tavoitteet/?_export=xlsx"),
    ]
    # One such goal first, so that every prefetch already has rows to fetch.
    add_goals_rated_by_sub_goal(1)
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(10) as captured:
            assert client.get(url).status_code == 200
        counts[url] = len(captured.captured_queries)
    add_goals_rated_by_sub_goal(30)
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200
