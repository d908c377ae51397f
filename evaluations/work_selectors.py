"""Reads for the officials' work: assignments, the items of a section, drafts and history.

Unlike ``evaluations/selectors.py`` these see ratings in progress, so every caller checks the
user's access first (``evaluations/permissions.py``). Each read is a constant number of queries,
however many goals a section has.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from evaluations.models import (
    Achieved,
    Assignment,
    EvaluationRound,
    Rating,
    RoundState,
)
from strategy.models import Goal, SubGoal

# The fields of a rating that its change history shows, in this order.
HISTORY_FIELDS = {
    "score": _("rating"),
    "achieved": _("goal achieved?"),
    "verbal_evaluation_fi": _("verbal evaluation in Finnish"),
    "verbal_evaluation_sv": _("verbal evaluation in Swedish"),
}


@dataclass
class HistoryEntry:
    when: datetime
    who: AbstractBaseUser | None
    changes: list[tuple[str, str, str]]  # (field label, old value, new value)


@dataclass
class RatingItem:
    """A goal rated as a whole, or a sub-goal rated on its own: one row of the rating form."""

    kind: str  # "goal" | "sub"
    obj: Goal | SubGoal
    rating: Rating | None = None
    previous: Rating | None = None
    history: list[HistoryEntry] = field(default_factory=list)

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

    @property
    def is_complete(self) -> bool:
        return rating_is_complete(self.rating)


@dataclass
class GoalBlock:
    """A goal of the form with its own item (if rated as a whole) and its sub-goals' items."""

    goal: Goal
    item: RatingItem | None
    sub_goals: list[tuple[SubGoal, RatingItem | None]]


@dataclass
class AssignmentProgress:
    assignment: Assignment
    item_count: int = 0
    complete_count: int = 0
    is_official: bool = False
    is_approver: bool = False
    last_change: datetime | None = None  # the latest change of the assignment or its ratings

    @property
    def percent(self) -> int:
        return round(100 * self.complete_count / self.item_count) if self.item_count else 100


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


def assignment_queryset() -> QuerySet[Assignment]:
    return Assignment.objects.select_related("round", "section__strategy", "unit").prefetch_related(
        "officials", "approvers"
    )


def assignment_list_for_user(
    *, user: AbstractBaseUser, include_published: bool = False
) -> list[AssignmentProgress]:
    """The user's assignments (every one for those who see all), with completion, in 5 queries."""
    assignments = assignment_queryset()
    if not user.has_perm("evaluations.view_all_assignments"):
        assignments = assignments.filter(Q(officials=user) | Q(approvers=user)).distinct()
    if not include_published:
        assignments = assignments.exclude(round__state=RoundState.PUBLISHED)
    assignments = assignments.order_by(
        "round__rating_deadline", "round", "section__strategy__order", "section__order"
    )
    return assignment_progress_list(assignments=assignments, user=user)


def assignment_progress_list(
    *, assignments: Iterable[Assignment], user: AbstractBaseUser | None = None
) -> list[AssignmentProgress]:
    """The assignments with their completion and last change, in three queries more.

    ``assignments`` should come from ``assignment_queryset()`` (officials and approvers
    prefetched); ``user`` marks the roles the user has in each.
    """
    assignments = list(assignments)
    progress = {
        a.pk: AssignmentProgress(assignment=a, last_change=a.updated_at) for a in assignments
    }
    if user is not None:
        for entry in progress.values():
            entry.is_official = any(u.pk == user.pk for u in entry.assignment.officials.all())
            entry.is_approver = any(u.pk == user.pk for u in entry.assignment.approvers.all())

    by_section_round = defaultdict(list)
    for a in assignments:
        by_section_round[(a.section_id, a.round_id)].append(progress[a.pk])
    section_ids = {a.section_id for a in assignments}
    round_ids = {a.round_id for a in assignments}
    goals = Goal.objects.filter(section_id__in=section_ids).values("id", "section_id", "is_rated")
    sub_goals = SubGoal.objects.filter(goal__section_id__in=section_ids, is_rated=True).values(
        "id", "goal__section_id"
    )
    ratings = Rating.objects.filter(round_id__in=round_ids).filter(
        Q(goal__section_id__in=section_ids) | Q(sub_goal__goal__section_id__in=section_ids)
    )
    complete, changed = set(), {}
    for r in ratings.only(
        "round_id",
        "goal_id",
        "sub_goal_id",
        "score",
        "achieved",
        "verbal_evaluation_fi",
        "updated_at",
    ):
        key = (r.round_id, "goal" if r.goal_id else "sub", r.goal_id or r.sub_goal_id)
        changed[key] = r.updated_at
        if rating_is_complete(r):
            complete.add(key)
    items = [(g["section_id"], "goal", g["id"]) for g in goals if g["is_rated"]]
    items += [(s["goal__section_id"], "sub", s["id"]) for s in sub_goals]
    for section_id, kind, pk in items:
        for round_id in round_ids:
            for entry in by_section_round.get((section_id, round_id), []):
                entry.item_count += 1
                if (round_id, kind, pk) in complete:
                    entry.complete_count += 1
                when = changed.get((round_id, kind, pk))
                if when and (entry.last_change is None or when > entry.last_change):
                    entry.last_change = when
    # A follow-up round's unit: its actions, and those with a complete update.
    from evaluations.followup_work_selectors import follow_up_counts

    for pk, (count, done) in follow_up_counts(assignments=assignments).items():
        progress[pk].item_count, progress[pk].complete_count = count, done
    return list(progress.values())


