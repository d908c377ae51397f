"""Officials rate a section, approvers decide, administrators reopen: permissions, states,
history, conflicts and bad input, through the pages in both languages."""

import pytest
from django.urls import reverse

from evaluations.models import Assignment, AssignmentState, Rating, RoundState
from evaluations.rating.selectors import block_items, goal_blocks
from evaluations.roles import OFFICIAL
from tests.evaluations.helpers import complete, first_key, form_data, login, url
from tests.factories import (
    make_assignment,
    make_goal,
    make_round,
    make_section,
    make_sub_goal,
    make_user,
)
from tests.support import localized_path

pytestmark = pytest.mark.django_db


# Permission matrix -----------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client, assignment, language):
    response = client.get(url(assignment, language))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_login_page_is_in_both_languages(client, lang):
    body = client.get(localized_path(lang, "/kirjaudu/")).content.decode()
    assert {"fi": "Kirjaudu sisään", "sv": "Logga in"}[lang] in body


def test_official_sees_only_own_sections_on_my_work(client, people, assignment, language):
    body = login(client, people["official"]).get(localized_path(language, "/tyo/")).content.decode()
    assert assignment.section.title_fi in body
    other = Assignment.objects.exclude(pk=assignment.pk).get(round=assignment.round)
    assert other.section.title_fi not in body
    assert "0 / 3" in body  # one goal and two sub-goals to rate


def test_official_cannot_read_or_edit_another_section(client, people, assignment, language):
    other = Assignment.objects.exclude(pk=assignment.pk).get(round=assignment.round)
    login(client, people["official"])
    assert client.get(url(other, language)).status_code == 403
    data = form_data(other, **{first_key(other).replace("-", "_"): {"score": 5}})
    assert client.post(url(other, language), data).status_code == 403
    assert not Rating.objects.filter(round=assignment.round).exists()


@pytest.mark.parametrize("who", ["councillor", "approver"])
def test_only_assigned_officials_may_save(client, people, assignment, who):
    # The councillor is not assigned at all; the approver may read but not rate.
    login(client, people[who])
    data = form_data(assignment, **complete(assignment))
    assert client.post(url(assignment), data).status_code == 403
    assert not Rating.objects.filter(round=assignment.round).exists()
    expected_read = 200 if who == "approver" else 403
    assert client.get(url(assignment)).status_code == expected_read


def test_public_pages_show_only_approved_ratings_of_published_rounds(client, people, section):
    goal = section.goals.get(is_rated=True)
    round_ = make_round(state=RoundState.OPEN)
    assignment = make_assignment(round=round_, section=section, officials=[people["official"]])
    Rating.objects.create(round=round_, goal=goal, score=5, verbal_evaluation_fi="Salainen luonnos")

    def shown():
        return "Salainen luonnos" in client.get(f"/fi/tavoitteet/{goal.pk}/").content.decode()

    assert not shown()  # open round, draft
    round_.state = RoundState.PUBLISHED
    round_.save()
    assert not shown()  # published round, section not approved
    assignment.state = AssignmentState.APPROVED
    assignment.save()
    assert shown()
    assert Rating.objects.public().filter(goal=goal).count() == 1


# State machine ---------------------------------------------------------------------------


