"""Reads for a unit's follow-up update: its actions with this round's and the previous status,
its indicators with their latest value, target and on-track state, and the change history.

Like ``work_selectors`` these see updates in progress, so every caller checks the user's access
first (``evaluations/workflow/permissions.py``). Each read is a constant number of queries,
however many actions, indicators and values a unit has."""

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from evaluations.followup.indicator_state import IndicatorState, indicator_states
from evaluations.models import (
    ActionStatus,
    ActionUpdate,
    Assignment,
    EvaluationRound,
    IndicatorValue,
    RoundKind,
)
from evaluations.workflow.selectors import History, change_history
from luvn.formatting import format_number
from strategy.indicators import period_label
from strategy.models import Action, Goal, Indicator, SubGoal, TimeResolution, Unit

ACTION_HISTORY_FIELDS = {
    "status": _("status"),
    "progress_fi": _("progress in Finnish"),
    "progress_sv": _("progress in Swedish"),
}
VALUE_HISTORY_FIELDS = {
    "value": _("value"),
    "note_fi": _("note in Finnish"),
    "note_sv": _("note in Swedish"),
}


def period_end_on_or_before(day: date, resolution: str) -> date:
    """The last day of the latest whole period (year, half-year, month) ending on or before
    ``day``: the period a follow-up round ending on ``day`` reports."""
    if resolution == TimeResolution.YEAR:
        return (
            date(day.year, 12, 31)
            if (day.month, day.day) == (12, 31)
            else date(day.year - 1, 12, 31)
        )
    if resolution == TimeResolution.HALF_YEAR:
        for candidate in (date(day.year, 12, 31), date(day.year, 6, 30)):
            if candidate <= day:
                return candidate
        return date(day.year - 1, 12, 31)
    month_end = date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    if month_end <= day:
        return month_end
    first = date(day.year, day.month, 1)
    previous = date.fromordinal(first.toordinal() - 1)
    return previous


def action_update_is_complete(update: ActionUpdate | None) -> bool:
    """What submitting needs of every action: a status and a progress text in Finnish."""
    return bool(update and update.status and (update.progress_fi or "").strip())


@dataclass
class ActionRow:
    """One action of the update form: this round's update, the previous one, the history."""

    action: Action
    update: ActionUpdate | None = None
    previous: ActionUpdate | None = None
    history: History = field(default_factory=History)

    @property
    def key(self) -> str:
        return f"action-{self.action.pk}"

    @property
    def version(self) -> int:
        return self.update.version if self.update else 0


@dataclass
class IndicatorRow:
    """One indicator of the update form: the period this round reports, its value if given
    in this round, and the indicator's state from every value up to the round's end."""

    state: IndicatorState
    period: date
    value: IndicatorValue | None = None  # this round's value for ``period``
    other_round: EvaluationRound | None = None  # the round that already holds that period
    history: History = field(default_factory=History)

    @property
    def indicator(self) -> Indicator:
        return self.state.indicator

    @property
    def key(self) -> str:
        return f"indicator-{self.indicator.pk}"

    @property
    def version(self) -> int:
        return self.value.version if self.value else 0

    @property
    def period_label(self) -> str:
        return period_label(self.period, self.indicator.time_resolution)


@dataclass
class ItemGroup:
    """The unit's actions under one goal (change promise) and, within it, one numbered item."""

    goal: Goal
    sub_goal: SubGoal | None
    rows: list[ActionRow]


@dataclass
class FollowUpForm:
    """Everything a unit's update form shows."""

    groups: list[ItemGroup]
    indicators: list[IndicatorRow]

    @property
    def action_rows(self) -> list[ActionRow]:
        return [row for group in self.groups for row in group.rows]

    @property
    def rows(self) -> list:
        return [*self.action_rows, *self.indicators]


def unit_actions(*, unit: Unit) -> QuerySet[Action]:
    return (
        Action.objects.filter(unit=unit)
        .select_related("goal__section__strategy", "sub_goal", "unit")
        .prefetch_related("owners")
        .order_by("goal__section__strategy__order", "goal__order", "sub_goal__order", "order", "pk")
    )


def previous_follow_up_round(*, round: EvaluationRound) -> EvaluationRound | None:
    """The latest follow-up round whose period ended before this round's period."""
    earlier = EvaluationRound.objects.filter(kind=RoundKind.FOLLOW_UP).exclude(pk=round.pk)
    if round.period_start:
        earlier = earlier.filter(period_end__lt=round.period_start)
    else:
        earlier = earlier.filter(pk__lt=round.pk)
    return earlier.order_by("-period_end", "-pk").first()


