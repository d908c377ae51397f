"""Reads of a section's ratings in progress: the items to rate, grouped by goal, with their
ratings, the previous round's and their change history. Unlike ``summaries/ratings.py`` these
see ratings in progress, so every caller checks the user's access first
(``workflow/permissions.py``). Each read is a constant number of queries, however many goals
a section has."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)

from evaluations.models import (
    Assignment,
    AssignmentState,
    EvaluationRound,
    Rating,
    RoundKind,
    RoundState,
)
from evaluations.workflow.selectors import (
    HISTORY_FIELDS,
    HISTORY_SHOWN,
    History,
    HistoryEntry,
    assignment_queryset,
    change_history,
    display_value,
)
from luvn.page_cache import cached_for_content
from strategy.models import Goal, SubGoal


@dataclass
class RatingItem:
    """A goal rated as a whole, or a sub-goal rated on its own: one row of the rating form."""

    kind: str  # "goal" | "sub"
    obj: Goal | SubGoal
    rating: Rating | None = None
    previous: Rating | None = None
    history: History = field(default_factory=History)

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.obj.pk}"

    @property
    def target(self) -> dict:
        """The rating's field that points at the item: ``{"goal": …}`` or ``{"sub_goal": …}``."""
        return {"goal": self.obj} if self.kind == "goal" else {"sub_goal": self.obj}

    @property
    def goal(self) -> Goal:
        return self.obj if self.kind == "goal" else self.obj.goal

    @property
    def version(self) -> int:
        """The version the form starts from; 0 when the item has no rating yet."""
        return self.rating.version if self.rating else 0


@dataclass
class GoalBlock:
    """A goal of the form with its own item (if rated as a whole) and its sub-goals' items."""

    goal: Goal
    item: RatingItem | None
    sub_goals: list[tuple[SubGoal, RatingItem | None]]


def rating_key(rating) -> str:
    """The ``RatingItem.key`` of a rating (or of a historical record of one)."""
    return f"goal-{rating.goal_id}" if rating.goal_id else f"sub-{rating.sub_goal_id}"


def rating_is_complete(rating: Rating | None) -> bool:
    """What submitting needs of every item: a score, achieved status, a Finnish evaluation."""
    return bool(
        rating
        and rating.score is not None
        and rating.achieved
        and (rating.verbal_evaluation_fi or "").strip()
    )


def round_previous(*, round: EvaluationRound, section) -> EvaluationRound | None:
    """The latest published evaluation round before ``round`` that evaluated the section's
    strategy, marked ``section_approved``: whether its ratings of the section are public.
    (A follow-up round rates nothing; a round without a summary date counts as the oldest, on
    PostgreSQL as on SQLite.)"""
    earlier = EvaluationRound.objects.filter(
        state=RoundState.PUBLISHED, kind=RoundKind.EVALUATION, strategies=section.strategy_id
    ).exclude(pk=round.pk)
    if round.summary_date:
        earlier = earlier.filter(summary_date__lt=round.summary_date)
    approved = Assignment.objects.filter(
        round=OuterRef("pk"), section=section, state=AssignmentState.APPROVED
    )
    return (
        earlier.annotate(section_approved=Exists(approved))
        .order_by(F("summary_date").desc(nulls_last=True), "-pk")
        .first()
    )


@dataclass
class SectionOutline:
    """The published side of a section's rating form: the goals (marked ``is_followed`` for
    ``progress.attach_evidence``) with their sub-goals, and the previous round's public
    ratings, by item key."""

    goals: list[Goal]
    previous: dict[str, Rating]


def section_outline(*, assignment: Assignment) -> SectionOutline:
    """The section's outline in three queries, or none while published content is unchanged
    (``luvn.page_cache.cached_for_content``): every official's form reads it."""
    return cached_for_content(
        f"section-outline:{assignment.round_id}:{assignment.section_id}",
        lambda: _section_outline(assignment),
    )


def _section_outline(assignment: Assignment) -> SectionOutline:
    from evaluations.followup.public import goal_is_followed_q

    goals = list(
        Goal.objects.filter(section=assignment.section)
        .annotate(is_followed=ExpressionWrapper(goal_is_followed_q(), BooleanField()))
        .prefetch_related(Prefetch("sub_goals", queryset=SubGoal.objects.order_by("order", "pk")))
        .order_by("order", "pk")
    )
    # The section's ratings are public in a published round whose section was approved: the
    # rule of ``Rating.objects.public()``, asked once for the section rather than per rating.
    previous = round_previous(round=assignment.round, section=assignment.section)
    ratings = []
    if previous is not None and previous.section_approved:
        ratings = _item_ratings(goals, round=previous)
        for rating in ratings:
            rating.round = previous
    return SectionOutline(goals=goals, previous={rating_key(r): r for r in ratings})


