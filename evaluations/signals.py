"""What renews the content generation (``luvn/content_generation.py``): saves and deletes of
content the public sees. Ratings, assignments and survey answers count only in a published
round: work in progress in an open round changes no public page.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import m2m_changed, post_delete, post_save

from luvn.content_generation import renew_content_generation


def _rounds_of_work():
    """Per kind of work in progress, how to reach its round (through cached relations)."""
    from evaluations.models import ActionUpdate, Assignment, IndicatorValue, Rating
    from municipalities.models import Answer, Respondent, SurveyResponse

    return {
        Rating: lambda obj: obj.round,
        ActionUpdate: lambda obj: obj.round,
        IndicatorValue: lambda obj: obj.round,
        Assignment: lambda obj: obj.round,
        SurveyResponse: lambda obj: obj.survey.round,
        Answer: lambda obj: obj.response.survey.round,
        # The named respondents make a survey's response rate.
        Respondent: lambda obj: obj.survey.round,
    }


def content_changed(instance) -> None:
    """What the signals do for a saved or deleted ``instance``, for writes that send none
    (``bulk_create``)."""
    _content_changed(sender=type(instance), instance=instance)


def _content_changed(sender=None, instance=None, **kwargs) -> None:
    from evaluations.models import RoundState

    round_of = _rounds_of_work().get(sender)
    if round_of is not None and instance is not None:
        try:
            if round_of(instance).state != RoundState.PUBLISHED:
                return
        except ObjectDoesNotExist:
            pass  # deleted together with its round: renew, to be sure
    renew_content_generation()


def connect_signals() -> None:
    from evaluations.models import EvaluationRound, Finding
    from municipalities.models import Municipality, Question, QuestionOption, Survey, SurveyTheme
    from strategy.models import (
        Action,
        Goal,
        Indicator,
        IndicatorTarget,
        Section,
        Strategy,
        SubGoal,
        Unit,
    )

    content = [EvaluationRound, Strategy, Section, Goal, SubGoal, Finding, Survey, SurveyTheme]
    # Follow-up definitions: units, actions, indicators and their target levels.
    content += [Unit, Action, Indicator, IndicatorTarget]
    content += [Question, QuestionOption, Municipality, *_rounds_of_work()]
    for model in content:
        uid = f"evaluations.signals.{model._meta.label_lower}"
        post_save.connect(_content_changed, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(_content_changed, sender=model, dispatch_uid=f"{uid}.delete")
    m2m_changed.connect(
        _content_changed,
        sender=EvaluationRound.strategies.through,
        dispatch_uid="evaluations.signals.round_strategies",
    )
    m2m_changed.connect(
        _content_changed,
        sender=Indicator.goals.through,
        dispatch_uid="evaluations.signals.indicator_goals",
    )
