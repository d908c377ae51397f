"""Shared fixtures of the rating workflow's tests: people in each role, a section, an assignment."""

import pytest

from evaluations.models import RoundState
from evaluations.roles import ADMINISTRATOR, APPROVER, COUNCILLOR, OFFICIAL
from tests.factories import (
    make_assignment,
    make_goal,
    make_round,
    make_section,
    make_strategy,
    make_sub_goal,
    make_user,
)


@pytest.fixture
def people():
    return {
        "official": make_user(OFFICIAL),
        "other_official": make_user(OFFICIAL),
        "approver": make_user(APPROVER),
        "admin": make_user(ADMINISTRATOR, is_staff=True),
        "councillor": make_user(COUNCILLOR),
    }


@pytest.fixture
def section():
    """A section with a goal rated as a whole and a goal rated through two sub-goals."""
    section = make_section(strategy=make_strategy())
    make_goal(section=section, title_fi="Asiakkaat saavat palvelut ajoissa")
    split = make_goal(section=section, title_fi="Talous tasapainossa", is_rated=False)
    make_sub_goal(goal=split, title_fi="Menot kurissa", is_rated=True)
    make_sub_goal(goal=split, title_fi="Tulot kasvavat", is_rated=True)
    return section


@pytest.fixture
def assignment(people, section):
    other = make_section(strategy=section.strategy)
    make_goal(section=other)
    round_ = make_round(state=RoundState.OPEN)
    make_assignment(round=round_, section=other, officials=[people["other_official"]])
    return make_assignment(
        round=round_,
        section=section,
        officials=[people["official"]],
        approvers=[people["approver"]],
    )
