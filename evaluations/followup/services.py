"""Writes of a unit's follow-up update: action statuses and texts, indicator values, submit;
and a unit's own operational actions.

The workflow is the rating workflow's (``evaluations/workflow/services.py``): the assignment is
re-read under a row lock and its permission asked there, every update and value carries a
version (a save based on an older one is refused with the other person's version, nothing
saved), the submit marks the assignment submitted, and approve, return and reopen are the same
services for sections and units."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from evaluations.followup.selectors import ActionRow, IndicatorRow, action_update_is_complete
from evaluations.models import ActionUpdate, Assignment, IndicatorValue
from evaluations.workflow import permissions
from evaluations.workflow.services import (
    Conflict,
    VersionConflict,
    _locked,
    edit_refusal,
    mark_submitted,
    save_or_conflict,
)
from strategy.models import Action, ActionKind, Goal, SubGoal, Unit

# A conflict of versions is the same thing whatever is saved.


@dataclass
class ActionInput:
    """What a form row or a spreadsheet row asks to store for one action in the round."""

    row: ActionRow
    version: int
    status: str
    progress_fi: str
    progress_sv: str
    changed: bool = True
    line: int | None = None  # the spreadsheet row, for messages

    def differs_from(self, update: ActionUpdate | None) -> bool:
        if update is None:
            return bool(self.status or self.progress_fi or self.progress_sv)
        return (
            self.status != update.status
            or self.progress_fi != (update.progress_fi or "")
            or self.progress_sv != (update.progress_sv or "")
        )


@dataclass
class ValueInput:
    """What a form row or a spreadsheet row asks to store as an indicator's value."""

    row: IndicatorRow
    version: int
    value: Decimal | None
    note_fi: str
    note_sv: str
    changed: bool = True
    line: int | None = None

    def differs_from(self, stored: IndicatorValue | None) -> bool:
        if stored is None:
            return self.value is not None or bool(self.note_fi or self.note_sv)
        return (
            self.value != stored.value
            or self.note_fi != (stored.note_fi or "")
            or self.note_sv != (stored.note_sv or "")
        )


def _stale(key: str) -> ValidationError:
    return ValidationError(
        {key: _("The form is out of date. Reload the page and try again.")}, code="stale_version"
    )


def _save_actions(assignment: Assignment, user, inputs: list[ActionInput]) -> tuple[int, list]:
    ids = [entry.row.action.pk for entry in inputs]
    stored = {
        u.action_id: u
        for u in ActionUpdate.objects.filter(round=assignment.round, action_id__in=ids)
        .select_related("updated_by", "round")
        .select_for_update(of=("self",))
    }
    saved, conflicts = 0, []
    for entry in inputs:
        action = entry.row.action
        if action.unit_id != assignment.unit_id:
            raise PermissionDenied(_("The action belongs to another unit."))
        update = stored.get(action.pk)
        if not entry.changed or not entry.differs_from(update):
            continue
        if update is None and entry.version != 0:
            raise _stale(entry.row.key)
        if update is not None and update.version != entry.version:
            conflicts.append(Conflict(entry, update))
            continue
        if update is None:
            update = ActionUpdate(round=assignment.round, action=action)
        update.status = entry.status
        update.progress_fi = entry.progress_fi
        update.progress_sv = entry.progress_sv
        update.updated_by = user
        update._history_user = user
        update.full_clean()
        theirs = ActionUpdate.objects.filter(round=assignment.round, action=action)
        saved += save_or_conflict(update, entry=entry, theirs=theirs, conflicts=conflicts)
    return saved, conflicts


def _save_values(assignment: Assignment, user, inputs: list[ValueInput]) -> tuple[int, list]:
    saved, conflicts = 0, []
    keys = [(entry.row.indicator.pk, entry.row.period) for entry in inputs]
    stored = {
        (v.indicator_id, v.date): v
        for v in IndicatorValue.objects.filter(indicator_id__in=[pk for pk, _period in keys])
        .select_related("entered_by", "round")
        .select_for_update(of=("self",))
    }
    for entry in inputs:
        indicator = entry.row.indicator
        if indicator.unit_id != assignment.unit_id:
            raise PermissionDenied(_("The indicator belongs to another unit."))
        current = stored.get((indicator.pk, entry.row.period))
        if current is not None and current.round_id != assignment.round_id:
            if entry.changed and entry.differs_from(current):
                raise ValidationError(
                    {
                        entry.row.key: _(
                            "A value for %(period)s was already reported in %(round)s."
                        )
                        % {"period": entry.row.period_label, "round": current.round}
                    },
                    code="value_in_other_round",
                )
            continue
        if not entry.changed or not entry.differs_from(current):
            continue
        if current is None and entry.version != 0:
            raise _stale(entry.row.key)
        if current is not None and current.version != entry.version:
            conflicts.append(Conflict(entry, current))
            continue
        first, last, period = indicator.first_date, indicator.last_date, entry.row.period
        if entry.value is not None and ((first and period < first) or (last and period > last)):
            raise ValidationError(
                {
                    entry.row.key: _("The period %(period)s is outside the indicator's range.")
                    % {"period": entry.row.period_label}
                },
                code="period_out_of_range",
            )
        if entry.value is None:
            if entry.note_fi or entry.note_sv:
                raise ValidationError(
                    {entry.row.key: _("Give the value the note is about.")},
                    code="note_without_value",
                )
            if current is not None:
                current._history_user = user
                current.delete()
                saved += 1
            continue
        if current is None:
            current = IndicatorValue(
                round=assignment.round, indicator=indicator, date=entry.row.period
            )
        current.value = entry.value
        current.note_fi = entry.note_fi
        current.note_sv = entry.note_sv
        current.entered_by = user
        current._history_user = user
        current.full_clean()
        theirs = IndicatorValue.objects.filter(indicator=indicator, date=entry.row.period)
        saved += save_or_conflict(current, entry=entry, theirs=theirs, conflicts=conflicts)
    return saved, conflicts


