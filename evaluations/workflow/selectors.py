"""Reads for the officials' work: assignments, the items of a section, drafts and history.

Unlike ``evaluations/summaries/ratings.py`` these see ratings in progress, so every caller
checks the user's access first (``evaluations/workflow/permissions.py``). Each read is a
constant number of queries, however many goals a section has."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
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
    Value,
)
from django.utils.translation import gettext_lazy as _

from evaluations.models import (
    Achieved,
    Assignment,
    AssignmentState,
    EvaluationRound,
    Rating,
    RoundKind,
    RoundState,
)
from luvn.page_cache import cached_for_content
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
    who: str  # the person's name, "" when not recorded
    changes: list[tuple[str, str, str]]  # (field label, old value, new value)


class History(list):
    """A change history: ``HistoryEntry`` items, newest first. ``total`` counts the saved
    versions, also when only the latest are kept (``change_history(latest=…)``)."""

    total = 0


# The changes the forms show of an item's history; the goal page shows them all.
HISTORY_SHOWN = 5


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


def assignment_queryset(*, viewer: AbstractBaseUser | None = None) -> QuerySet[Assignment]:
    """Assignments with their round, section and unit, and their officials and approvers
    prefetched (two queries more). With ``viewer``, instead, each is marked whether the viewer
    is one of its officials and approvers (two subqueries): all that the permission checks of
    one person's request need (``permissions._is_official``)."""
    queryset = Assignment.objects.select_related("round", "section__strategy", "unit")
    if viewer is None:
        return queryset.prefetch_related("officials", "approvers")
    return queryset.annotate(
        viewer_id=Value(viewer.pk),
        viewer_is_official=Exists(
            Assignment.officials.through.objects.filter(assignment=OuterRef("pk"), user=viewer.pk)
        ),
        viewer_is_approver=Exists(
            Assignment.approvers.through.objects.filter(assignment=OuterRef("pk"), user=viewer.pk)
        ),
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
    from evaluations.followup.selectors import follow_up_counts

    for pk, (count, done) in follow_up_counts(assignments=assignments).items():
        progress[pk].item_count, progress[pk].complete_count = count, done
    return list(progress.values())


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


def change_history(
    records: QuerySet,
    *,
    key,
    key_fields: Iterable[str],
    fields: dict,
    display,
    latest: int | None = None,
) -> dict[str, History]:
    """Historical records as changes, newest first, keyed by ``key(row)``: for each record the
    ``fields`` whose value differs from the record before. ``History.total`` counts the saved
    versions; with ``latest`` only that many of the newest are compared and kept.

    Serves ratings, action updates and indicator values alike; ``key`` reads a record's
    ``key_fields`` (a dict), ``display(name, value)`` gives a field's value as text. The
    records are read as plain values: a history grows with every save."""
    rows = records.order_by("id", "history_date", "history_id").values(
        "id",
        "history_date",
        *key_fields,
        *fields,
        "history_user__username",
        "history_user__first_name",
        "history_user__last_name",
    )
    by_object = defaultdict(list)
    for row in rows:
        by_object[row["id"]].append(row)
    result = {}
    for versions in by_object.values():
        history = History()
        history.total = len(versions)
        oldest = 0 if latest is None else max(0, len(versions) - latest)
        for index in range(len(versions) - 1, oldest - 1, -1):
            row, before = versions[index], versions[index - 1] if index else {}
            changes = [
                (label, _short(display(name, before.get(name))), _short(display(name, row[name])))
                for name, label in fields.items()
                if (before.get(name) or None) != (row[name] or None)
            ]
            if changes:
                history.append(HistoryEntry(row["history_date"], _person_name(row), changes))
        result[key(versions[0])] = history
    return result


def _person_name(row: dict) -> str:
    """As ``User.get_full_name()``, falling back to the username; "" when not recorded."""
    first, last = row["history_user__first_name"] or "", row["history_user__last_name"] or ""
    return f"{first} {last}".strip() or row["history_user__username"] or ""


def _short(text: str, length: int = 120) -> str:
    """A history shows the start of a long text (as Django's ``truncatechars``)."""
    return text if len(text) <= length else text[: length - 1] + "…"


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
