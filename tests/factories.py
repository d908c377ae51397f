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


def make_user(role: str | None = None, **fields):
    """A user, in the role group given (one of ``evaluations.roles``' names)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from evaluations.roles import ensure_roles

    n = next(_sequence)
    user = get_user_model().objects.create_user(
        username=fields.pop("username", f"user{n}"), password="test-password-123", **fields
    )
    if role:
        ensure_roles()
        user.groups.add(Group.objects.get(name=role))
    return user


def make_assignment(round=None, section=None, officials=(), approvers=(), **fields):
    from evaluations.models import Assignment

    round = round or make_round(state=RoundState.OPEN)
    section = section or make_section()
    round.strategies.add(section.strategy)
    assignment = Assignment.objects.create(round=round, section=section, **fields)
    assignment.officials.set(officials)
    assignment.approvers.set(approvers)
    return assignment
