"""Every public page type, in Finnish and Swedish: no WCAG 2.1 AA violations by axe-core.

Each page is also saved as a full-page screenshot in /tmp/screens/ for a person to look at.
One test per language visits all the pages: every browser test costs a reload of the demo data
(see conftest.py).
"""

from pathlib import Path

import pytest

from strategy.models import Goal
from tests.support import localized_path

SCREENS = Path("/tmp/screens")  # noqa: S108 -- for a person to look at, not secret


def public_pages(lang: str) -> dict[str, str]:
    # A goal rated through its sub-goals, with Finnish-only texts: the hardest goal page.
    goal = Goal.objects.get(
        section__key="outpatient-care", section__strategy__key="service-strategy", order=1
    )
    return {
        "front": localized_path(lang, "/"),
        "strategy": localized_path(lang, "/strategiat/county-strategy/"),
        "strategy-rescue": localized_path(lang, "/strategiat/rescue-service-level/"),
        "goal-list": localized_path(lang, "/tavoitteet/"),
        "goal-list-filtered": (
            localized_path(lang, "/tavoitteet/?strategy=service-strategy&rating=2&sort=-rating")
        ),
        "goal-list-error": localized_path(lang, "/tavoitteet/?rating=9"),
        "goal": localized_path(lang, f"/tavoitteet/{goal.pk}/"),
        "round": localized_path(lang, "/arvioinnit/eval-2024/"),
        "survey-municipality": localized_path(lang, "/kyselyt/municipality-survey-2024/"),
        "survey-stakeholder": localized_path(lang, "/kyselyt/rescue-stakeholder-survey-2024/"),
        "open-data": localized_path(lang, "/avoin-data/"),
        "not-found": localized_path(lang, "/ei-tallaista-sivua/"),
        **follow_up_pages(lang),
    }


def follow_up_pages(lang: str) -> dict[str, str]:
    """The follow-up pages of the demo's practice round (evaluations.followup.public)."""
    from evaluations.followup.public import followed_goals, followup_round_list
    from strategy.models import Indicator

    round_ = followup_round_list().first()
    change_promise = followed_goals().filter(actions__isnull=False).first()
    indicator = Indicator.objects.filter(values__isnull=False).first()
    strategy = change_promise.section.strategy.key
    return {
        "progress": localized_path(lang, f"/strategiat/{strategy}/eteneminen/"),
        "change-promise": localized_path(lang, f"/tavoitteet/{change_promise.pk}/"),
        "indicator": localized_path(lang, f"/mittarit/{indicator.key}/"),
        "follow-up-round": localized_path(lang, f"/arvioinnit/{round_.key}/"),
        "goal-list-follow-up": (
            localized_path(lang, "/tavoitteet/?action_status=delayed&indicator_state=on_track")
        ),
    }


EXPECTED_STATUS = {"not-found": 404, "goal-list-error": 400}


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_public_pages_have_no_wcag_violations(page, live_url, axe, lang):
    SCREENS.mkdir(exist_ok=True)
    problems = []
    for name, path in public_pages(lang).items():
        response = page.goto(live_url(path))
        assert response.status == EXPECTED_STATUS.get(name, 200), path
        assert page.locator("html").get_attribute("lang") == lang, path
        assert page.locator("h1").count() == 1, path
        page.screenshot(path=str(SCREENS / f"{lang}-{name}.png"), full_page=True)
        problems += [f"{path}: {violation}" for violation in axe(page)]
    assert not problems, "\n".join(problems)


def test_keyboard_focus_is_visible_and_skip_link_works(page, live_url):
    page.goto(live_url("/fi/tavoitteet/"))
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const e = document.activeElement; const s = getComputedStyle(e);"
        " const r = e.getBoundingClientRect();"
        " return {cls: e.className, outline: s.outlineStyle, top: r.top, left: r.left}; }"
    )
    assert focused["cls"] == "skip-link"
    assert focused["outline"] != "none" and focused["left"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_goal_filters_work_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(localized_path("sv", "/tavoitteet/"))
        page.get_by_label("Strategi").select_option("county-strategy")
        page.get_by_label("Uppnått?").select_option("yes")
        page.get_by_role("button", name="Visa målen").click()
        assert "strategy=county-strategy" in page.url and "achieved=yes" in page.url
        rows = page.locator("table.goal-list tbody tr")
        assert rows.count() == 8  # the county strategy's goals achieved: 8 (summary table)
        assert page.get_by_text("Mål: 8").is_visible()
        # Sorting is a link: it keeps the filters.
        page.get_by_role("link", name="Bedömning (1–5)").click()
        assert "sort=rating" in page.url and "achieved=yes" in page.url
    finally:
        context.close()
