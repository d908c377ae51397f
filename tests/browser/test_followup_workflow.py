"""In a real browser: a unit's official updates its actions' statuses and an indicator value,
submits, and the approver approves; then adds an action of the unit. Once in Finnish and once
in Swedish; the pages on the way have no WCAG 2.1 AA violations."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from evaluations.models import (
    ActionStatus,
    ActionUpdate,
    Assignment,
    AssignmentState,
    IndicatorValue,
    RoundState,
)
from evaluations.roles import APPROVER, OFFICIAL
from strategy.models import Action, ActionKind, Unit
from tests.browser.test_rating_workflow import TEXTS, log_in
from tests.evaluations.progress_builders import make_followup_round
from tests.factories import make_user
from tests.support import localized_path

FOLLOW_UP = {
    "fi": {
        "status": "Tila kauden lopussa",
        "progress": "Edistyminen suomeksi",
        "value": "Arvo kaudelta",
        "submitted": "Yksikön päivitys lähetettiin hyväksyttäväksi",
        "approved": "Yksikön päivitys hyväksyttiin",
        "title": "Toimenpide suomeksi",
        "item": "Minkä muutoslupauksen tai kohdan alle",
        "add": "Lisää toimenpide",
        "added": "Toimenpide lisättiin",
    },
    "sv": {
        "status": "Status vid periodens slut",
        "progress": "Framsteg på finska",
        "value": "Värde för",
        "submitted": "Enhetens uppdatering skickades in för godkännande",
        "approved": "Enhetens uppdatering godkändes",
        "title": "Åtgärd på finska",
        "item": "Under vilket förändringslöfte eller vilken punkt",
        "add": "Lägg till åtgärden",
        "added": "Åtgärden lades till",
    },
}


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_owner_updates_and_submits_then_approver_approves(page, lang, axe):
    text, follow = TEXTS[lang], FOLLOW_UP[lang]
    official, approver = make_user(OFFICIAL), make_user(APPROVER)
    unit = Unit.objects.get(key="outpatient-care")
    unit.members.add(official)
    round_ = make_followup_round(period_end=date(2027, 6, 30), state=RoundState.OPEN)
    assignment = Assignment.objects.create(round=round_, unit=unit)
    assignment.officials.set([official])
    assignment.approvers.set([approver])
    actions = list(Action.objects.filter(unit=unit))
    assert actions

    log_in(page, lang, official)
    assert axe(page) == []
    page.locator(f"a[href='{localized_path(lang, assignment.get_absolute_url()[3:])}']").click()
    assert axe(page) == []
    with translation.override(lang):
        on_schedule = str(ActionStatus.ON_SCHEDULE.label)
    items = page.locator(".rate-goal .rate-item")
    assert items.count() == len(actions)
    for index in range(len(actions)):
        item = items.nth(index)
        item.get_by_label(follow["status"]).select_option(label=on_schedule)
        item.get_by_label(follow["progress"]).fill(f"Etenee {index + 1}: <i>hyvin</i>")
    first_value = page.get_by_label(follow["value"]).first
    first_value.fill("0,42")
    page.get_by_role("button", name=text["save"]).click()
    assert text["saved"] in page.locator(".messages").inner_text()
    page.get_by_role("button", name=text["submit"]).click()
    assert follow["submitted"] in page.locator(".messages").inner_text()
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.SUBMITTED
    updates = ActionUpdate.objects.filter(round=round_)
    assert {u.status for u in updates} == {"on_schedule"} and updates.count() == len(actions)
    assert IndicatorValue.objects.get(round=round_).value == Decimal("0.42")

    # The unit's own actions: add one under a change promise.
    page.goto(localized_path(lang, f"/tyo/yksikot/{unit.key}/"))
    assert axe(page) == []
    page.get_by_label(follow["item"]).select_option(index=1)
    page.get_by_label(follow["title"]).fill("Etävastaanoton kokeilu")
    page.get_by_role("button", name=follow["add"]).click()
    assert follow["added"] in page.locator(".messages").inner_text()
    assert Action.objects.filter(
        unit=unit, kind=ActionKind.UNIT_ACTION, title_fi="Etävastaanoton kokeilu"
    ).exists()

    page.get_by_role("button", name=text["logout"]).click()
    log_in(page, lang, approver)
    page.goto(localized_path(lang, assignment.get_absolute_url()[3:]))
    assert "Etenee 1: <i>hyvin</i>" in page.locator("main").inner_text()  # text, not markup
    assert axe(page) == []
    page.get_by_role("button", name=text["approve"], exact=True).click()
    assert follow["approved"] in page.locator(".messages").inner_text()
    assert Assignment.objects.get(pk=assignment.pk).state == AssignmentState.APPROVED
