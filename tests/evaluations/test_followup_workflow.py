"""A unit's follow-up update: owners enter statuses, texts and indicator values, submit; an
approver approves or returns; permissions, locking, conflicts, history, spreadsheet, a unit's
own actions, reminders and the demo data. Pages in both languages."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from evaluations.followup.selectors import follow_up_form, period_end_on_or_before
from evaluations.models import (
    ActionUpdate,
    Assignment,
    AssignmentState,
    EvaluationRound,
    IndicatorValue,
    RoundKind,
    RoundState,
    UserProfile,
)
from evaluations.roles import APPROVER, COUNCILLOR, OFFICIAL
from evaluations.workflow import notifications
from strategy.models import Action, ActionKind, Indicator
from tests.evaluations.progress_builders import (
    make_action,
    make_followup_round,
    make_indicator,
    make_unit,
    make_update,
    make_value,
)
from tests.factories import make_goal, make_section, make_strategy, make_sub_goal, make_user
from tests.support import localized_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """A change promise with two items, two units with actions and an indicator each, an open
    follow-up round (1–6/2026) assigning both units, and a published earlier round."""
    strategy = make_strategy(kind="service_renewal", goal_label="change_promise")
    goal = make_goal(section=make_section(strategy=strategy), title_fi="Lupaus", number="1")
    item = make_sub_goal(goal=goal, number="1", title_fi="Kohta yksi")
    unit, other_unit = make_unit(name_sv="Enhet"), make_unit()
    actions = [
        make_action(
            goal=goal, sub_goal=item, unit=unit, kind=ActionKind.STRATEGY_ITEM, title_fi=""
        ),
        make_action(goal=goal, unit=unit, title_fi="Oma toimenpide"),
    ]
    other_action = make_action(goal=goal, unit=other_unit, title_fi="Toisen yksikön")
    indicator = make_indicator(
        goals=[goal],
        unit=unit,
        name_fi="Ahdistuneisuus",
        direction="decrease",
        time_resolution="half_year",
        first_date=date(2024, 6, 30),
        last_date=date(2029, 12, 31),
        targets=[(date(2029, 12, 31), 5)],
    )
    other_indicator = make_indicator(unit=other_unit, name_fi="Toisen mittari")
    people = {
        "official": make_user(OFFICIAL),
        "other_official": make_user(OFFICIAL),
        "approver": make_user(APPROVER),
        "councillor": make_user(COUNCILLOR),
    }
    earlier = make_followup_round(period_end=date(2025, 12, 31), state=RoundState.PUBLISHED)
    make_update(earlier, actions[0], "delayed", progress_fi="Aiempi teksti.")
    round_ = make_followup_round(period_end=date(2026, 6, 30), state=RoundState.OPEN)
    assignment = Assignment.objects.create(round=round_, unit=unit)
    assignment.officials.set([people["official"]])
    assignment.approvers.set([people["approver"]])
    other = Assignment.objects.create(round=round_, unit=other_unit)
    other.officials.set([people["other_official"]])
    return {
        "goal": goal,
        "item": item,
        "unit": unit,
        "other_unit": other_unit,
        "actions": actions,
        "other_action": other_action,
        "indicator": indicator,
        "other_indicator": other_indicator,
        "people": people,
        "round": round_,
        "earlier": earlier,
        "assignment": assignment,
        "other": other,
    }


def url(assignment, lang="fi", name="work:follow_up"):
    with translation.override(lang):
        return reverse(name, kwargs={"pk": assignment.pk})


def form_data(assignment, action="save", **changes):
    """What the browser posts: every row as shown, with ``changes`` (row key → fields)."""
    data = {"action": action}
    form = follow_up_form(assignment=assignment, with_history=False)
    for row in form.action_rows:
        update = row.update
        values = {
            "status": update.status if update else "",
            "progress_fi": (update.progress_fi or "") if update else "",
            "progress_sv": (update.progress_sv or "") if update else "",
        }
        for name, value in values.items():
            data[f"initial-{row.key}-{name}"] = value
            data[f"{row.key}-{name}"] = value
        data[f"{row.key}-version"] = row.version
        for name, value in changes.get(row.key, {}).items():
            data[f"{row.key}-{name}"] = value
    for row in form.indicators:
        value = row.value
        values = {
            "value": format(value.value.normalize(), "f").replace(".", ",") if value else "",
            "note_fi": (value.note_fi or "") if value else "",
            "note_sv": (value.note_sv or "") if value else "",
        }
        for name, shown in values.items():
            data[f"initial-{row.key}-{name}"] = shown
            data[f"{row.key}-{name}"] = shown
        data[f"{row.key}-version"] = row.version
        for name, shown in changes.get(row.key, {}).items():
            data[f"{row.key}-{name}"] = shown
    return data


def complete(world, text="Etenee."):
    return {
        f"action-{action.pk}": {"status": "on_schedule", "progress_fi": text}
        for action in world["actions"]
    }


# Constraints --------------------------------------------------------------------------------


def test_an_assignment_is_of_a_section_or_a_unit_never_both(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(round=world["round"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(round=world["round"], unit=world["unit"])  # twice


def test_one_value_per_indicator_and_period(world):
    make_value(world["round"], world["indicator"], date(2026, 6, 30), 3)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_value(world["earlier"], world["indicator"], date(2026, 6, 30), 4)


def test_reported_period_follows_the_time_resolution():
    end = date(2026, 6, 30)
    assert period_end_on_or_before(end, "year") == date(2025, 12, 31)
    assert period_end_on_or_before(end, "half_year") == end
    assert period_end_on_or_before(end, "month") == end
    assert period_end_on_or_before(date(2026, 6, 15), "month") == date(2026, 5, 31)
    assert period_end_on_or_before(date(2026, 12, 31), "year") == date(2026, 12, 31)


# The workflow through the pages ----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_save_draft_submit_and_approve(client, world, lang):
    people, assignment = world["people"], world["assignment"]
    indicator = world["indicator"]
    client.force_login(people["official"])
    page = client.get(url(assignment, lang)).content.decode()
    assert "Aiempi teksti." in page  # the previous period's text
    assert "Toisen yksikön" not in page
    changes = complete(world)
    changes[f"indicator-{indicator.pk}"] = {"value": "12,5", "note_fi": "Uusi luku"}
    response = client.post(url(assignment, lang), form_data(assignment, **changes))
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator=indicator)
    assert (value.value, value.date, value.round) == (
        Decimal("12.5"),
        date(2026, 6, 30),
        world["round"],
    )
    assert ActionUpdate.objects.filter(round=world["round"]).count() == 2
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.DRAFT

    response = client.post(
        url(assignment, lang, name="work:follow_up_submit"), form_data(assignment, action="submit")
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.SUBMITTED

    client.force_login(people["approver"])
    response = client.post(url(assignment, lang, name="work:approve"), {"comment": ""})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.APPROVED
    # Approved: locked for the official.
    client.force_login(people["official"])
    data = form_data(assignment, **{f"action-{world['actions'][0].pk}": {"status": "done"}})
    assert client.post(url(assignment, lang), data).status_code == 403
    assert not ActionUpdate.objects.filter(round=world["round"], status="done").exists()


def test_submitting_incomplete_saves_nothing(client, world, language):
    assignment = world["assignment"]
    client.force_login(world["people"]["official"])
    first = world["actions"][0]
    changes = {f"action-{first.pk}": {"status": "delayed", "progress_fi": "Myöhässä"}}
    response = client.post(
        url(assignment, language, name="work:follow_up_submit"),
        form_data(assignment, "submit", **changes),
    )
    assert response.status_code == 400
    assert not ActionUpdate.objects.filter(round=world["round"]).exists()
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.DRAFT


def test_return_needs_a_comment(client, world):
    assignment = world["assignment"]
    client.force_login(world["people"]["official"])
    client.post(
        url(assignment, name="work:follow_up_submit"),
        form_data(assignment, "submit", **complete(world)),
    )
    client.force_login(world["people"]["approver"])
    assert client.post(url(assignment, name="work:return"), {"comment": ""}).status_code == 400
    response = client.post(url(assignment, name="work:return"), {"comment": "Tarkenna."})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.RETURNED


@pytest.mark.parametrize("value", ["abc", "1,2,3", "1e999", "12,34567"])
def test_a_value_that_is_not_a_number_saves_nothing(client, world, value):
    assignment, indicator = world["assignment"], world["indicator"]
    client.force_login(world["people"]["official"])
    changes = complete(world)
    changes[f"indicator-{indicator.pk}"] = {"value": value}
    response = client.post(url(assignment), form_data(assignment, **changes))
    assert response.status_code == 400
    assert not ActionUpdate.objects.filter(round=world["round"]).exists()
    assert not IndicatorValue.objects.filter(round=world["round"]).exists()


def test_html_in_a_text_shows_as_text(client, world):
    assignment = world["assignment"]
    client.force_login(world["people"]["official"])
    changes = {f"action-{world['actions'][0].pk}": {"progress_fi": "<script>alert(1)</script>"}}
    client.post(url(assignment), form_data(assignment, **changes))
    page = client.get(url(assignment)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_every_change_is_kept_with_who(client, world):
    assignment = world["assignment"]
    client.force_login(world["people"]["official"])
    key = f"action-{world['actions'][0].pk}"
    client.post(url(assignment), form_data(assignment, **{key: {"progress_fi": "Eka"}}))
    client.post(url(assignment), form_data(assignment, **{key: {"progress_fi": "Toka"}}))
    update = ActionUpdate.objects.get(round=world["round"], action=world["actions"][0])
    assert update.version == 2
    history = update.history.order_by("history_date")
    assert [h.progress_fi for h in history] == ["Eka", "Toka"]
    assert {h.history_user for h in history} == {world["people"]["official"]}
    rows = {row.key: row for row in follow_up_form(assignment=assignment).action_rows}
    row = rows[key]
    assert [change[1:] for change in row.history[0].changes] == [("Eka", "Toka")]


# Permissions ------------------------------------------------------------------------------------


def test_an_owner_cannot_touch_another_units_update(client, world, language):
    client.force_login(world["people"]["official"])
    other = world["other"]
    assert client.get(url(other, language)).status_code == 403
    data = {
        "action": "save",
        f"action-{world['other_action'].pk}-status": "done",
        f"action-{world['other_action'].pk}-version": "0",
    }
    assert client.post(url(other, language), data).status_code == 403
    assert not ActionUpdate.objects.filter(round=world["round"]).exists()


@pytest.mark.parametrize("who", ["approver", "councillor", "other_official"])
def test_only_assigned_officials_may_save(client, world, who):
    assignment = world["assignment"]
    client.force_login(world["people"][who])
    response = client.post(url(assignment), form_data(assignment, **complete(world)))
    assert response.status_code == 403
    assert not ActionUpdate.objects.filter(round=world["round"]).exists()


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    response = client.get(url(world["assignment"]))
    assert response.status_code == 302
    assert "kirjaudu" in response["Location"]


def test_no_edits_after_the_round_closes(client, world):
    world["round"].state = RoundState.CLOSED
    world["round"].save()
    client.force_login(world["people"]["official"])
    assignment = world["assignment"]
    assert client.post(url(assignment), form_data(assignment, **complete(world))).status_code == 403


# Optimistic locking -----------------------------------------------------------------------


def test_a_save_based_on_an_old_version_shows_the_others_version(client, world, language):
    assignment = world["assignment"]
    key = f"action-{world['actions'][0].pk}"
    indicator_key = f"indicator-{world['indicator'].pk}"
    client.force_login(world["people"]["official"])
    client.post(url(assignment), form_data(assignment, **{key: {"progress_fi": "Alku"}}))
    stale = form_data(assignment, **{key: {"progress_fi": "Minun"}})
    # Someone else saves meanwhile.
    update = ActionUpdate.objects.get(round=world["round"], action=world["actions"][0])
    update.progress_fi = "Toisen versio"
    update.save()
    stale[f"{indicator_key}-value"] = "7"
    response = client.post(url(assignment, language), stale)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Toisen versio" in page and "Minun" in page
    update.refresh_from_db()
    assert update.progress_fi == "Toisen versio"
    assert not IndicatorValue.objects.filter(round=world["round"]).exists()  # nothing saved
    # Saving the re-shown form replaces theirs knowingly.
    data = dict(response.context["conflicts"][0].data.items())
    assert client.post(url(assignment), data).status_code == 302
    update.refresh_from_db()
    assert update.progress_fi == "Minun"


# The spreadsheet round trip --------------------------------------------------------------------


def _upload(client, assignment, workbook):
    out = BytesIO()
    workbook.save(out)
    file = SimpleUploadedFile(
        "seuranta.xlsx",
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    return client.post(url(assignment, name="work:follow_up_upload"), {"file": file})


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_spreadsheet_round_trip(client, world, lang):
    assignment = world["assignment"]
    client.force_login(world["people"]["official"])
    response = client.get(url(assignment, lang, name="work:follow_up_sheet"))
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(response.content))
    sheet = workbook.active
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    with translation.override(lang):
        from evaluations.models import ActionStatus

        delayed = str(ActionStatus.DELAYED.label)
    first = rows[f"action-{world['actions'][0].pk}"]
    first[4].value, first[6].value = delayed, "Viivästyi taulukossa"
    rows[f"indicator-{world['indicator'].pk}"][5].value = "8,25"
    assert _upload(client, assignment, workbook).status_code == 302
    update = ActionUpdate.objects.get(round=world["round"], action=world["actions"][0])
    assert (update.status, update.progress_fi) == ("delayed", "Viivästyi taulukossa")
    assert IndicatorValue.objects.get(indicator=world["indicator"]).value == Decimal("8.25")


def test_spreadsheet_rows_with_errors_save_nothing(client, world):
    assignment = world["assignment"]
    client.force_login(world["people"]["official"])
    response = client.get(url(assignment, name="work:follow_up_sheet"))
    workbook = load_workbook(BytesIO(response.content))
    sheet = workbook.active
    sheet.cell(row=2, column=5).value = "etenee hyvin ehkä"
    sheet.cell(row=2, column=7).value = "Kelpaa"
    sheet.cell(row=4, column=6).value = "paljon"
    sheet.append([f"action-{world['other_action'].pk}", 0, "", "", "", "", "x", ""])
    response = _upload(client, assignment, workbook)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Rivi 2" in page and "Rivi 4" in page and "Rivi 5" in page
    assert (
        not ActionUpdate.objects.filter(round=world["round"]).exists()
        and not IndicatorValue.objects.filter(round=world["round"]).exists()
    )


# My work and a unit's own actions ---------------------------------------------------------------


def test_my_work_lists_the_units_update(client, world, language):
    client.force_login(world["people"]["official"])
    page = client.get(localized_path(language, "/tyo/")).content.decode()
    assert url(world["assignment"], language) in page
    assert url(world["other"], language) not in page
    assert "0 / 2" in page


def test_a_units_official_adds_its_own_action(client, world, language):
    unit, official = world["unit"], world["people"]["official"]
    unit.members.add(official)
    client.force_login(official)
    unit_url = reverse("work:unit", kwargs={"key": unit.key})
    assert client.get(f"/{language}{unit_url[3:]}").status_code == 200
    add = reverse("work:unit_action_add", kwargs={"key": unit.key})
    data = {
        "item": f"sub-{world['item'].pk}",
        "title_fi": "Koulujen kuraattoriaikojen lisääminen",
        "title_sv": "",
        "planned_start": "1.8.2026",
        "planned_end": "31.5.2027",
    }
    assert client.post(add, data).status_code == 302
    action = Action.objects.get(title_fi="Koulujen kuraattoriaikojen lisääminen")
    assert (action.kind, action.unit, action.sub_goal) == (
        ActionKind.UNIT_ACTION,
        unit,
        world["item"],
    )
    assert list(action.owners.all()) == [official]
    # Bad input: unknown item, end before start, no title.
    bad = {**data, "item": "sub-999999", "planned_end": "1.1.2026", "title_fi": ""}
    assert client.post(add, bad).status_code == 400
    assert Action.objects.filter(unit=unit, kind=ActionKind.UNIT_ACTION).count() == 2


def test_only_a_units_officials_add_its_actions(client, world):
    client.force_login(world["people"]["official"])  # not a member of the other unit
    other = world["other_unit"]
    assert client.get(reverse("work:unit", kwargs={"key": other.key})).status_code == 403
    add = reverse("work:unit_action_add", kwargs={"key": other.key})
    data = {"item": f"goal-{world['goal'].pk}", "title_fi": "Luvaton"}
    assert client.post(add, data).status_code == 403
    assert not Action.objects.filter(title_fi="Luvaton").exists()


# Reminders ---------------------------------------------------------------------------------


def test_reminders_reach_only_unit_officials_who_have_not_submitted(world):
    swedish = world["people"]["other_official"]
    swedish.email = "enhet@example.fi"
    swedish.save()
    UserProfile.objects.create(user=swedish, language="sv")
    official = world["people"]["official"]
    official.email = "yksikko@example.fi"
    official.save()
    world["assignment"].state = AssignmentState.SUBMITTED
    world["assignment"].save()
    notifications.reminders_send(rounds=[world["round"]], actor=None)
    officials = [m for m in mail.outbox if m.to[0] in {"yksikko@example.fi", "enhet@example.fi"}]
    assert [m.to[0] for m in officials] == ["enhet@example.fi"]
    message = officials[0]
    name = world["other_unit"].name_fi
    assert message.subject == f"Påminnelse: uppföljningsuppdateringen för {name} väntar på dig"
    assert f"Enhet: {name}" in message.body
    assert url(world["other"], "sv") in message.body


# Query counts -----------------------------------------------------------------------------


def _grow(world, n):
    round_ = world["round"]
    for i in range(n):
        action = make_action(goal=world["goal"], unit=world["unit"], title_fi=f"Lisä {i}")
        make_update(round_, action, "on_schedule", progress_fi="x")
        indicator = make_indicator(unit=world["unit"], time_resolution="half_year")
        make_value(world["earlier"], indicator, date(2025, 12, 31), i)
        make_value(round_, indicator, date(2026, 6, 30), i + 1)


def test_the_update_form_takes_the_same_queries_whatever_the_size(
    client, world, django_assert_max_num_queries
):
    client.force_login(world["people"]["official"])
    _grow(world, 2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url(world["assignment"])).status_code == 200
    _grow(world, 12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url(world["assignment"])).status_code == 200
    with CaptureQueriesContext(connection) as my_work_small:
        client.get("/fi/tyo/")
    _grow(world, 5)
    with django_assert_max_num_queries(len(my_work_small.captured_queries)):
        client.get("/fi/tyo/")


# Demo data --------------------------------------------------------------------------------


def test_demo_data_practice_round_and_honest_figures():
    published = EvaluationRound.objects.get(key="follow-up-2026-1")
    assert (published.kind, published.is_practice, published.state) == (
        RoundKind.FOLLOW_UP,
        True,
        RoundState.PUBLISHED,
    )
    assert published.name_fi == "Seuranta 1/2026 (harjoitus)"
    assert (published.period_start, published.period_end) == (date(2026, 1, 1), date(2026, 6, 30))
    assert not published.assignments.exclude(state=AssignmentState.APPROVED).exists()
    assert EvaluationRound.objects.get(key="follow-up-2026-2").state == RoundState.OPEN
    # Every numbered item of the six change promises is an action with a unit.
    actions = Action.objects.filter(goal__section__strategy__key="service-renewal-2026")
    assert actions.filter(kind=ActionKind.STRATEGY_ITEM).count() == 28
    # Statuses and values exist only in practice rounds; every target figure is flagged.
    assert not ActionUpdate.objects.exclude(round__is_practice=True).exists()
    assert not IndicatorValue.objects.exclude(round__is_practice=True).exists()
    with_figures = Indicator.objects.exclude(baseline_value__isnull=True, targets__isnull=True)
    assert with_figures.exists()
    assert not with_figures.filter(practice_targets=False).exists()


def test_the_spreadsheet_of_a_practice_round_says_so(client, world):
    world["round"].is_practice = True
    world["round"].save()
    client.force_login(world["people"]["official"])
    response = client.get(url(world["assignment"], name="work:follow_up_sheet"))
    workbook = load_workbook(BytesIO(response.content))
    notice = workbook.worksheets[1]
    assert notice["A1"].value == "Harjoitusaineistoa."
    assert "harjoitusaineistoa" in notice["A2"].value
    assert workbook.active.title == workbook.sheetnames[0]  # the rows to fill come first


def test_the_unit_page_takes_the_same_queries_whatever_the_size(
    client, world, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    unit, official = world["unit"], world["people"]["official"]
    unit.members.add(official)
    client.force_login(official)
    address = reverse("work:unit", kwargs={"key": unit.key})
    with CaptureQueriesContext(connection) as small:
        assert client.get(address).status_code == 200
    for i in range(10):
        action = make_action(goal=world["goal"], unit=unit, title_fi=f"Uusi {i}")
        action.owners.add(official)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(address).status_code == 200


def test_a_value_for_a_period_outside_the_indicators_range_is_refused(client, world):
    indicator, assignment = world["indicator"], world["assignment"]
    indicator.last_date = date(2025, 12, 31)
    indicator.save()
    client.force_login(world["people"]["official"])
    changes = {f"indicator-{indicator.pk}": {"value": "4"}}
    response = client.post(url(assignment), form_data(assignment, **changes))
    assert response.status_code == 400
    assert "Kausi 1–6/2026 on mittarin sallitun ajanjakson ulkopuolella." in (
        response.content.decode()
    )
    assert not IndicatorValue.objects.filter(indicator=indicator).exists()
