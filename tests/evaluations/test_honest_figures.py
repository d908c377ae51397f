"""Honest figures (#12): "not recorded" instead of 0, the document's published figures beside
the computed ones with a note where they differ, one counting rule for goals rated together
with their sub-goals, tentative ratings, the document's story and the watch list — in the
pages (fi and sv), the open data, the admin and the PDF.
"""

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from evaluations.models import Achieved, EvaluationRound, FigureKind, PublishedFigure, Rating
from evaluations.summaries import ratings as selectors
from evaluations.templatetags.figures import recorded
from tests.factories import (
    make_assignment,
    make_goal,
    make_rating,
    make_round,
    make_section,
    make_strategy,
    make_sub_goal,
    make_user,
)
from tests.support import localized_path

# In one test process with the other readers of the demo report (rendered once there).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo_report")]

NOT_RECORDED = {"fi": "ei kirjattu", "sv": "ej registrerat"}
TENTATIVE = {"fi": "alustava", "sv": "preliminär"}
DIFFERS = {
    "fi": "Arvioista laskettu luku eroaa: 3,2, asiakirjassa 3,4.",
    "sv": "Siffran beräknad ur bedömningarna avviker: 3,2, i dokumentet 3,4.",
}


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def page_text(response) -> str:
    return squash(re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def round_2024():
    return EvaluationRound.objects.get(key="eval-2024")


# --- The rules, on a small round of their own -----------------------------------------------------


@pytest.fixture
def small():
    """A published round: goal A rated 4 (yes), goal B rated 2 with two sub-goals rated 5 and 3,
    goal C rated (5) tentatively; section 2 has goals without achieved status."""
    strategy = make_strategy()
    first = make_section(strategy=strategy)
    second = make_section(strategy=strategy)
    round_ = make_round()
    round_.strategies.add(strategy)
    for section in (first, second):
        make_assignment(round=round_, section=section, state="approved")
    a, b, c = (make_goal(section=first) for _ in range(3))
    make_rating(round=round_, goal=a, score=4, achieved=Achieved.YES)
    make_rating(round=round_, goal=b, score=2)
    for score in (5, 3):
        sub = make_sub_goal(goal=b, is_rated=True)
        make_rating(round=round_, goal=None, sub_goal=sub, score=score)
    make_rating(round=round_, goal=c, score=5, is_tentative=True)
    for score in (1, 3):
        make_rating(round=round_, goal=make_goal(section=second), score=score)
    return round_, strategy, first, second


def test_parents_rated_with_their_sub_goals_are_counted_through_the_sub_goals(small):
    round_, strategy, first, _second = small
    sections, _total = selectors.strategy_summaries(round=round_, strategy=strategy)
    summary = sections[first.pk]
    # A (4) and the two sub-goals of B (5, 3); B's own 2 and C's tentative (5) are left out.
    assert sorted(summary.scores) == [3, 4, 5]
    assert summary.mean == Decimal(4)
    assert (summary.parents_not_counted, summary.tentative_count) == (1, 1)
    assert selectors.item_counts_in_summaries(is_rated=True, rated_sub_goals=0)
    assert not selectors.item_counts_in_summaries(is_rated=True, rated_sub_goals=2)
    assert not selectors.rating_counts(is_tentative=True)


def test_absent_achieved_status_is_not_recorded_not_zero(small):
    round_, strategy, first, second = small
    sections, _total = selectors.strategy_summaries(round=round_, strategy=strategy)
    assert (sections[first.pk].achieved_yes, sections[first.pk].achieved_no) == (1, 0)
    assert sections[second.pk].achieved_not_recorded
    assert sections[second.pk].achieved_yes is None
    assert str(recorded(None)) == '<span class="not-recorded">ei kirjattu</span>'
    assert recorded(0) == "0"


def test_watch_list_and_strongest_results(small):
    round_, *_ = small
    strongest, watch = selectors.rating_extremes(round=round_)
    # Strongest: the sub-goal rated 5 (the tentative (5) is left out). Watch: the goal rated 1
    # (goal B's own 2 is counted through its sub-goals, so it is not on the list).
    assert [item.rating.score for item in strongest] == [5]
    assert strongest[0].rating.sub_goal_id is not None
    assert [item.rating.score for item in watch] == [1]


def test_not_achieved_goals_are_on_the_watch_list(small):
    round_, *_ = small
    rating = Rating.objects.filter(round=round_, score=4).get()
    rating.achieved = Achieved.NO
    rating.save()
    _strongest, watch = selectors.rating_extremes(round=round_)
    assert rating.pk in {item.rating.pk for item in watch}


def test_a_published_figure_that_differs_is_flagged(small):
    round_, strategy, first, second = small
    mean = PublishedFigure.objects.create(
        round=round_, strategy=strategy, section=first, kind=FigureKind.MEAN, value="4.2"
    )
    same = PublishedFigure.objects.create(
        round=round_, strategy=strategy, section=first, kind=FigureKind.MEAN, value="4.0"
    )
    absent = PublishedFigure.objects.create(
        round=round_, strategy=strategy, section=second, kind=FigureKind.ACHIEVED_YES, value=1
    )
    comparisons = {c.figure.pk: c for c in selectors.published_figure_list(round=round_)}
    assert comparisons[mean.pk].differs and comparisons[mean.pk].computed == Decimal(4)
    assert not comparisons[same.pk].differs
    assert comparisons[absent.pk].not_recorded and not comparisons[absent.pk].differs


def test_a_section_of_another_strategy_is_refused():
    figure = PublishedFigure(
        round=make_round(), strategy=make_strategy(), section=make_section(), kind="mean", value=3
    )
    with pytest.raises(Exception) as error:
        figure.full_clean()
    assert "section" in error.value.message_dict


# --- Pages, fi and sv -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_rescue_page_shows_not_recorded_and_the_published_counts(client, lang):
    response = client.get(localized_path(lang, "/strategiat/rescue-service-level/"))
    text = page_text(response)
    assert response.status_code == 200
    assert text.count(NOT_RECORDED[lang]) >= 6  # every achieved cell of the summary table
    # The printed "1 fully, 5 partly" of the first guideline, marked as published.
    computed = r"\s*\*\s*\((laskettu|beräknat): " + NOT_RECORDED[lang] + r"\s*\)"
    assert re.search(r"1" + computed, text)
    assert re.search(r"5" + computed, text)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_service_strategy_page_notes_the_customer_goals_mean(client, lang):
    text = page_text(client.get(localized_path(lang, "/strategiat/service-strategy/")))
    assert "3,4 *" in text  # the printed mean, marked as published
    assert DIFFERS[lang] in text
    # The counting rule under the table: the procurement strategy's 4 goals are not counted.
    rule = {"fi": "(4 tavoitetta)", "sv": "räknas inte (4 mål)"}[lang]
    assert rule in text
    # The tentative rating of specialised care goal 7.
    assert f"(5) {TENTATIVE[lang]}" in text


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_round_page_counts_no_and_shows_what_was_evaluated(client, lang):
    text = page_text(client.get(localized_path(lang, "/arvioinnit/eval-2024/")))
    assert {"fi": "Saavutettu: ei", "sv": "Uppnått: nej"}[lang] in text
    assert NOT_RECORDED[lang] in text  # the rescue decision's row
    assert "264 *" in text and "115" in text  # announced vs counted, with the reason
    assert "Asiakirja ilmoittaa suunnitelmille 264 tavoitetta" in text or lang == "sv"


def test_strategy_page_query_count_does_not_grow_with_figures(
    client, round_2024, django_assert_max_num_queries
):
    client.get("/fi/strategiat/service-strategy/")
    with django_assert_max_num_queries(40):
        client.get("/fi/strategiat/service-strategy/?round=eval-2024")


# --- Open data ------------------------------------------------------------------------------------


def test_open_data_summary_leaves_not_recorded_counts_empty_with_a_flag(client):
    document = json.loads(client.get("/fi/avoin-data/eval-2024/yhteenveto.json").content)
    rescue = next(
        row
        for row in document["rows"]
        if row["strategy"] == "rescue-service-level" and row["row"] == "strategy"
    )
    assert (rescue["achieved_yes"], rescue["achieved_partly"], rescue["achieved_no"]) == (
        None,
        None,
        None,
    )
    assert rescue["achieved_not_recorded"] is True
    county = next(r for r in document["rows"] if r["strategy"] == "county-strategy")
    assert (county["achieved_no"], county["achieved_not_recorded"]) == (0, False)
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/fi/avoin-data/eval-2024/yhteenveto.csv").content.decode())
        )
    )
    rescue_csv = next(r for r in rows if r["strategy"] == "rescue-service-level")
    assert (rescue_csv["achieved_yes"], rescue_csv["achieved_not_recorded"]) == ("", "true")


