"""Small object builders for tests: sensible defaults, every field overridable."""

import itertools

from evaluations.models import EvaluationRound, Rating, RoundState
from strategy.models import Goal, Section, SectionKind, Strategy, StrategyKind, SubGoal

_sequence = itertools.count(1)


def make_strategy(**fields) -> Strategy:
    n = next(_sequence)
    fields = {
        "key": f"test-strategy-{n}",
        "kind": StrategyKind.COUNTY,
        "name_fi": f"Strategia {n}",
        **fields,
    }
    return Strategy.objects.create(**fields)


def make_section(strategy=None, **fields) -> Section:
    n = next(_sequence)
    strategy = strategy or make_strategy()
    fields = {
        "key": f"section-{n}",
        "kind": SectionKind.STRATEGIC_LINE,
        "title_fi": f"Linjaus {n}",
        "order": n,
        **fields,
    }
    return Section.objects.create(strategy=strategy, **fields)


def make_goal(section=None, **fields) -> Goal:
    n = next(_sequence)
    section = section or make_section()
    fields = {"title_fi": f"Tavoite {n}", "order": n, **fields}
    return Goal.objects.create(section=section, **fields)


def make_sub_goal(goal=None, **fields) -> SubGoal:
    n = next(_sequence)
    goal = goal or make_goal()
    fields = {"title_fi": f"Alatavoite {n}", "order": n, **fields}
    return SubGoal.objects.create(goal=goal, **fields)


def make_round(**fields) -> EvaluationRound:
    n = next(_sequence)
    fields = {
        "key": f"round-{n}",
        "name_fi": f"Arviointi {n}",
        "state": RoundState.PUBLISHED,
        **fields,
    }
    return EvaluationRound.objects.create(**fields)


def make_rating(round=None, goal=None, **fields) -> Rating:
    round = round or make_round()
    if goal is None and "sub_goal" not in fields:
        goal = make_goal()
    fields = {"score": 3, **fields}
    return Rating.objects.create(round=round, goal=goal, **fields)