def test_save_draft_then_submit_approve(client, people, assignment, language):
    login(client, people["official"])
    key = first_key(assignment)
    data = form_data(assignment, **{key.replace("-", "_"): {"score": 3}})
    response = client.post(url(assignment, language), data)
    assert response.status_code == 302
    assert Rating.objects.get(round=assignment.round, goal__section=assignment.section).score == 3
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.DRAFT

    response = client.post(
        url(assignment, language, name="work:submit"),
        form_data(assignment, "submit", **complete(assignment)),
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.SUBMITTED
    assert assignment.submitted_by == people["official"]

    login(client, people["approver"])
    response = client.post(url(assignment, language, name="work:approve"), {})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.APPROVED


def test_submitting_an_incomplete_section_saves_nothing(client, people, assignment, language):
    login(client, people["official"])
    changes = complete(assignment)
    changes[first_key(assignment).replace("-", "_")]["verbal_evaluation_fi"] = ""
    response = client.post(
        url(assignment, language, name="work:submit"), form_data(assignment, "submit", **changes)
    )
    assert response.status_code == 400
    expected = {"fi": "sanallinen arvio suomeksi", "sv": "verbal bedömning på finska"}[language]
    assert expected in response.content.decode()
    assert not Rating.objects.filter(round=assignment.round).exists()
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.DRAFT


def submit(client, people, assignment):
    login(client, people["official"])
    response = client.post(
        url(assignment, name="work:submit"), form_data(assignment, "submit", **complete(assignment))
    )
    assert response.status_code == 302


def test_return_needs_a_comment_and_reopens_editing(client, people, assignment, language):
    submit(client, people, assignment)
    login(client, people["official"])
    data = form_data(assignment, **{first_key(assignment).replace("-", "_"): {"score": 1}})
    assert client.post(url(assignment, language), data).status_code == 403  # submitted: locked

    login(client, people["approver"])
    response = client.post(url(assignment, language, name="work:return"), {"comment": " "})
    assert response.status_code == 400
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.SUBMITTED
    comment = "Tarkenna <b>arviota</b>"
    response = client.post(url(assignment, language, name="work:return"), {"comment": comment})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.RETURNED

    login(client, people["official"])
    body = client.get(url(assignment, language)).content.decode()
    assert "Tarkenna &lt;b&gt;arviota&lt;/b&gt;" in body
    data = form_data(assignment, **{first_key(assignment).replace("-", "_"): {"score": 2}})
    assert client.post(url(assignment, language), data).status_code == 302


def test_approved_ratings_are_locked_until_an_administrator_reopens(
    client, people, assignment, language
):
    submit(client, people, assignment)
    login(client, people["approver"])
    client.post(url(assignment, name="work:approve"), {})
    key = first_key(assignment).replace("-", "_")

    login(client, people["official"])
    response = client.post(url(assignment, language), form_data(assignment, **{key: {"score": 1}}))
    assert response.status_code == 403
    assert {"fi": "lukittu", "sv": "låsta"}[language] in response.content.decode()

    login(client, people["approver"])  # approvers cannot reopen
    assert client.post(url(assignment, name="work:reopen"), {"comment": "x"}).status_code == 403
    login(client, people["admin"])
    response = client.post(url(assignment, name="work:reopen"), {"comment": "Korjaus tarvitaan"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.RETURNED

    login(client, people["official"])
    assert (
        client.post(url(assignment), form_data(assignment, **{key: {"score": 1}})).status_code
        == 302
    )


def test_no_edits_after_the_round_is_closed(client, people, assignment, language):
    assignment.round.state = RoundState.CLOSED
    assignment.round.save()
    login(client, people["official"])
    key = first_key(assignment).replace("-", "_")
    response = client.post(url(assignment, language), form_data(assignment, **{key: {"score": 4}}))
    assert response.status_code == 403
    assert {"fi": "suljettu", "sv": "stängd"}[language] in response.content.decode()
    assert not Rating.objects.filter(round=assignment.round).exists()


# History -----------------------------------------------------------------------------------


def test_every_change_is_kept_with_who_and_old_and_new(client, people, assignment, language):
    login(client, people["official"])
    key = first_key(assignment).replace("-", "_")
    client.post(url(assignment), form_data(assignment, **{key: {"score": 2}}))
    client.post(url(assignment), form_data(assignment, **{key: {"score": 4, "achieved": "yes"}}))
    rating = Rating.objects.get(round=assignment.round, goal__section=assignment.section)
    records = list(rating.history.order_by("history_date"))
    assert [r.score for r in records] == [2, 4]
    assert {r.history_user for r in records} == {people["official"]}
    body = client.get(url(assignment, language)).content.decode()
    assert "2 → 4" in body
    assert {"fi": "Muutoshistoria (2 muutosta)", "sv": "Ändringshistorik (2 ändringar)"}[
        language
    ] in body


def test_the_goal_page_shows_the_history_to_those_who_may_see_drafts(
    client, people, assignment, language
):
    login(client, people["official"])
    key = first_key(assignment).replace("-", "_")
    client.post(url(assignment), form_data(assignment, **{key: {"score": 2}}))
    client.post(url(assignment), form_data(assignment, **{key: {"score": 3}}))
    goal = assignment.section.goals.get(is_rated=True)
    page = localized_path(language, f"/tavoitteet/{goal.pk}/")
    heading = {"fi": "Arvioiden muutoshistoria", "sv": "Bedömningarnas ändringshistorik"}[language]
    body = client.get(page).content.decode()
    assert heading in body and "2 → 3" in body
    login(client, people["other_official"])
    assert heading not in client.get(page).content.decode()
    client.logout()
    assert heading not in client.get(page).content.decode()


# No lost updates -----------------------------------------------------------------------------


def test_a_second_save_of_the_same_rating_is_refused_and_shows_the_first(
    client, people, assignment, language
):
    second = make_user(OFFICIAL)
    assignment.officials.add(second)
    key = first_key(assignment).replace("-", "_")
    loaded_by_second = form_data(assignment, **{key: {"verbal_evaluation_fi": "Toisen teksti"}})

    login(client, people["official"])
    first = form_data(assignment, **{key: {"score": 5, "verbal_evaluation_fi": "Ensimmäisen"}})
    assert client.post(url(assignment, language), first).status_code == 302

    login(client, second)
    response = client.post(url(assignment, language), loaded_by_second)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Ensimmäisen" in body and "Toisen teksti" in body
    assert {"fi": "Mitään ei tallennettu", "sv": "Ingenting sparades"}[language] in body
    rating = Rating.objects.get(round=assignment.round, goal__section=assignment.section)
    assert (rating.score, rating.verbal_evaluation_fi) == (5, "Ensimmäisen")

    # Saving again from the refreshed page replaces the first version knowingly.
    again = form_data(assignment, **{key: {"verbal_evaluation_fi": "Toisen teksti"}})
    assert client.post(url(assignment, language), again).status_code == 302
    rating.refresh_from_db()
    assert rating.verbal_evaluation_fi == "Toisen teksti"


def test_untouched_rows_do_not_conflict(client, people, assignment):
    second = make_user(OFFICIAL)
    assignment.officials.add(second)
    items = block_items(goal_blocks(assignment=assignment, with_history=False))
    first_key_, other_key = items[0].key.replace("-", "_"), items[1].key.replace("-", "_")
    loaded_by_second = form_data(assignment, **{other_key: {"score": 2}})
    login(client, people["official"])
    client.post(url(assignment), form_data(assignment, **{first_key_: {"score": 5}}))
    login(client, second)
    assert client.post(url(assignment), loaded_by_second).status_code == 302
    assert Rating.objects.filter(round=assignment.round, score__in=[5, 2]).count() == 2


# Bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [("score", "9"), ("score", "0"), ("achieved", "maybe"), ("verbal_evaluation_fi", "x" * 8001)],
)
def test_bad_values_are_refused_with_a_message(client, people, assignment, language, field, value):
    login(client, people["official"])
    changes = complete(assignment)
    changes[first_key(assignment).replace("-", "_")][field] = value
    response = client.post(url(assignment, language), form_data(assignment, **changes))
    assert response.status_code == 400
    body = response.content.decode()
    assert {"fi": "Mitään ei tallennettu", "sv": "Ingenting sparades"}[language] in body
    assert not Rating.objects.filter(round=assignment.round).exists()


def test_tampered_version_is_refused(client, people, assignment):
    login(client, people["official"])
    data = form_data(assignment, **complete(assignment))
    data[f"{first_key(assignment)}-version"] = "abc"
    assert client.post(url(assignment), data).status_code == 400
    assert not Rating.objects.filter(round=assignment.round).exists()


def test_unknown_assignment_is_404_and_unknown_action_400(client, people, assignment):
    login(client, people["official"])
    assert client.get("/fi/tyo/999999/").status_code == 404
    assert client.post(url(assignment), {"action": "delete-everything"}).status_code == 400


def test_html_in_texts_is_shown_not_run(client, people, assignment):
    login(client, people["official"])
    key = first_key(assignment).replace("-", "_")
    text = '<script>alert("x")</script>'
    client.post(url(assignment), form_data(assignment, **{key: {"verbal_evaluation_fi": text}}))
    body = client.get(url(assignment)).content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert" in body


# Bounded queries --------------------------------------------------------------------------


def test_rating_form_queries_do_not_grow_with_goals(client, people, django_assert_max_num_queries):
    section = make_section()
    for _ in range(5):
        make_goal(section=section)
    assignment = make_assignment(section=section, officials=[people["official"]])
    login(client, people["official"])
    with django_assert_max_num_queries(25) as five:
        assert client.get(url(assignment)).status_code == 200
    five_goals = len(five.captured_queries)  # read now: a later request clears the query log
    for n in range(45):
        goal = make_goal(section=section, is_rated=n % 2 == 0)
        make_sub_goal(goal=goal, is_rated=n % 2 == 1)
    data = form_data(assignment, **complete(assignment))
    assert client.post(url(assignment), data).status_code == 302  # ratings and history exist
    with django_assert_max_num_queries(five_goals):
        body = client.get(url(assignment)).content.decode()
    assert body.count('class="rate-item') == 50


def test_largest_fixture_section_form_has_bounded_queries(
    client, people, django_assert_max_num_queries
):
    from django.db.models import Count

    from strategy.models import Section

    largest = (
        Section.objects.annotate(n=Count("goals"))
        .filter(strategy__key="service-strategy")
        .order_by("-n")
        .first()
    )
    round_ = make_round(state=RoundState.OPEN)
    assignment = make_assignment(round=round_, section=largest, officials=[people["official"]])
    login(client, people["official"])
    with django_assert_max_num_queries(25):
        response = client.get(url(assignment, "sv"))
    assert response.status_code == 200


def test_a_refused_decision_shows_the_form_page_whose_forms_post_where_they_belong(
    client, people, assignment, language
):
    """The page shown again at the decision's address: its rating form still saves at the
    form's address, and each decision button posts to its own view."""
    submit(client, people, assignment)
    login(client, people["approver"])
    response = client.post(url(assignment, language, name="work:return"), {"comment": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert f'action="{url(assignment, language)}"' in page
    for decision in ("approve", "return"):
        assert f'formaction="{url(assignment, language, name=f"work:{decision}")}"' in page
    assert 'name="action"' not in page  # no view chooses what to do from a posted string


def test_the_rating_form_submits_through_its_own_address(client, people, assignment, language):
    login(client, people["official"])
    page = client.get(url(assignment, language)).content.decode()
    assert f'formaction="{url(assignment, language, name="work:submit")}"' in page
    # Posted to the form's own address, even with the old "submit" field, it only saves.
    data = form_data(assignment, "submit", **complete(assignment))
    assert client.post(url(assignment, language), data).status_code == 302
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.DRAFT
    assert client.post(url(assignment, language, name="work:submit"), data).status_code == 302
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.SUBMITTED