def test_open_data_goals_mark_tentative_and_uncounted_items(client):
    rows = json.loads(client.get("/fi/avoin-data/eval-2024/tavoitteet.json").content)["rows"]
    tentative = [r for r in rows if r["tentative"]]
    assert [(r["section"], r["score"], r["counted"]) for r in tentative] == [
        ("specialised-care", 5, False)
    ]
    procurement_goals = [
        r for r in rows if r["section"] == "procurement-production" and r["item"] == "goal"
    ]
    assert [r["counted"] for r in procurement_goals] == [False] * 4
    assert sum(r["counted"] for r in rows if r["section"] == "procurement-production") == 24


def test_open_data_published_figures_with_the_difference(client):
    rows = json.loads(client.get("/fi/avoin-data/eval-2024/julkaistut-luvut.json").content)["rows"]
    mean = next(r for r in rows if r["section"] == "customer-goals" and r["kind"] == "mean")
    assert (mean["published_value"], mean["computed_value"], mean["differs"]) == (3.4, 3.2, True)
    rescue = [
        r
        for r in rows
        if r["strategy"] == "rescue-service-level" and r["kind"] == "achieved_partly"
    ]
    assert [(r["published_value"], r["computed_value"], r["not_recorded"]) for r in rescue] == [
        (5, None, True),
        (3, None, True),
        (3, None, True),
        (3, None, True),
        (5, None, True),
    ]
    share = next(r for r in rows if r["kind"] == "share_at_least_7")
    assert (share["published_value"], share["computable"]) == (78, False)