def round_previous(*, round: EvaluationRound, strategy_id: int) -> EvaluationRound | None:
    """The latest published round before ``round`` that evaluated the strategy."""
    earlier = EvaluationRound.objects.filter(
        state=RoundState.PUBLISHED, strategies=strategy_id
    ).exclude(pk=round.pk)
    if round.summary_date:
        earlier = earlier.filter(summary_date__lt=round.summary_date)
    return earlier.order_by("-summary_date", "-pk").first()


def goal_blocks(*, assignment: Assignment, with_history: bool = True) -> list[GoalBlock]:
    """Everything the section's rating form shows, in a constant number of queries."""
    goals = list(
        Goal.objects.filter(section=assignment.section)
        .prefetch_related(Prefetch("sub_goals", queryset=SubGoal.objects.order_by("order", "pk")))
        .order_by("order", "pk")
    )
    blocks, items = [], []
    for goal in goals:
        item = RatingItem("goal", goal) if goal.is_rated else None
        subs = [
            (sub, RatingItem("sub", sub) if sub.is_rated else None) for sub in goal.sub_goals.all()
        ]
        blocks.append(GoalBlock(goal=goal, item=item, sub_goals=subs))
        items += [i for i in [item, *(s[1] for s in subs)] if i is not None]
    by_key = {item.key: item for item in items}

    def ratings_of(queryset) -> Iterable[tuple[str, Rating]]:
        queryset = queryset.filter(Q(goal__in=goals) | Q(sub_goal__goal__in=goals)).select_related(
            "rated_by"
        )
        for rating in queryset:
            yield rating_key(rating), rating

    for key, rating in ratings_of(Rating.objects.filter(round=assignment.round)):
        if key in by_key:
            by_key[key].rating = rating
    previous = round_previous(round=assignment.round, strategy_id=assignment.section.strategy_id)
    if previous is not None:
        for key, rating in ratings_of(Rating.objects.public().filter(round=previous)):
            if key in by_key:
                by_key[key].previous = rating
    if with_history:
        history = rating_history(round=assignment.round, goals=goals)
        for key, entries in history.items():
            if key in by_key:
                by_key[key].history = entries
    return blocks


def block_items(blocks: Iterable[GoalBlock]) -> list[RatingItem]:
    """The rating items of the blocks, in form order."""
    items = []
    for block in blocks:
        if block.item:
            items.append(block.item)
        items += [item for _sub, item in block.sub_goals if item]
    return items


def rating_history(
    *, round: EvaluationRound, goals: Iterable[Goal]
) -> dict[str, list[HistoryEntry]]:
    """Every recorded change of the goals' ratings in the round, newest first, keyed by item."""
    goals = list(goals)
    records = (
        Rating.history.filter(round=round)
        .filter(Q(goal__in=goals) | Q(sub_goal__goal__in=goals))
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    return change_history(records, key=rating_key, fields=HISTORY_FIELDS, display=display_value)


def change_history(
    records: Iterable, *, key, fields: dict, display
) -> dict[str, list[HistoryEntry]]:
    """Historical records (ordered by object id, then time) as changes, newest first, keyed by
    ``key(record)``: for each record the ``fields`` whose value differs from the record before.

    Serves ratings, action updates and indicator values alike; ``display(name, value)`` gives a
    field's value as text."""
    result = defaultdict(list)
    previous_by_object = {}
    for record in records:
        before = previous_by_object.get(record.id)
        changes = []
        for name, label in fields.items():
            old = getattr(before, name) if before else None
            new = getattr(record, name)
            if (old or None) != (new or None):
                changes.append((label, display(name, old), display(name, new)))
        previous_by_object[record.id] = record
        if changes:
            result[key(record)].append(
                HistoryEntry(record.history_date, record.history_user, changes)
            )
    for entries in result.values():
        entries.reverse()
    return dict(result)


def display_value(name: str, value) -> str:
    """A rating field's value as the history and conflict messages show it."""
    if value in (None, ""):
        return "–"
    if name == "score":
        return str(value)
    if name == "achieved":
        return str(Achieved(value).label)
    return str(value)


@dataclass
class GoalHistory:
    """A goal's rating changes in one round: (sub-goal or None for the goal, entries) pairs."""

    assignment: Assignment
    items: list[tuple[SubGoal | None, list[HistoryEntry]]]


def goal_history_for_user(*, user: AbstractBaseUser, goal: Goal) -> list[GoalHistory]:
    """The change history of a goal's ratings in the rounds whose drafts ``user`` may see."""
    from evaluations.permissions import can_view

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
