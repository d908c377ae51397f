"""Reads of the public progress of strategies: actions with their statuses, indicators with
their on-track state, per goal (change promise) and per follow-up period.

Everything here is public: only approved updates and values of published follow-up rounds
(``ActionUpdate.objects.public()``, ``IndicatorValue.objects.public()``). The pages, the
follow-up report, open data and the evidence beside the term-end rating all read through
``goals_progress``, whose number of queries does not grow with the number of goals, actions,
indicators or values. Statuses and states are computed here, never stored.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from evaluations.followup.indicator_state import (
    IndicatorState,
    action_updates_by_action,
    indicator_states,
)
from evaluations.models import (
    ActionStatus,
    ActionUpdate,
    EvaluationRound,
    IndicatorValue,
    RoundKind,
    RoundState,
)
from strategy.indicators import TrackState
from strategy.models import Action, Goal, Indicator, SubGoal

# The statuses in the order the bars and tables show them; "" is an action without an update.
STATUS_ORDER = [
    ActionStatus.ON_SCHEDULE,
    ActionStatus.DONE,
    ActionStatus.NOT_STARTED,
    ActionStatus.DELAYED,
    ActionStatus.CANCELLED,
]
TRACK_ORDER = [TrackState.ON_TRACK, TrackState.OFF_TRACK, TrackState.NO_TARGET, TrackState.NO_DATA]


def followup_round_list() -> QuerySet[EvaluationRound]:
    """Published follow-up rounds, the latest period first."""
    return EvaluationRound.objects.filter(
        kind=RoundKind.FOLLOW_UP, state=RoundState.PUBLISHED
    ).order_by("-period_end", "-pk")


def followup_round_choice(*, key: str | None) -> tuple[EvaluationRound | None, list]:
    """The chosen published follow-up round (by key; the latest when none) and all of them.

    Raises ``EvaluationRound.DoesNotExist`` for an unknown key."""
    rounds = list(followup_round_list())
    if key:
        chosen = next((r for r in rounds if r.key == key), None)
        if chosen is None:
            raise EvaluationRound.DoesNotExist(key)
        return chosen, rounds
    return (rounds[0] if rounds else None), rounds


def _visible_updates(up_to: EvaluationRound | None) -> QuerySet[ActionUpdate]:
    updates = ActionUpdate.objects.public()
    if up_to is not None and up_to.period_end:
        updates = updates.filter(round__period_end__lte=up_to.period_end)
    return updates


def _up_to_date(up_to: EvaluationRound | None) -> date | None:
    return up_to.period_end if up_to is not None else None


@dataclass
class ActionProgress:
    """An action with its public updates up to the chosen period, oldest first."""

    action: Action
    updates: list[ActionUpdate] = field(default_factory=list)

    @property
    def latest(self) -> ActionUpdate | None:
        return self.updates[-1] if self.updates else None

    @property
    def status(self) -> str:
        """The latest status; "" when no update (or none with a status) is public yet."""
        latest = self.latest
        return latest.status if latest else ""

    @property
    def history(self) -> list[ActionUpdate]:
        """Updates newest first, for the history list under the action."""
        return list(reversed(self.updates))

    @property
    def is_practice(self) -> bool:
        return any(update.round.is_practice for update in self.updates)


@dataclass
class ItemProgress:
    """A numbered item (sub-goal) of a goal with the actions beneath it; ``sub_goal`` None
    holds the actions under the goal itself."""

    sub_goal: SubGoal | None
    actions: list[ActionProgress]


@dataclass
class GoalProgress:
    goal: Goal
    actions: list[ActionProgress] = field(default_factory=list)
    indicators: list[IndicatorState] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"goal-{self.goal.pk}"

    @property
    def items(self) -> list[ItemProgress]:
        """The goal's numbered items in order, each with its actions; actions under the goal
        itself first. Items without actions are listed too: they are the strategy's text."""
        by_item: dict[int | None, list[ActionProgress]] = {}
        for progress in self.actions:
            by_item.setdefault(progress.action.sub_goal_id, []).append(progress)
        result = []
        if by_item.get(None):
            result.append(ItemProgress(sub_goal=None, actions=by_item[None]))
        for sub_goal in self.goal.sub_goals.all():
            result.append(ItemProgress(sub_goal=sub_goal, actions=by_item.get(sub_goal.pk, [])))
        return result

    @property
    def status_counts(self) -> list[tuple[str, int]]:
        """(status, number of actions) in the bar's order; "" counts actions without one."""
        counts = Counter(progress.status for progress in self.actions)
        return [(status, counts[status]) for status in [*STATUS_ORDER, ""] if counts[status]]

    @property
    def track_counts(self) -> list[tuple[str, int]]:
        counts = Counter(state.state for state in self.indicators)
        return [(state, counts[state]) for state in TRACK_ORDER if counts[state]]

    @property
    def delayed(self) -> list[ActionProgress]:
        return [p for p in self.actions if p.status == ActionStatus.DELAYED]

    @property
    def is_followed(self) -> bool:
        return bool(self.actions or self.indicators)

    @property
    def is_practice(self) -> bool:
        return any(p.is_practice for p in self.actions) or any(
            indicator_is_practice(state) for state in self.indicators
        )


def indicator_is_practice(state: IndicatorState) -> bool:
    """Practice figures are shown: a practice baseline and targets, or practice values."""
    return state.indicator.practice_targets or any(
        value.round.is_practice for value in state.values
    )


