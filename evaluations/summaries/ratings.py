"""Reads of evaluation data. Summaries are always computed here from the item-level ratings.

The public reads here see only public ratings (``Rating.objects.public()``: published rounds,
approved sections); the officials' work in progress is read in
``evaluations/workflow/selectors.py``."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, QuerySet

from evaluations.models import (
    Achieved,
    Assignment,
    AssignmentState,
    EvaluationRound,
    FigureKind,
    Finding,
    PublishedFigure,
    Rating,
    RoundKind,
    RoundState,
)
from luvn import stats
from strategy.models import Goal, Section, Strategy, SubGoal


def item_counts_in_summaries(*, is_rated: bool, rated_sub_goals: int = 0) -> bool:
    """The counting rule: whether a goal's own rating counts in the summaries.

    An item counts when it carries its own rating: a goal rated as a whole, or a sub-goal rated
    on its own. Where a goal and its sub-goals are both rated (the procurement and production
    strategy), the sub-goals count and the goal's own rating is shown but not counted, as in the
    document's tables (24 goals): parents and sub-goals are never one population. A sub-goal
    rated on its own always counts. The pages, the report and the open data all use this rule.
    """
    return is_rated and rated_sub_goals == 0


def rating_counts(*, is_tentative: bool) -> bool:
    """The tentative rule: a tentative rating (printed in parentheses in the source) is shown in
    parentheses and marked, but left out of means, distributions and achieved counts; the
    summaries tell how many tentative ratings they leave out."""
    return not is_tentative


@dataclass
class RatingSummary:
    """The summary row of the evaluation summary's tables, for one group of goals."""

    goal_count: int = 0
    sub_goal_count: int = 0
    scores: list[int] = field(default_factory=list)
    achieved: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # Tentative ratings left out of the figures (``rating_counts``).
    tentative_count: int = 0
    # Goals rated themselves and through their sub-goals: counted through the sub-goals only
    # (``item_counts_in_summaries``); their own ratings are left out of the figures.
    parents_not_counted: int = 0

    @property
    def rated_count(self) -> int:
        return len(self.scores)

    @property
    def mean(self) -> Decimal | None:
        return stats.mean(self.scores)

    @property
    def achieved_recorded(self) -> int:
        """How many counted items have an achieved status at all."""
        return sum(self.achieved.values())

    @property
    def achieved_not_recorded(self) -> bool:
        """No item of the group has an achieved status: the counts are "not recorded", not 0."""
        return self.achieved_recorded == 0

    def _achieved(self, status) -> int | None:
        return None if self.achieved_not_recorded else self.achieved[status]

    @property
    def achieved_yes(self) -> int | None:
        return self._achieved(Achieved.YES)

    @property
    def achieved_partly(self) -> int | None:
        return self._achieved(Achieved.PARTLY)

    @property
    def achieved_no(self) -> int | None:
        return self._achieved(Achieved.NO)

    def add(self, rating: dict) -> None:
        """Count one item's rating (``score``, ``achieved``, ``is_tentative``)."""
        if not rating_counts(is_tentative=rating.get("is_tentative", False)):
            self.tentative_count += 1
            return
        if rating["score"] is not None:
            self.scores.append(rating["score"])
        if rating["achieved"]:
            self.achieved[rating["achieved"]] += 1

    @property
    def distribution(self) -> dict[int, int]:
        """How many items got each score, 5 to 1."""
        return stats.distribution(self.scores)


def round_list(
    *, published_only: bool = True, kind: str | None = RoundKind.EVALUATION
) -> QuerySet[EvaluationRound]:
    """Rounds, the latest published first: by publication time, then summary date (nulls last
    explicitly, so SQLite and PostgreSQL agree), then the newest row. Evaluation rounds only
    unless ``kind`` says otherwise (None: every kind; follow-up rounds have pages of their own).
    """
    rounds = EvaluationRound.objects.prefetch_related("strategies").order_by(
        F("published_at").desc(nulls_last=True), F("summary_date").desc(nulls_last=True), "-pk"
    )
    if published_only:
        rounds = rounds.filter(state=RoundState.PUBLISHED)
    if kind is not None:
        rounds = rounds.filter(kind=kind)
    return rounds


def strategy_ids_evaluated(*, round: EvaluationRound) -> set[int]:
    """Strategies of the round with at least one approved section."""
    return set(
        Assignment.objects.filter(round=round, state=AssignmentState.APPROVED)
        .exclude(section=None)
        .values_list("section__strategy_id", flat=True)
    )


def section_ids_evaluated(*, round: EvaluationRound) -> set[int]:
    """Sections whose ratings are public in the round: those with an approved assignment.
    The others read "not evaluated" on public pages, never zero items."""
    return set(
        Assignment.objects.filter(round=round, state=AssignmentState.APPROVED)
        .exclude(section=None)
        .values_list("section_id", flat=True)
    )


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
    *,
    round: EvaluationRound,
    strategy: Strategy,
    goals_out: dict[int, RatingSummary] | None = None,
) -> tuple[dict[int, RatingSummary], RatingSummary]:
    """Summaries per section (its whole subtree) and for the whole strategy, in four queries."""
    sections, totals = _summaries(round=round, strategy_ids=[strategy.pk], goals_out=goals_out)
    return sections, totals[strategy.pk]