def _save(assignment: Assignment, user, actions: list[ActionInput], values: list[ValueInput]):
    saved_actions, conflicts = _save_actions(assignment, user, actions)
    saved_values, value_conflicts = _save_values(assignment, user, values)
    conflicts += value_conflicts
    if conflicts:
        raise VersionConflict(conflicts)
    return saved_actions + saved_values


def _editable(assignment: Assignment, user) -> Assignment:
    assignment = _locked(assignment)
    if assignment.unit_id is None:
        raise PermissionDenied(_("This is not a unit's follow-up update."))
    if not permissions.can_edit(user, assignment):
        raise PermissionDenied(edit_refusal(assignment))
    return assignment


@transaction.atomic
def follow_up_save(
    *,
    assignment: Assignment,
    user,
    actions: list[ActionInput],
    values: list[ValueInput],
) -> int:
    """Save the changed statuses, texts and values of a unit as a draft; returns how many."""
    assignment = _editable(assignment, user)
    return _save(assignment, user, actions, values)


@transaction.atomic
def follow_up_submit(
    *,
    assignment: Assignment,
    user,
    actions: list[ActionInput],
    values: list[ValueInput],
    rows: list[ActionRow],
) -> int:
    """Save and submit the unit's update for approval, if every action has a status and a
    progress text in Finnish. Raises ValidationError keyed by row and saves nothing then."""
    assignment = _editable(assignment, user)
    saved = _save(assignment, user, actions, values)
    stored = {
        u.action_id: u
        for u in ActionUpdate.objects.filter(
            round=assignment.round, action_id__in=[row.action.pk for row in rows]
        )
    }
    missing = {
        row.key: ValidationError(
            _("Give a status and a progress text in Finnish before submitting."),
            code="incomplete",
        )
        for row in rows
        if not action_update_is_complete(stored.get(row.action.pk))
    }
    if missing:
        raise ValidationError(missing)
    mark_submitted(assignment, user)
    return saved


# A unit's own operational actions ------------------------------------------------------------


def item_from_choice(choice: str) -> tuple[Goal, SubGoal | None]:
    """``goal-<pk>`` / ``sub-<pk>`` → the goal and the optional numbered item."""
    kind, _sep, pk = (choice or "").partition("-")
    if kind == "goal" and pk.isdigit():
        goal = Goal.objects.filter(pk=pk).first()
        if goal is not None:
            return goal, None
    if kind == "sub" and pk.isdigit():
        sub_goal = SubGoal.objects.select_related("goal").filter(pk=pk).first()
        if sub_goal is not None:
            return sub_goal.goal, sub_goal
    raise ValidationError(
        {"item": _("Choose a change promise or one of its items.")}, code="unknown_item"
    )


@transaction.atomic
def unit_action_create(
    *,
    unit: Unit,
    user,
    item: str,
    title_fi: str,
    title_sv: str = "",
    description_fi: str = "",
    description_sv: str = "",
    planned_start: date | None = None,
    planned_end: date | None = None,
) -> Action:
    """A unit's own operational action under a change promise or one of its items."""
    if not permissions.can_add_unit_action(user, unit):
        raise PermissionDenied(_("Only the unit's officials can add its actions."))
    goal, sub_goal = item_from_choice(item)
    last = (
        Action.objects.filter(goal=goal, sub_goal=sub_goal, kind=ActionKind.UNIT_ACTION)
        .order_by("-order")
        .values_list("order", flat=True)
        .first()
    )
    action = Action(
        goal=goal,
        sub_goal=sub_goal,
        kind=ActionKind.UNIT_ACTION,
        unit=unit,
        title_fi=title_fi,
        title_sv=title_sv,
        description_fi=description_fi,
        description_sv=description_sv,
        planned_start=planned_start,
        planned_end=planned_end,
        order=(last or 0) + 1,
    )
    action.title = title_fi
    action.description = description_fi
    action._history_user = user
    action.full_clean()
    action.save()
    action.owners.add(user)
    return action