# --- Admin ----------------------------------------------------------------------------------------


def test_admin_lists_every_difference(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:evaluations_publishedfigure_differences"))
    text = page_text(response)
    assert response.status_code == 200
    assert "Asiakastavoitteet" in text and "3,4" in text and "3,2" in text
    assert text.count(NOT_RECORDED["fi"]) == 10  # the rescue guidelines' achieved counts
    listing = client.get(
        reverse("admin:evaluations_publishedfigure_changelist") + "?compared=differs"
    )
    assert "2 julkaistua lukua" in page_text(listing) or "2 julkaistut luvut" in page_text(listing)


def test_admin_differences_need_a_staff_login(client):
    response = client.get(reverse("admin:evaluations_publishedfigure_differences"))
    assert response.status_code == 302


# --- The PDF, fi and sv ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pdf_texts(demo_report_pdfs):
    pdfs = demo_report_pdfs
    return {
        lang: squash(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
        for lang, pdf in pdfs.items()
    }


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_pdf_shows_not_recorded_instead_of_zero(pdf_texts, lang):
    text = pdf_texts[lang]
    rescue = text[text.index({"fi": "Pelastuslaitos", "sv": "Räddningsverket"}[lang]) :]
    assert NOT_RECORDED[lang] in rescue
    # The evaluated strategies' table: the rescue decision's yes / partly / no are not recorded.
    assert re.search(r"5 5 3,6 " + (NOT_RECORDED[lang] + " ") * 2 + NOT_RECORDED[lang], text)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_pdf_marks_published_figures_and_notes_the_difference(pdf_texts, lang):
    text = pdf_texts[lang]
    assert "3,4*" in text or "3,4 *" in text
    assert DIFFERS[lang] in text


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_pdf_mean_does_not_count_parents_twice(pdf_texts, lang):
    """ "Muut" (other plans): 35 counted items with mean 4,1; counting the procurement
    strategy's 4 rated goals too would give 39 items and 4,2."""
    text = pdf_texts[lang]
    assert re.search(r"16 35 4,1", text)
    assert not re.search(r"16 39 4,2", text)
    # The rule is stated under the table.
    assert {"fi": "(4 tavoitetta)", "sv": "(4 mål)"}[lang] in text


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_pdf_shows_the_tentative_rating_and_the_story(pdf_texts, lang):
    text = pdf_texts[lang]
    assert f"(5) {TENTATIVE[lang]}" in text
    assert "Jotta länsiusimaalaiset voivat hyvin." in text
    assert "27.5.2025" in text and "25.10.2022" in text
    assert {"fi": "Vahvimmat tulokset ja seurattavat tavoitteet", "sv": "Starkaste resultat"}[
        lang
    ] in text
    # The stakeholder survey's figures, in the rescue chapter, before chapter 5.
    share = text.index("78 %")
    assert share < text.rindex({"fi": "Kuntakysely", "sv": "Kuntakysely"}[lang])


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_goal_list_and_goal_page_show_the_tentative_rating(client, lang):
    text = page_text(
        client.get(localized_path(lang, "/tavoitteet/?strategy=service-strategy&q=ensihoidon"))
    )
    assert f"(5) {TENTATIVE[lang]}" in text
    rating = Rating.objects.get(is_tentative=True)
    assert f"(5) {TENTATIVE[lang]}" in page_text(
        client.get(localized_path(lang, f"/tavoitteet/{rating.goal_id}/"))
    )