def goals_progress(
    *, goals: Iterable[Goal], up_to: EvaluationRound | None = None
) -> dict[int, GoalProgress]:
    """Per goal (by id): its actions with their public updates and its indicators with their
    public values and targets, up to the period of ``up_to`` (all periods when None).

    Six queries whatever the numbers: actions, updates, indicators, their goals, values,
    targets. The goals' sub-goals should be prefetched by the caller when ``items`` is used.
    """
    goals = list(goals)
    result = {goal.pk: GoalProgress(goal=goal) for goal in goals}
    if not goals:
        return result
    actions = list(
        Action.objects.filter(goal__in=goals)
        .select_related("unit", "sub_goal")
        .order_by("goal", "sub_goal__order", "order", "pk")
    )
    updates = action_updates_by_action(
        updates=_visible_updates(up_to), action_ids=[a.pk for a in actions]
    )
    for action in actions:
        result[action.goal_id].actions.append(
            ActionProgress(action=action, updates=updates.get(action.pk, []))
        )
    indicators = list(
        Indicator.objects.filter(goals__in=goals)
        .distinct()
        .select_related("unit")
        .prefetch_related(Prefetch("goals", queryset=Goal.objects.only("pk")))
        .order_by("order", "pk")
    )
    states = indicator_states(
        indicators=indicators, values=IndicatorValue.objects.public(), up_to=_up_to_date(up_to)
    )
    for state in states:
        for goal in state.indicator.goals.all():
            if goal.pk in result:
                result[goal.pk].indicators.append(state)
    return result


def indicator_progress(
    *, indicator: Indicator, up_to: EvaluationRound | None = None
) -> IndicatorState:
    """One indicator with its public values and targets (two queries)."""
    return indicator_states(
        indicators=[indicator], values=IndicatorValue.objects.public(), up_to=_up_to_date(up_to)
    )[0]


def goal_is_followed_q() -> Q:
    """True for a goal that has actions or indicators: its evidence is worth reading."""
    return Q(Exists(Action.objects.filter(goal=OuterRef("pk")))) | Q(
        Exists(Indicator.goals.through.objects.filter(goal=OuterRef("pk")))
    )


def followed_goals(*, strategy=None) -> QuerySet[Goal]:
    """Goals that have actions or indicators (of one strategy, or of all), in reading order,
    with their section, strategy and sub-goals."""
    goals = Goal.objects.filter(goal_is_followed_q())
    if strategy is not None:
        goals = goals.filter(section__strategy=strategy)
    return (
        goals.select_related("section__strategy")
        .prefetch_related(Prefetch("sub_goals", queryset=SubGoal.objects.order_by("order", "pk")))
        .order_by("section__strategy__order", "section__order", "order", "pk")
    )


# --- The goal list's filters (SQL for statuses; computed states for indicators) --------------


def followed_strategy_ids() -> QuerySet:
    """The strategies the latest published follow-up round follows (its strategies; when it
    names none, every strategy with followed goals), as a subquery of ids."""
    latest = followup_round_list().first()
    if latest is not None and latest.strategies.exists():
        return latest.strategies.values("pk")
    return followed_goals().values("section__strategy")


def latest_public_status_subquery():
    """The latest public status of the action at ``OuterRef("pk")``."""
    return Subquery(
        ActionUpdate.objects.public()
        .filter(action=OuterRef("pk"))
        .order_by("-round__period_end", "-round__pk")
        .values("status")[:1]
    )


def goal_action_status_q(*, status: str, goals: QuerySet[Goal] | None = None) -> Q:
    """Goals (among ``goals``, when given) with an action whose latest public status is
    ``status``. Only the actions of ``goals`` are looked at: the cost follows the list, not
    every action of every strategy."""
    scope = Action.objects.all() if goals is None else Action.objects.filter(goal__in=goals)
    actions = (
        scope.annotate(latest_status=latest_public_status_subquery())
        .filter(latest_status=status)
        .values("goal_id")
    )
    return Q(pk__in=actions)


def goal_indicator_state_q(*, state: str, goals: QuerySet[Goal] | None = None) -> Q:
    """Goals (among ``goals``, when given) with an indicator in ``state`` by its latest public
    value (computed: 3 queries, over the indicators of ``goals`` only)."""
    linked = Indicator.objects.filter(goals__isnull=False)
    if goals is not None:
        linked = Indicator.objects.filter(goals__in=goals)
    indicators = list(linked.distinct())
    states = indicator_states(indicators=indicators, values=IndicatorValue.objects.public())
    ids = [s.indicator.pk for s in states if s.state == state]
    return Q(pk__in=Indicator.goals.through.objects.filter(indicator_id__in=ids).values("goal_id"))


def attach_evidence(blocks: Iterable) -> None:
    """Give each block of a goal (``block.goal``) its follow-up evidence as ``block.evidence``:
    the goal's actions with their latest public statuses and its indicators (six queries).

    Goals annotated ``is_followed=False`` (``goal_is_followed_q``) are known to have none and
    cost no query: a section of a strategy that is not followed costs none at all."""
    blocks = list(blocks)
    followed = [block.goal for block in blocks if getattr(block.goal, "is_followed", True)]
    evidence = goals_progress(goals=followed) if followed else {}
    for block in blocks:
        block.evidence = evidence.get(block.goal.pk) or GoalProgress(goal=block.goal)