def _item_ratings(goals: list[Goal], *, round: EvaluationRound) -> list[Rating]:
    """The ratings of the goals and their sub-goals in ``round``."""
    return list(
        Rating.objects.filter(round=round)
        .filter(
            Q(goal__in=[goal.pk for goal in goals])
            | Q(sub_goal__in=[sub.pk for goal in goals for sub in goal.sub_goals.all()])
        )
        .select_related("rated_by")
        .order_by()  # the model's ordering joins four tables; the form orders by its items
    )


def goal_blocks(*, assignment: Assignment, with_history: bool = True) -> list[GoalBlock]:
    """The section's goals with their items, each item with its rating in this round and in
    the previous one: the outline (``section_outline``) and one query for this round's
    ratings; the change history is one query more (a save does not need it)."""
    outline = section_outline(assignment=assignment)
    blocks = []
    for goal in outline.goals:
        item = RatingItem("goal", goal) if goal.is_rated else None
        subs = [
            (sub, RatingItem("sub", sub) if sub.is_rated else None) for sub in goal.sub_goals.all()
        ]
        blocks.append(GoalBlock(goal=goal, item=item, sub_goals=subs))
    items = block_items(blocks)
    by_key = {item.key: item for item in items}
    for item in items:
        item.previous = outline.previous.get(item.key)
    if items:
        for rating in _item_ratings(outline.goals, round=assignment.round):
            rating.round = assignment.round
            if rating_key(rating) in by_key:
                by_key[rating_key(rating)].rating = rating
    if with_history:
        attach_history(blocks, round=assignment.round)
    return blocks


def attach_history(blocks: Iterable[GoalBlock], *, round: EvaluationRound) -> None:
    """Give the blocks' rated items their latest changes in ``round`` (one query). The form
    shows the latest few, and reads only those (and the version before them, to compare
    with): its cost stays the same however often an item was saved. The goal page shows
    every change (``rating_history``)."""
    items = {item.key: item for item in block_items(blocks) if item.rating}
    if not items:
        return
    # The version grows by one with every save: the latest saves are the highest versions.
    latest = Q()
    for item in items.values():
        latest |= Q(id=item.rating.pk, version__gte=item.rating.version - HISTORY_SHOWN)
    history = _rating_changes(Rating.history.filter(round=round).filter(latest), HISTORY_SHOWN)
    for key, entries in history.items():
        entries.total = items[key].rating.version  # every save, also those not read
        items[key].history = entries


def block_items(blocks: Iterable[GoalBlock]) -> list[RatingItem]:
    """The rating items of the blocks, in form order."""
    items = []
    for block in blocks:
        if block.item:
            items.append(block.item)
        items += [item for _sub, item in block.sub_goals if item]
    return items


def rating_history(*, round: EvaluationRound, goals: Iterable[Goal]) -> dict[str, History]:
    """Every recorded change of the goals' ratings in the round, newest first, keyed by item."""
    goal_ids = [goal.pk for goal in goals]
    return _rating_changes(
        Rating.history.filter(round=round).filter(
            Q(goal__in=goal_ids) | Q(sub_goal__goal__in=goal_ids)
        )
    )


def _rating_changes(records: QuerySet, latest: int | None = None) -> dict[str, History]:
    return change_history(
        records,
        key=lambda row: rating_key(SimpleNamespace(**row)),
        key_fields=("goal_id", "sub_goal_id"),
        fields=HISTORY_FIELDS,
        display=display_value,
        latest=latest,
    )


@dataclass
class GoalHistory:
    """A goal's rating changes in one round: (sub-goal or None for the goal, entries) pairs."""

    assignment: Assignment
    items: list[tuple[SubGoal | None, list[HistoryEntry]]]


def goal_history_for_user(*, user: AbstractBaseUser, goal: Goal) -> list[GoalHistory]:
    """The change history of a goal's ratings in the rounds whose drafts ``user`` may see."""
    from evaluations.workflow.permissions import can_view

    if not user.is_authenticated:
        return []
    assignments = [
        assignment
        for assignment in assignment_queryset().filter(section=goal.section_id)
        if can_view(user, assignment)
    ]
    sub_goals = {f"sub-{sub.pk}": sub for sub in goal.sub_goals.all()}
    result = []
    for assignment in assignments:
        history = rating_history(round=assignment.round, goals=[goal])
        items = [(sub_goals.get(key), entries) for key, entries in sorted(history.items())]
        if items:
            result.append(GoalHistory(assignment=assignment, items=items))
    return result
