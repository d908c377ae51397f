"""In a real browser: a municipality's contact answers the survey through the invitation link.

The contact opens the link, switches to Swedish, answers and saves, comes back in a new browser
context with the same link, finishes with the keyboard alone and submits; the public results
page then counts the answers. The form has no WCAG 2.1 AA violations, empty or with errors.
"""

import re

from playwright.sync_api import expect

from municipalities.models import ResponseStatus, SurveyResponse
from tests.browser.conftest import VIEWPORT
from tests.municipalities.builders import answer_url, issue, make_survey
from tests.support import localized_path


def focused(page) -> str:
    """A short description of the element that has the keyboard focus."""
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return `${e.tagName.toLowerCase()}:${e.type || ''}:${e.name || ''}:${e.value || ''}`; }"
    )


def tab_until(page, pattern: str, limit: int = 15) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if re.search(pattern, focused(page)):
            return
    raise AssertionError(f"Tab never reached {pattern}; focus is on {focused(page)}")


def test_contact_answers_in_swedish_comes_back_and_submits(browser, live_server, page, axe):
    survey = make_survey()  # three rating questions and an open one
    _invitation, token = issue(survey, "710")  # Raasepori, whose contact writes in Swedish

    page.goto(answer_url(token, "fi"))
    expect(page.get_by_role("heading", level=1)).to_have_text(survey.title_fi)
    assert axe(page) == []
    page.get_by_role("link", name="På svenska").click()
    page.wait_for_url("**" + localized_path("sv", f"/kunnat/vastaa/{token}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(survey.title_sv)

    page.get_by_role("group", name=re.compile("Bedöm mål 1")).get_by_label("4 Bra").check()
    page.get_by_label(re.compile("Öppen respons 1")).fill("Samarbetet fungerar <bra>.")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.get_by_text("Era svar sparades.")).to_be_visible()
    expect(page.get_by_role("heading", name="2 frågor är ännu obesvarade")).to_be_visible()
    page.context.close()  # the browser is closed

    # Later, in a new browser (no cookies, no storage), with the link from the e-mail.
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORT, locale="sv-SE")
    later = context.new_page()
    later.goto(answer_url(token, "sv"))
    first = later.get_by_role("group", name=re.compile("Bedöm mål 1"))
    expect(first.get_by_label("4 Bra")).to_be_checked()
    expect(later.get_by_label(re.compile("Öppen respons 1"))).to_have_value(
        "Samarbetet fungerar <bra>."
    )
    unanswered = later.locator(".unanswered-list a")
    expect(unanswered).to_have_count(2)
    expect(unanswered.first).to_have_attribute("href", "#question-s2")

    # The keyboard alone: Tab into the next radio group, Space picks, arrows move the choice.
    first.get_by_label("4 Bra").focus()
    later.keyboard.press("Tab")
    assert focused(later) == "input:radio:answer-s2:5"
    later.keyboard.press("Space")
    later.keyboard.press("ArrowRight")
    assert focused(later) == "input:radio:answer-s2:4"
    later.keyboard.press("Tab")
    assert focused(later).startswith("input:radio:answer-s3:")
    later.keyboard.press("ArrowLeft")  # wraps round to the last choice: "Kan inte säga"
    assert focused(later) == "input:radio:answer-s3:cannot-say"
    tab_until(later, r"^button:submit:action:submit$")
    later.keyboard.press("Enter")

    later.wait_for_url("**" + localized_path("sv", f"/kunnat/vastaa/{token}/vahvista/"))
    expect(later.get_by_role("heading", level=1)).to_have_text("Kontrollera och skicka in svaren")
    assert axe(later) == []
    later.locator("main").focus()
    tab_until(later, r"^button:submit")
    later.keyboard.press("Enter")
    expect(later.get_by_role("heading", name="Tack för era svar!")).to_be_visible()
    expect(later.get_by_text("Samarbetet fungerar <bra>.")).to_be_visible()
    assert axe(later) == []

    response = SurveyResponse.objects.get(survey=survey)
    assert (response.status, response.language) == (ResponseStatus.SUBMITTED, "sv")
    answers = {a.question.key: (a.score, a.cannot_say) for a in response.answers.all()}
    assert answers == {
        "s1": (4, False),
        "s2": (4, False),
        "s3": (None, True),
        "open1": (None, False),
    }

    # The survey is still open: its answers show once the coordinator publishes them early.
    survey.results_public = True
    survey.save()
    later.goto(localized_path("sv", f"/kyselyt/{survey.key}/"))
    # The page counts who has answered so far.
    expect(later.get_by_text("1 av 10 kommuner har svarat hittills")).to_be_visible()
    expect(later.get_by_role("row", name="Raseborg Ja", exact=True)).to_be_visible()
    expect(later.get_by_text("Samarbetet fungerar <bra>.")).to_be_visible()
    context.close()


def test_survey_form_has_no_accessibility_violations_empty_or_with_errors(page, axe):
    survey = make_survey()
    _invitation, token = issue(survey, "049")
    for lang, save, submit in [("fi", "Tallenna", "Lähetä vastaukset…"), ("sv", "Spara", None)]:
        page.goto(answer_url(token, lang))
        assert axe(page) == [], lang
        # A score outside the scale (as a tampered form would post it): the form error page.
        page.locator("input[name=answer-s1]").first.evaluate("radio => { radio.value = '7'; }")
        page.locator("input[name=answer-s1]").first.check()
        page.locator("textarea").fill("x")
        page.get_by_role("button", name=save, exact=True).click()
        expect(page.locator("#error-summary")).to_be_visible()
        expect(page.locator("#question-s1 .errorlist")).to_be_visible()
        assert axe(page) == [], lang
        if submit:
            # Submitting with unanswered questions: saved, not submitted, the questions listed.
            page.get_by_role("button", name=submit).click()
            expect(page.locator("#error-summary")).to_contain_text("ei lähetetty")
            expect(page.locator(".unanswered-list li")).to_have_count(3)
            assert axe(page) == [], lang
    assert not SurveyResponse.objects.filter(survey=survey, status=ResponseStatus.SUBMITTED)
