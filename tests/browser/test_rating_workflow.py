"""In a real browser: an official rates a section and submits it, the approver approves it.

Once in Finnish and once in Swedish; the pages on the way have no WCAG 2.1 AA violations.
"""

import pytest

from evaluations.models import Assignment, AssignmentState, Rating, RoundState
from evaluations.roles import APPROVER, OFFICIAL
from strategy.models import Section
from tests.factories import make_assignment, make_round, make_user
from tests.support import localized_path

PASSWORD = "test-password-123"

TEXTS = {
    "fi": {
        "login": "Kirjaudu sisään",
        "username": "Käyttäjätunnus",
        "password": "Salasana",
        "my_work": "Omat työt",
        "achieved": "osittain",
        "finnish": "Sanallinen arvio suomeksi",
        "save": "Tallenna luonnos",
        "saved": "Luonnos tallennettu",
        "submit": "Lähetä hyväksyttäväksi",
        "submitted": "Osio lähetettiin hyväksyttäväksi",
        "approve": "Hyväksy",
        "approved": "Osio hyväksyttiin",
        "logout": "Kirjaudu ulos",
    },
    "sv": {
        "login": "Logga in",
        "username": "Användarnamn",
        "password": "Lösenord",
        "my_work": "Mitt arbete",
        "achieved": "delvis",
        "finnish": "Verbal bedömning på finska",
        "save": "Spara utkast",
        "saved": "Utkastet sparades",
        "submit": "Skicka in för godkännande",
        "submitted": "Avsnittet skickades in för godkännande",
        "approve": "Godkänn",
        "approved": "Avsnittet godkändes",
        "logout": "Logga ut",
    },
}


def log_in(page, lang, user):
    text = TEXTS[lang]
    page.goto(localized_path(lang, "/kirjaudu/"))
    page.get_by_label(text["username"]).fill(user.username)
    page.get_by_label(text["password"]).fill(PASSWORD)
    page.get_by_role("button", name=text["login"]).click()
    page.wait_for_url("**" + localized_path(lang, "/tyo/"))


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_official_rates_and_submits_then_approver_approves(page, lang, axe):
    text = TEXTS[lang]
    official, approver = make_user(OFFICIAL), make_user(APPROVER)
    section = Section.objects.get(strategy__key="county-strategy", key="promote-wellbeing")
    round_ = make_round(state=RoundState.OPEN)
    assignment = make_assignment(
        round=round_, section=section, officials=[official], approvers=[approver]
    )
    goal_count = section.goals.count()

    log_in(page, lang, official)
    assert page.get_by_role("heading", name=text["my_work"]).is_visible()
    assert axe(page) == []
    page.get_by_role("link", name=section.title_fi).click()
    assert axe(page) == []

    items = page.locator(".rate-item")
    assert items.count() == goal_count
    for index in range(goal_count):
        item = items.nth(index)
        item.get_by_role("radio", name=f"{index % 5 + 1} –").check()
        item.get_by_role("radio", name=text["achieved"], exact=True).check()
        item.get_by_label(text["finnish"]).fill(f"Arvio {index + 1}: <b>edistynyt</b>")
        if index == 0:
            # Save a draft halfway: what is typed stays, the rest is saved later.
            page.get_by_role("button", name=text["save"]).click()
            assert text["saved"] in page.locator(".messages").inner_text()
            items = page.locator(".rate-item")
    page.get_by_role("button", name=text["submit"]).click()
    assert text["submitted"] in page.locator(".messages").inner_text()
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.SUBMITTED
    ratings = Rating.objects.filter(round=round_).order_by("goal__order")
    assert [r.score for r in ratings] == [i % 5 + 1 for i in range(goal_count)]
    assert ratings[0].verbal_evaluation_fi == "Arvio 1: <b>edistynyt</b>"

    page.get_by_role("button", name=text["logout"]).click()
    log_in(page, lang, approver)
    page.get_by_role("link", name=section.title_fi).click()
    body = page.locator("main").inner_text()
    assert "Arvio 1: <b>edistynyt</b>" in body  # shown as text, not as markup
    assert axe(page) == []
    page.get_by_role("button", name=text["approve"], exact=True).click()
    assert text["approved"] in page.locator(".messages").inner_text()
    assert Assignment.objects.get(pk=assignment.pk).state == AssignmentState.APPROVED
