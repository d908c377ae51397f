"""Builders of follow-up data for the progress tests: units, actions, indicators with targets,
follow-up rounds with approved (or not) unit assignments, updates and values."""

import itertools
from datetime import date
from decimal import Decimal

from evaluations.models import (
    ActionUpdate,
    Assignment,
    AssignmentState,
    EvaluationRound,
    IndicatorValue,
    RoundKind,
    RoundState,
)
from strategy.models import Action, ActionKind, Indicator, IndicatorTarget, Unit
from tests.factories import make_goal, make_section, make_strategy, make_sub_goal

_n = itertools.count(1)


def make_unit(**fields) -> Unit:
    n = next(_n)
    return Unit.objects.create(**{"key": f"unit-{n}", "name_fi": f"Yksikkö {n}", **fields})


def make_action(goal=None, unit=None, **fields) -> Action:
    n = next(_n)
    goal = goal or make_goal()
    fields = {"kind": ActionKind.UNIT_ACTION, "title_fi": f"Toimenpide {n}", "order": n, **fields}
    return Action.objects.create(goal=goal, unit=unit or make_unit(), **fields)


def make_indicator(goals=(), unit=None, targets=(), **fields) -> Indicator:
    n = next(_n)
    fields = {
        "key": f"indicator-{n}",
        "name_fi": f"Mittari {n}",
        "direction": "increase",
        "decimals": 1,
        "baseline_date": date(2024, 12, 31),
        "baseline_value": Decimal("10"),
        **fields,
    }
    indicator = Indicator.objects.create(unit=unit or make_unit(), **fields)
    indicator.goals.set(goals)
    for day, value in targets:
        IndicatorTarget.objects.create(indicator=indicator, date=day, value=Decimal(str(value)))
    return indicator


def make_followup_round(
    *, period_end=date(2026, 6, 30), state=RoundState.PUBLISHED, **fields
) -> EvaluationRound:
    n = next(_n)
    fields = {
        "key": f"followup-{n}",
        "name_fi": f"Seuranta {n}",
        "name_sv": f"Uppföljning {n}",
        "kind": RoundKind.FOLLOW_UP,
        "period_start": date(period_end.year, 1 if period_end.month <= 6 else 7, 1),
        "period_end": period_end,
        "state": state,
        **fields,
    }
    return EvaluationRound.objects.create(**fields)


def approve(round, unit, state=AssignmentState.APPROVED) -> Assignment:
    assignment, _created = Assignment.objects.update_or_create(
        round=round, unit=unit, defaults={"state": state}
    )
    return assignment


def make_update(round, action, status="on_schedule", **fields) -> ActionUpdate:
    return ActionUpdate.objects.create(round=round, action=action, status=status, **fields)


def make_value(round, indicator, day, value, **fields) -> IndicatorValue:
    return IndicatorValue.objects.create(
        round=round, indicator=indicator, date=day, value=Decimal(str(value)), **fields
    )


def followup_world(*, practice=False):
    """A change-promise strategy with one goal, two numbered items, a unit with three actions
    and two indicators, and a published follow-up round whose unit update is approved."""
    strategy = make_strategy(
        kind="service_renewal", goal_label="change_promise", name_sv="Strategi"
    )
    section = make_section(strategy=strategy, title_sv="Avsnitt")
    goal = make_goal(section=section, number="1", title_sv="Förändringslöfte")
    item_1 = make_sub_goal(goal=goal, number="1.1", title_sv="Punkt 1")
    item_2 = make_sub_goal(goal=goal, number="1.2", title_sv="Punkt 2")
    unit = make_unit(name_sv="Enhet")
    on_time = make_action(goal=goal, sub_goal=item_1, unit=unit, title_fi="Aikataulussa oleva")
    late = make_action(goal=goal, sub_goal=item_2, unit=unit, title_fi="Myöhässä oleva")
    silent = make_action(goal=goal, unit=unit, title_fi="Kirjaamaton toimenpide")
    indicator = make_indicator(
        goals=[goal],
        unit=unit,
        name_fi="Asiakastyytyväisyys",
        name_sv="Kundnöjdhet",
        unit_of_measure_fi="%",
        unit_of_measure_sv="%",
        source_fi="THL Sotkanet",
        source_url="https://sotkanet.fi/",
        intended_effect_fi="Asiakkaat ovat tyytyväisempiä",
        targets=[(date(2026, 12, 31), 20), (date(2029, 12, 31), 40)],
    )
    empty = make_indicator(goals=[goal], unit=unit, name_fi="Tyhjä mittari", targets=[])
    round_ = make_followup_round(is_practice=practice)
    round_.strategies.add(strategy)
    approve(round_, unit)
    make_update(round_, on_time, "on_schedule", progress_fi="Hyvin menee.")
    make_update(
        round_,
        late,
        "delayed",
        progress_fi="Rekrytointi viivästyi.",
        progress_sv="Rekryteringen försenades.",
    )
    make_value(round_, indicator, date(2025, 12, 31), "16.5")
    return {
        "strategy": strategy,
        "goal": goal,
        "items": [item_1, item_2],
        "unit": unit,
        "actions": {"on_time": on_time, "late": late, "silent": silent},
        "indicator": indicator,
        "empty_indicator": empty,
        "round": round_,
    }
