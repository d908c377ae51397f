"""Reads of evaluation data. Summaries are always computed here from the item-level ratings.

The public reads here see only public ratings (``Rating.objects.public()``: published rounds,
approved sections); the officials' work in progress is read in ``evaluations/work_selectors.py``.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from evaluations.models import Achieved, EvaluationRound, Finding, Rating, RoundState
from luvn import stats
from strategy.models import Goal, Section, Strategy, SubGoal


@dataclass
class RatingSummary:
    """The summary row of the evaluation summary's tables, for one group of goals."""

    goal_count: int = 0
    sub_goal_count: int = 0
    scores: list[int] = field(default_factory=list)
    achieved: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def rated_count(self) -> int:
        return len(self.scores)

    @property
    def mean(self) -> Decimal | None:
        return stats.mean(self.scores)

    @property
    def achieved_yes(self) -> int:
        return self.achieved[Achieved.YES]

    @property
    def achieved_partly(self) -> int:
        return self.achieved[Achieved.PARTLY]

    @property
    def achieved_no(self) -> int:
        return self.achieved[Achieved.NO]

    @property
    def distribution(self) -> dict[int, int]:
        """How many items got each score, 5 to 1."""
        return stats.distribution(self.scores)


def round_list(*, published_only: bool = True) -> QuerySet[EvaluationRound]:
    rounds = EvaluationRound.objects.prefetch_related("strategies")
    if published_only:
        rounds = rounds.filter(state=RoundState.PUBLISHED)
    return rounds


def round_latest_for_strategy(
    *, strategy: Strategy, published_only: bool = True
) -> EvaluationRound | None:
    return round_list(published_only=published_only).filter(strategies=strategy).first()


def rating_map(*, round: EvaluationRound, goals: Iterable[Goal]) -> dict[tuple[str, int], Rating]:
    """Ratings of the given goals and their sub-goals in ``round``, keyed ("goal"|"sub", pk)."""
    goal_ids = [goal.pk for goal in goals]
    ratings = (
        Rating.objects.public()
        .filter(round=round)
        .filter(Q(goal_id__in=goal_ids) | Q(sub_goal__goal_id__in=goal_ids))
    )
    result = {}
    for rating in ratings:
        key = ("goal", rating.goal_id) if rating.goal_id else ("sub", rating.sub_goal_id)
        result[key] = rating
    return result


def strategy_summaries(
    *, round: EvaluationRound, strategy: Strategy
) -> tuple[dict[int, RatingSummary], RatingSummary]:
    """Summaries per section (its whole subtree) and for the whole strategy, in four queries."""
    sections, totals = _summaries(round=round, strategy_ids=[strategy.pk])
    return sections, totals[strategy.pk]


def section_summaries(
    *, round: EvaluationRound, strategies: Iterable[Strategy]
) -> tuple[dict[int, RatingSummary], dict[int, RatingSummary]]:
    """Summaries per section and per strategy of several strategies: four queries in all."""
    return _summaries(round=round, strategy_ids=[strategy.pk for strategy in strategies])


def strategy_totals(
    *, round: EvaluationRound, strategies: Iterable[Strategy]
) -> dict[int, RatingSummary]:
    """One summary per strategy, keyed by strategy id: four queries however many strategies."""
    strategy_ids = [strategy.pk for strategy in strategies]
    return _summaries(round=round, strategy_ids=strategy_ids)[1]


def _summaries(
    *, round: EvaluationRound, strategy_ids: list[int]
) -> tuple[dict[int, RatingSummary], dict[int, RatingSummary]]:
    """Summaries per section and per strategy, computed from the item-level ratings.

    An item counts as rated when it carries its own rating: a goal rated as a whole, or a
    sub-goal rated on its own. The achieved counts come from the same ratings.
    """
    sections = list(
        Section.objects.filter(strategy_id__in=strategy_ids).values(
            "id", "parent_id", "strategy_id"
        )
    )
    goals = list(
        Goal.objects.filter(section__strategy_id__in=strategy_ids).values(
            "id", "section_id", "is_rated"
        )
    )
    sub_goals = list(
        SubGoal.objects.filter(goal__section__strategy_id__in=strategy_ids).values(
            "id", "goal_id", "is_rated"
        )
    )
    ratings = (
        Rating.objects.public()
        .filter(round=round)
        .filter(
            Q(goal__section__strategy_id__in=strategy_ids)
            | Q(sub_goal__goal__section__strategy_id__in=strategy_ids)
        )
    )
    goal_ratings, sub_goal_ratings = {}, {}
    for rating in ratings.values("goal_id", "sub_goal_id", "score", "achieved"):
        if rating["goal_id"]:
            goal_ratings[rating["goal_id"]] = rating
        else:
            sub_goal_ratings[rating["sub_goal_id"]] = rating

    parent_of = {section["id"]: section["parent_id"] for section in sections}
    strategy_of = {section["id"]: section["strategy_id"] for section in sections}
    summaries = {section["id"]: RatingSummary() for section in sections}
    totals = {strategy_id: RatingSummary() for strategy_id in strategy_ids}

    def targets_of(section_id):
        targets = [totals[strategy_of[section_id]]]
        while section_id is not None:
            targets.append(summaries[section_id])
            section_id = parent_of[section_id]
        return targets

    def count(targets, rating):
        for summary in targets:
            if rating["score"] is not None:
                summary.scores.append(rating["score"])
            if rating["achieved"]:
                summary.achieved[rating["achieved"]] += 1

    section_of_goal = {}
    for goal in goals:
        section_of_goal[goal["id"]] = goal["section_id"]
        targets = targets_of(goal["section_id"])
        for summary in targets:
            summary.goal_count += 1
        if goal["is_rated"] and goal["id"] in goal_ratings:
            count(targets, goal_ratings[goal["id"]])
    for sub_goal in sub_goals:
        targets = targets_of(section_of_goal[sub_goal["goal_id"]])
        for summary in targets:
            summary.sub_goal_count += 1
        if sub_goal["is_rated"] and sub_goal["id"] in sub_goal_ratings:
            count(targets, sub_goal_ratings[sub_goal["id"]])
    return summaries, totals


def goal_summaries(*, round: EvaluationRound, goals: Iterable[Goal]) -> dict[int, RatingSummary]:
    """Per goal: its sub-goal count and its own rating, e.g. the rescue decision's guidelines."""
    goals = list(goals)
    ratings = rating_map(round=round, goals=goals)
    sub_goal_counts = defaultdict(int)
    for goal_id in SubGoal.objects.filter(goal__in=goals).values_list("goal_id", flat=True):
        sub_goal_counts[goal_id] += 1
    result = {}
    for goal in goals:
        summary = RatingSummary(goal_count=1, sub_goal_count=sub_goal_counts[goal.pk])
        rating = ratings.get(("goal", goal.pk))
        if rating and rating.score is not None:
            summary.scores.append(rating.score)
        if rating and rating.achieved:
            summary.achieved[rating.achieved] += 1
        result[goal.pk] = summary
    return result


def finding_list(*, round: EvaluationRound, **filters) -> QuerySet[Finding]:
    return Finding.objects.filter(round=round, **filters).order_by("kind", "section", "order")