def follow_up_form(*, assignment: Assignment, with_history: bool = True) -> FollowUpForm:
    """A unit assignment's actions and indicators with what the round and earlier ones hold."""
    round_ = assignment.round
    actions = list(unit_actions(unit=assignment.unit))
    updates = {
        u.action_id: u
        for u in ActionUpdate.objects.filter(round=round_, action__in=actions).select_related(
            "updated_by"
        )
    }
    previous_round = previous_follow_up_round(round=round_)
    previous = {}
    if previous_round is not None:
        previous = {
            u.action_id: u
            for u in ActionUpdate.objects.filter(
                round=previous_round, action__in=actions
            ).select_related("round")
        }
    groups: list[ItemGroup] = []
    rows_by_key = {}
    for action in actions:
        row = ActionRow(action, updates.get(action.pk), previous.get(action.pk))
        rows_by_key[row.key] = row
        if groups and (groups[-1].goal.pk, groups[-1].sub_goal) == (
            action.goal_id,
            action.sub_goal,
        ):
            groups[-1].rows.append(row)
        else:
            groups.append(ItemGroup(action.goal, action.sub_goal, [row]))

    indicators = list(
        Indicator.objects.filter(unit=assignment.unit)
        .select_related("unit")
        .order_by("order", "pk")
    )
    up_to = round_.period_end
    states = indicator_states(
        indicators=indicators, values=IndicatorValue.objects.all(), up_to=up_to
    )
    indicator_rows = []
    for state in states:
        period = period_end_on_or_before(up_to or date.today(), state.indicator.time_resolution)
        row = IndicatorRow(state=state, period=period)
        for value in state.values:
            if value.date == period:
                if value.round_id == round_.pk:
                    row.value = value
                else:
                    row.other_round = value.round
        indicator_rows.append(row)
        rows_by_key[row.key] = row

    if with_history:
        action_records = ActionUpdate.history.filter(round=round_, action__in=actions)
        for key, entries in change_history(
            action_records,
            key=lambda row: f"action-{row['action_id']}",
            key_fields=("action_id",),
            fields=ACTION_HISTORY_FIELDS,
            display=_display,
        ).items():
            if key in rows_by_key:
                rows_by_key[key].history = entries
        value_records = IndicatorValue.history.filter(round=round_, indicator__in=indicators)
        for key, entries in change_history(
            value_records,
            key=lambda row: f"indicator-{row['indicator_id']}",
            key_fields=("indicator_id",),
            fields=VALUE_HISTORY_FIELDS,
            display=_display,
        ).items():
            if key in rows_by_key:
                rows_by_key[key].history = entries
    return FollowUpForm(groups=groups, indicators=indicator_rows)


def _display(name: str, value) -> str:
    if value in (None, ""):
        return "–"
    if name == "status":
        return str(ActionStatus(value).label)
    if name == "value":
        return format_number(value.normalize())
    return str(value)


# My work: how far each unit assignment is -------------------------------------------------


def follow_up_counts(*, assignments: list[Assignment]) -> dict[int, tuple[int, int]]:
    """Per unit assignment: (number of the unit's actions, number with a complete update in
    the round), in two queries."""
    unit_ids = {a.unit_id for a in assignments if a.unit_id}
    round_ids = {a.round_id for a in assignments if a.unit_id}
    if not unit_ids:
        return {}
    actions = defaultdict(int)
    for unit_id in Action.objects.filter(unit_id__in=unit_ids).values_list("unit_id", flat=True):
        actions[unit_id] += 1
    complete = defaultdict(int)
    updates = ActionUpdate.objects.filter(
        round_id__in=round_ids, action__unit_id__in=unit_ids
    ).only("round_id", "status", "progress_fi", "action__unit_id")
    for update in updates.select_related("action"):
        if action_update_is_complete(update):
            complete[(update.round_id, update.action.unit_id)] += 1
    return {
        a.pk: (actions[a.unit_id], complete[(a.round_id, a.unit_id)])
        for a in assignments
        if a.unit_id
    }


# A unit's own actions page ------------------------------------------------------------------


def unit_detail(*, key: str) -> Unit:
    return Unit.objects.select_related("parent").prefetch_related("members").get(key=key)


def units_for_member(*, user) -> list[Unit]:
    """The units whose officials the user is."""
    if not user.is_authenticated:
        return []
    return list(user.units.prefetch_related("members").order_by("order", "pk"))


def action_item_choices() -> list[tuple[str, str]]:
    """Where a unit's own action may go: every change promise and each of its numbered
    items, as ``("goal-<pk>" | "sub-<pk>", label)``, in two queries."""
    goals = (
        Goal.objects.filter(section__strategy__goal_label="change_promise")
        .select_related("section__strategy")
        .prefetch_related(Prefetch("sub_goals", queryset=SubGoal.objects.order_by("order", "pk")))
        .order_by("section__strategy__order", "section__order", "order", "pk")
    )
    from luvn.translation import localized

    choices = []
    for position, goal in enumerate(goals, start=1):
        title = localized(goal, "title").text
        choices.append((f"goal-{goal.pk}", f"{position}. {title}"))
        for sub in goal.sub_goals.all():
            text = localized(sub, "title").text
            short = text if len(text) <= 90 else text[:89] + "…"
            choices.append((f"sub-{sub.pk}", f"{position}.{sub.number or sub.order} {short}"))
    return choices


def unit_action_groups(*, unit: Unit) -> list[ItemGroup]:
    """The unit's actions grouped by goal and numbered item, with the county-level item they
    belong under first."""
    actions = list(unit_actions(unit=unit))
    groups: list[ItemGroup] = []
    for action in actions:
        row = ActionRow(action)
        if groups and (groups[-1].goal.pk, groups[-1].sub_goal) == (
            action.goal_id,
            action.sub_goal,
        ):
            groups[-1].rows.append(row)
        else:
            groups.append(ItemGroup(action.goal, action.sub_goal, [row]))
    return groups
