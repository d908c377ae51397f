"""The database itself refuses ratings that break the hard rules."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from evaluations.models import Rating
from tests.factories import make_goal, make_rating, make_round, make_sub_goal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("score", [0, 6])
def test_database_refuses_score_outside_1_to_5(score):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_rating(score=score)


@pytest.mark.parametrize("score", [1, 5, None])
def test_scores_1_to_5_and_empty_are_accepted(score):
    rating = make_rating(score=score)
    rating.full_clean()
    assert Rating.objects.filter(pk=rating.pk, score=score).exists()


def test_validation_refuses_score_6_with_message_in_finnish():
    rating = make_rating()
    rating.score = 6
    with pytest.raises(ValidationError) as error:
        rating.full_clean()
    assert "score" in error.value.message_dict


def test_second_rating_of_a_goal_in_the_same_round_is_refused():
    rating = make_rating()
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(round=rating.round, goal=rating.goal, score=4)


def test_second_rating_of_a_goal_fails_validation_with_a_clear_message():
    rating = make_rating()
    duplicate = Rating(round=rating.round, goal=rating.goal, score=4)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "Tavoitteella on jo arvio tällä kierroksella." in str(error.value)


def test_the_same_goal_can_be_rated_in_another_round():
    rating = make_rating()
    other = Rating.objects.create(round=make_round(), goal=rating.goal, score=5)
    assert other.pk


def test_second_rating_of_a_sub_goal_in_the_same_round_is_refused():
    sub_goal = make_sub_goal(is_rated=True)
    round_ = make_round()
    Rating.objects.create(round=round_, sub_goal=sub_goal, score=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(round=round_, sub_goal=sub_goal, score=3)


def test_rating_must_target_exactly_one_item():
    goal = make_goal()
    sub_goal = make_sub_goal(goal=goal)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(round=make_round(), goal=goal, sub_goal=sub_goal, score=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(round=make_round(), score=3)


def test_unknown_achieved_status_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_rating(achieved="maybe")
