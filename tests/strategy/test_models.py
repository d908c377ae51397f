"""Hard rules of the strategy tree, in the database and in validation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from strategy.models import Section
from tests.factories import make_goal, make_section, make_strategy

pytestmark = pytest.mark.django_db


def test_section_key_is_unique_within_a_strategy():
    section = make_section()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_section(strategy=section.strategy, key=section.key)


def test_the_same_section_key_may_be_used_in_another_strategy():
    section = make_section()
    assert make_section(key=section.key).pk


def test_parent_section_must_be_in_the_same_strategy():
    parent = make_section()
    child = Section(
        strategy=make_strategy(), parent=parent, kind="service_line", key="x", title_fi="X"
    )
    with pytest.raises(ValidationError) as error:
        child.full_clean()
    assert "parent" in error.value.message_dict


def test_strategy_period_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_strategy(period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2025, 1, 1))


def test_two_goals_cannot_share_a_position_in_a_section():
    goal = make_goal()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_goal(section=goal.section, order=goal.order)


def test_goal_title_in_finnish_is_required():
    goal = make_goal()
    goal.title_fi = ""
    with pytest.raises(ValidationError) as error:
        goal.full_clean()
    assert "title_fi" in error.value.message_dict
