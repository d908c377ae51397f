"""In a real browser: answering an anonymous survey, with a named respondent's single-use link
(in Swedish and in Finnish) and through the open link (keyboard alone in Finnish, the mouse in
Swedish). Every page is free of WCAG 2.1 AA violations, also with errors and after submitting.
"""

import re

from playwright.sync_api import expect

from municipalities import services
from municipalities.models import Respondent, SurveyResponse
from tests.browser.test_survey_answering import focused, tab_until
from tests.municipalities.builders import (
    add_respondent,
    make_anonymous_survey,
    open_url,
    respond_url,
)


def test_named_respondents_answer_once_in_swedish_and_in_finnish(page, axe):
    survey = make_anonymous_survey(audience="respondents")
    swedish = add_respondent(survey, 1, language="sv", group="Äldreomsorg")
    finnish = add_respondent(survey, 2, group="Ikäihmiset")
    _invitation, sv_token = services.invitation_issue(survey=survey, respondent=swedish)
    _invitation, fi_token = services.invitation_issue(survey=survey, respondent=finnish)

    # Swedish: save a draft, come back, finish, confirm.
    page.goto(respond_url(sv_token, "sv"))
    expect(page.get_by_role("heading", level=1)).to_have_text(survey.title_sv)
    assert "Testi Henkilö" not in page.content()
    assert axe(page) == []
    page.get_by_role("group", name=re.compile("Samarbetet fungerar")).get_by_label("4 Bra").check()
    page.get_by_role("group", name=re.compile("Vad använder du")).get_by_label(
        "Servicestrategin"
    ).check()
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.get_by_text("Era svar sparades.")).to_be_visible()
    page.goto(respond_url(sv_token, "sv"))
    expect(page.get_by_label("Servicestrategin")).to_be_checked()
    page.get_by_role("group", name=re.compile("rekommendera")).get_by_label("9", exact=True).check()
    page.get_by_role("button", name="Skicka in svaren…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontrollera och skicka in svaren")
    assert axe(page) == []
    page.get_by_role("button", name="Skicka in svaren", exact=True).click()
    expect(page.get_by_role("heading", name="Tack för era svar!")).to_be_visible()
    assert axe(page) == []
    # The same link cannot answer again: the page shows no answers and no form.
    expect(page.locator("form.survey-form")).to_have_count(0)
    assert "Servicestrategin" not in page.locator("main").inner_text()

    # Finnish: a required 0–10 answer missing first, then submitted.
    page.goto(respond_url(fi_token, "fi"))
    page.get_by_role("group", name=re.compile("Yhteistyö sujuu")).get_by_label(
        "5 Erinomaisesti"
    ).check()
    page.get_by_role("button", name="Lähetä vastaukset…").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator(".unanswered-list a")).to_have_count(1)
    assert axe(page) == []
    page.get_by_role("group", name=re.compile("Suosittelisitko")).get_by_label(
        "6", exact=True
    ).check()
    page.get_by_role("button", name="Lähetä vastaukset…").click()
    page.get_by_role("button", name="Lähetä vastaukset", exact=True).click()
    expect(page.get_by_role("heading", name="Kiitos vastauksistanne!")).to_be_visible()

    assert set(Respondent.objects.filter(survey=survey).values_list("answered", flat=True)) == {
        True
    }
    groups = sorted(SurveyResponse.objects.filter(survey=survey).values_list("group", flat=True))
    assert groups == ["Ikäihmiset", "Äldreomsorg"]


def test_the_open_link_is_answered_with_the_keyboard_alone(page, axe):
    survey = make_anonymous_survey(audience="open_link")
    page.goto(open_url(survey, "fi"))
    expect(page.get_by_role("heading", level=1)).to_have_text(survey.title_fi)
    assert axe(page) == []

    page.locator("main").focus()
    tab_until(page, r"^input:radio:answer-party:vpk$", limit=30)
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert focused(page) == "input:radio:answer-s1:5"
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    assert focused(page) == "input:radio:answer-s1:4"
    page.keyboard.press("Tab")
    assert focused(page) == "input:radio:answer-nps:0"
    for _ in range(9):
        page.keyboard.press("ArrowRight")
    assert focused(page) == "input:radio:answer-nps:9"
    page.keyboard.press("Tab")
    assert focused(page) == "input:checkbox:answer-used:county"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert focused(page) == "textarea:textarea:answer-open1:"
    page.keyboard.type("Hyvää <yhteistyötä>")
    tab_until(page, r"^button:submit")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Kiitos vastauksistanne!")).to_be_visible()
    assert axe(page) == []
    response = SurveyResponse.objects.get(survey=survey)
    answers = {a.question.key: a for a in response.answers.prefetch_related("options")}
    assert response.group == "vpk" and response.municipality_id is None
    assert (answers["s1"].score, answers["nps"].score) == (4, 9)
    assert [o.key for o in answers["used"].options.all()] == ["county"]
    assert answers["open1"].text == "Hyvää <yhteistyötä>"


def test_the_open_link_in_swedish_lists_what_is_missing_and_saves_nothing_until_whole(page, axe):
    survey = make_anonymous_survey(audience="open_link")
    page.goto(open_url(survey, "sv"))
    page.get_by_label("Avtalsbrandkår").check()
    page.get_by_role("button", name="Skicka in svaren").click()
    expect(page.locator("#error-summary")).to_contain_text("Ingenting sparades")
    expect(page.locator(".unanswered-list li")).to_have_count(2)
    assert axe(page) == []
    assert not SurveyResponse.objects.filter(survey=survey).exists()
    expect(page.get_by_label("Avtalsbrandkår")).to_be_checked()
    page.get_by_role("group", name=re.compile("Samarbetet fungerar")).get_by_label(
        "3 Måttligt"
    ).check()
    page.get_by_role("group", name=re.compile("rekommendera")).get_by_label("10").check()
    page.get_by_role("button", name="Skicka in svaren").click()
    expect(page.get_by_role("heading", name="Tack för era svar!")).to_be_visible()
    assert SurveyResponse.objects.filter(survey=survey).count() == 1

    # Past the cap, the link says so.
    survey.response_cap = 1
    survey.save()
    page.goto(open_url(survey, "sv"))
    expect(page.get_by_role("heading", level=2)).to_have_text(
        "Enkäten har fått alla svar som den tar emot"
    )
    assert axe(page) == []