def section_summaries(
    *,
    round: EvaluationRound,
    strategies: Iterable[Strategy],
    goals_out: dict[int, RatingSummary] | None = None,
) -> tuple[dict[int, RatingSummary], dict[int, RatingSummary]]:
    """Summaries per section and per strategy of several strategies: four queries in all."""
    strategy_ids = [strategy.pk for strategy in strategies]
    return _summaries(round=round, strategy_ids=strategy_ids, goals_out=goals_out)


def _summaries(
    *,
    round: EvaluationRound,
    strategy_ids: list[int],
    goals_out: dict[int, RatingSummary] | None = None,
) -> tuple[dict[int, RatingSummary], dict[int, RatingSummary]]:
    """Summaries per section and per strategy, computed from the item-level ratings.

    Which items count: ``item_counts_in_summaries`` (a goal rated as a whole, a sub-goal rated
    on its own; a goal whose sub-goals are rated counts through them) and ``rating_counts``
    (tentative ratings are left out). The achieved counts come from the same ratings. With
    ``goals_out``, each goal's own summary (its own rating, its sub-goal count, as
    ``goal_summaries``) is put there too, at no extra query.
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
    for rating in ratings.values("goal_id", "sub_goal_id", "score", "achieved", "is_tentative"):
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
            summary.add(rating)

    rated_sub_goals = defaultdict(int)
    for sub_goal in sub_goals:
        if sub_goal["is_rated"]:
            rated_sub_goals[sub_goal["goal_id"]] += 1
    section_of_goal = {}
    for goal in goals:
        section_of_goal[goal["id"]] = goal["section_id"]
        targets = targets_of(goal["section_id"])
        for summary in targets:
            summary.goal_count += 1
        counts = item_counts_in_summaries(
            is_rated=goal["is_rated"], rated_sub_goals=rated_sub_goals[goal["id"]]
        )
        if counts and goal["id"] in goal_ratings:
            count(targets, goal_ratings[goal["id"]])
        elif goal["is_rated"] and goal["id"] in goal_ratings:
            for summary in targets:
                summary.parents_not_counted += 1
    if goals_out is not None:
        sub_goal_counts = defaultdict(int)
        for sub_goal in sub_goals:
            sub_goal_counts[sub_goal["goal_id"]] += 1
        for goal in goals:
            own = RatingSummary(goal_count=1, sub_goal_count=sub_goal_counts[goal["id"]])
            if goal["id"] in goal_ratings:
                own.add(goal_ratings[goal["id"]])
            goals_out[goal["id"]] = own
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
        if rating:
            summary.add(
                {
                    "score": rating.score,
                    "achieved": rating.achieved,
                    "is_tentative": rating.is_tentative,
                }
            )
        result[goal.pk] = summary
    return result


def finding_list(*, round: EvaluationRound, **filters) -> QuerySet[Finding]:
    return Finding.objects.filter(round=round, **filters).order_by("kind", "section", "order")


# --- Published figures: the document's printed summary figures beside the computed ones ---------

# Kinds of figure that can be recomputed from the item-level ratings.
COMPUTED_KINDS = {
    FigureKind.GOAL_COUNT,
    FigureKind.SUB_GOAL_COUNT,
    FigureKind.ITEM_COUNT,
    FigureKind.MEAN,
    FigureKind.SCORE,
    FigureKind.ACHIEVED_YES,
    FigureKind.ACHIEVED_PARTLY,
    FigureKind.ACHIEVED_NO,
}


@dataclass
class FigureComparison:
    """A published figure and, where it can be recomputed, the figure computed from the items."""

    figure: PublishedFigure
    computable: bool
    computed: Decimal | int | None = None

    @property
    def not_recorded(self) -> bool:
        """Computable in principle, but the items carry no such data (e.g. no achieved status)."""
        return self.computable and self.computed is None

    @property
    def differs(self) -> bool:
        """The computed figure differs from the printed one (means compared to one decimal)."""
        if self.computed is None:
            return False
        computed = Decimal(self.computed)
        if self.figure.kind == FigureKind.MEAN:
            tenth = Decimal("0.1")
            return computed.quantize(tenth, ROUND_HALF_UP) != self.figure.value.quantize(
                tenth, ROUND_HALF_UP
            )
        return computed != self.figure.value

    @property
    def subject(self):
        figure = self.figure
        return figure.goal or figure.section or figure.strategy or figure.survey


def _computed_value(kind: str, summary: RatingSummary | None):
    if summary is None:
        return None
    return {
        FigureKind.GOAL_COUNT: lambda: summary.goal_count,
        FigureKind.SUB_GOAL_COUNT: lambda: summary.sub_goal_count,
        FigureKind.ITEM_COUNT: lambda: summary.rated_count + summary.tentative_count,
        FigureKind.MEAN: lambda: summary.mean,
        FigureKind.SCORE: lambda: summary.scores[0] if len(summary.scores) == 1 else summary.mean,
        FigureKind.ACHIEVED_YES: lambda: summary.achieved_yes,
        FigureKind.ACHIEVED_PARTLY: lambda: summary.achieved_partly,
        FigureKind.ACHIEVED_NO: lambda: summary.achieved_no,
    }[kind]()


@dataclass
class Precomputed:
    """Summaries a page has already read (``section_summaries(..., goals_out=...)``), so that
    comparing the published figures costs no further query."""

    sections: dict[int, RatingSummary]
    totals: dict[int, RatingSummary]
    goals: dict[int, RatingSummary]


def published_figure_list(
    *,
    round: EvaluationRound | None,
    rounds: Iterable[EvaluationRound] | None = None,
    strategy: Strategy | None = None,
    precomputed: Precomputed | None = None,
) -> list[FigureComparison]:
    """The published figures of ``round`` (or of several rounds), each beside its computed value.

    ``strategy`` keeps only that strategy's figures. Queries: the figures (1) and, per round
    with figures and unless ``precomputed`` is given, the summaries (4): a constant number,
    whatever the number of figures.
    """
    rounds = list(rounds) if rounds is not None else [round]
    figures = PublishedFigure.objects.filter(round__in=rounds)
    if strategy is not None:
        figures = figures.filter(strategy=strategy)
    figures = list(
        figures.select_related("round", "strategy", "section", "goal", "survey").order_by(
            "round", "order", "pk"
        )
    )
    result = []
    for round_ in rounds:
        own = [figure for figure in figures if figure.round_id == round_.pk]
        if precomputed is not None:
            sections, totals, per_goal = (
                precomputed.sections,
                precomputed.totals,
                precomputed.goals,
            )
        else:
            strategy_ids = sorted({figure.strategy_id for figure in own if figure.strategy_id})
            per_goal = {}
            sections, totals = (
                _summaries(round=round_, strategy_ids=strategy_ids, goals_out=per_goal)
                if strategy_ids
                else ({}, {})
            )
        for figure in own:
            computable = figure.kind in COMPUTED_KINDS and figure.strategy_id is not None
            computed = None
            if computable:
                if figure.goal_id:
                    summary = per_goal.get(figure.goal_id)
                elif figure.section_id:
                    summary = sections.get(figure.section_id)
                else:
                    summary = totals.get(figure.strategy_id)
                computed = _computed_value(figure.kind, summary)
            result.append(FigureComparison(figure=figure, computable=computable, computed=computed))
    return result


# --- Strongest results and the watch list --------------------------------------------------------


@dataclass
class RatedItem:
    rating: Rating

    @property
    def item(self):
        return self.rating.item

    @property
    def goal(self) -> Goal:
        return self.rating.goal or self.rating.sub_goal.goal

    @property
    def section(self) -> Section:
        return self.goal.section

    @property
    def strategy(self) -> Strategy:
        return self.section.strategy


def _goal_of(rating: Rating) -> Goal:
    return rating.goal or rating.sub_goal.goal


def _counted_public_ratings(*, round: EvaluationRound) -> list[Rating]:
    ratings = list(
        Rating.objects.public()
        .filter(round=round, is_tentative=False)
        .select_related(
            "goal__section__strategy", "sub_goal__goal__section__strategy", "sub_goal__goal"
        )
        .annotate(
            rated_sub_goals=Count("goal__sub_goals", filter=Q(goal__sub_goals__is_rated=True))
        )
    )
    counted = [
        rating
        for rating in ratings
        if rating.sub_goal_id
        or item_counts_in_summaries(
            is_rated=rating.goal.is_rated, rated_sub_goals=rating.rated_sub_goals
        )
    ]

    # In reading order: strategy, then the sections' path from the top, goal, sub-goal.
    strategy_ids = {_goal_of(rating).section.strategy_id for rating in counted}
    sections = {
        row["id"]: row
        for row in Section.objects.filter(strategy_id__in=strategy_ids).values(
            "id", "parent_id", "order"
        )
    }

    def path(section_id):
        orders = []
        while section_id is not None:
            orders.insert(0, sections[section_id]["order"])
            section_id = sections[section_id]["parent_id"]
        return tuple(orders)

    def position(rating):
        goal = _goal_of(rating)
        sub_order = rating.sub_goal.order if rating.sub_goal_id else 0
        strategy = goal.section.strategy
        return (strategy.order, strategy.pk, path(goal.section_id), goal.order, sub_order)

    return sorted(counted, key=position)


def _is_watched(rating: Rating) -> bool:
    return (rating.score is not None and rating.score <= 2) or rating.achieved == Achieved.NO


def rating_extremes(*, round: EvaluationRound) -> tuple[list[RatedItem], list[RatedItem]]:
    """(strongest results, watch list) in one read: items rated 5; items rated 1–2 or not
    achieved. Counted, public ratings only (tentative ones and counted-through parents left
    out), in reading order."""
    ratings = _counted_public_ratings(round=round)
    return (
        [RatedItem(r) for r in ratings if r.score == 5],
        [RatedItem(r) for r in ratings if _is_watched(r)],
    )
