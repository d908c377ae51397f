"""My work: every assignment of the person in open rounds and follow-up rounds, with its progress,
above both kinds of work (a section's ratings, a unit's follow-up update)."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q
from django.shortcuts import render

from evaluations.followup.selectors import units_for_member
from evaluations.models import Assignment, Rating, RoundState
from evaluations.rating.selectors import rating_is_complete
from evaluations.workflow import permissions
from evaluations.workflow.selectors import assignment_queryset
from strategy.models import Goal, SubGoal


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


@login_required
def my_work(request):
    progress = assignment_list_for_user(user=request.user)
    return render(
        request,
        "evaluations/work/my_work.html",
        {
            "progress": progress,
            "can_coordinate": permissions.can_coordinate(request.user),
            "units": units_for_member(user=request.user),
        },
    )
