"""Writes of the rating workflow: save ratings, submit, approve, return, reopen.

Every write runs in one transaction and re-reads the assignment with a row lock, so a state
change by someone else in the meantime is seen. Ratings carry a version: a save based on an
older version than the stored one is refused (no lost updates), and nothing is saved then.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.models import (
    Assignment,
    AssignmentState,
    NotificationKind,
    Rating,
    RoundKind,
    RoundState,
)
from evaluations.workflow import notifications, permissions
from evaluations.workflow.selectors import (
    RatingItem,
    assignment_queryset,
    rating_is_complete,
    rating_key,
)


@dataclass
class RatingInput:
    """What a form row or a spreadsheet row asks to store for one item."""

    item: RatingItem
    version: int  # the version the person started from; 0 when there was no rating
    score: int | None
    achieved: str
    verbal_evaluation_fi: str
    verbal_evaluation_sv: str
    changed: bool = True  # False when the person left the row as it was
    row: int | None = None  # the spreadsheet row it came from, for messages

    def differs_from(self, rating: Rating | None) -> bool:
        if rating is None:
            return bool(
                self.score
                or self.achieved
                or self.verbal_evaluation_fi
                or self.verbal_evaluation_sv
            )
        return (
            self.score != rating.score
            or self.achieved != rating.achieved
            or self.verbal_evaluation_fi != (rating.verbal_evaluation_fi or "")
            or self.verbal_evaluation_sv != (rating.verbal_evaluation_sv or "")
        )


@dataclass
class Conflict:
    input: RatingInput
    current: Rating  # what the other person saved


class RatingConflict(Exception):
    """Someone else saved some of the same ratings since the person loaded them."""

    def __init__(self, conflicts: list[Conflict]):
        super().__init__(conflicts)
        self.conflicts = conflicts


# Set by ``_save_inputs`` from objects just read: the round, the item, the person.
RATING_KNOWN_FIELDS = ["round", "goal", "sub_goal", "rated_by"]


def save_or_conflict(row, *, entry, theirs: QuerySet, conflicts: list[Conflict]) -> bool:
    """Save a versioned ``row`` in a savepoint. If someone else created the same row between
    our read and our insert (a unique constraint), note their row (``theirs``, read then) as a
    conflict instead. True when saved. Serves ratings, action updates and indicator values."""
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        conflicts.append(Conflict(entry, theirs.get()))
        return False
    return True


def _locked(assignment: Assignment) -> Assignment:
    """The assignment re-read under a row lock, with what the permission checks need."""
    return assignment_queryset().select_for_update(of=("self",)).get(pk=assignment.pk)


def _save_inputs(assignment: Assignment, user, inputs: list[RatingInput]) -> int:
    goal_ids = [entry.item.obj.pk for entry in inputs if entry.item.kind == "goal"]
    sub_goal_ids = [entry.item.obj.pk for entry in inputs if entry.item.kind == "sub"]
    stored = (
        Rating.objects.filter(round=assignment.round)
        .filter(Q(goal_id__in=goal_ids) | Q(sub_goal_id__in=sub_goal_ids))
        .select_related("rated_by", "round")
        .select_for_update(of=("self",))
    )
    current = {rating_key(rating): rating for rating in stored}

    conflicts, saved = [], 0
    for entry in inputs:
        rating = current.get(entry.item.key)
        if not entry.changed or not entry.differs_from(rating):
            continue
        if rating is None and entry.version != 0:
            # A version for a rating that does not exist: a tampered or very old form.
            raise ValidationError(
                {entry.item.key: _("The form is out of date. Reload the page and try again.")},
                code="stale_version",
            )
        if rating is not None and rating.version != entry.version:
            conflicts.append(Conflict(entry, rating))
            continue
        if rating is None:
            rating = Rating(round=assignment.round, **entry.item.target)
        rating.score = entry.score
        rating.achieved = entry.achieved
        rating.verbal_evaluation_fi = entry.verbal_evaluation_fi
        rating.verbal_evaluation_sv = entry.verbal_evaluation_sv
        rating.rated_by = user
        rating._history_user = user
        # The fields' own validators check what the check constraints state (the score 1–5, a
        # known achieved status); the item sets goal or sub-goal, and a duplicate is caught as
        # IntegrityError below. Asking the database for each constraint and foreign key again
        # would cost a query each for every rating saved.
        rating.full_clean(exclude=RATING_KNOWN_FIELDS, validate_constraints=False)
        theirs = Rating.objects.filter(round=assignment.round, **entry.item.target)
        saved += save_or_conflict(rating, entry=entry, theirs=theirs, conflicts=conflicts)
    if conflicts:
        raise RatingConflict(conflicts)
    return saved


@transaction.atomic
def ratings_save(*, assignment: Assignment, user, inputs: list[RatingInput]) -> int:
    """Save the changed ratings of a section as a draft; returns how many were saved."""
    assignment = _locked(assignment)
    if not permissions.can_edit(user, assignment):
        raise PermissionDenied(edit_refusal(assignment))
    return _save_inputs(assignment, user, inputs)


@transaction.atomic
def assignment_submit(
    *, assignment: Assignment, user, inputs: list[RatingInput], items: list[RatingItem]
) -> int:
    """Save the ratings and submit the section for approval, if every item is complete.

    Raises ValidationError listing the incomplete items (keyed by item) and saves nothing then.
    """
    assignment = _locked(assignment)
    if not permissions.can_edit(user, assignment):
        raise PermissionDenied(edit_refusal(assignment))
    saved = _save_inputs(assignment, user, inputs)
    ratings = Rating.objects.filter(round=assignment.round)
    stored = {
        rating_key(rating): rating
        for rating in ratings.filter(
            Q(goal__section=assignment.section) | Q(sub_goal__goal__section=assignment.section)
        )
    }
    missing = {}
    for item in items:
        rating = stored.get(item.key)
        if not rating_is_complete(rating):
            missing[item.key] = ValidationError(
                _(
                    "Give a rating, whether the goal was achieved and a verbal evaluation in "
                    "Finnish before submitting."
                ),
                code="incomplete",
            )
    if missing:
        raise ValidationError(missing)
    mark_submitted(assignment, user)
    return saved


def mark_submitted(assignment: Assignment, user) -> None:
    """The assignment (section or unit), locked and checked by the caller, is submitted."""
    assignment.state = AssignmentState.SUBMITTED
    assignment.submitted_by = user
    assignment.submitted_at = timezone.now()
    assignment._history_user = user
    assignment.full_clean()
    assignment.save()
    notifications.on_commit_notify(
        kind=NotificationKind.SUBMITTED, assignment=assignment, actor=user
    )


@transaction.atomic
def assignment_approve(*, assignment: Assignment, user) -> Assignment:
    assignment = _locked(assignment)
    if not permissions.can_decide(user, assignment):
        raise PermissionDenied(_("Only an approver of this section can approve it once submitted."))
    return _decide(assignment, user, AssignmentState.APPROVED, comment="")


@transaction.atomic
def assignment_return(*, assignment: Assignment, user, comment: str) -> Assignment:
    assignment = _locked(assignment)
    if not permissions.can_decide(user, assignment):
        raise PermissionDenied(_("Only an approver of this section can return it once submitted."))
    return _decide(assignment, user, AssignmentState.RETURNED, comment=_required(comment))


@transaction.atomic
def assignment_reopen(*, assignment: Assignment, user, comment: str) -> Assignment:
    assignment = _locked(assignment)
    if not permissions.can_reopen(user, assignment):
        raise PermissionDenied(
            _("Only an administrator can reopen a submitted or approved section of an open round.")
        )
    return _decide(assignment, user, AssignmentState.RETURNED, comment=_required(comment))


def _required(comment: str) -> str:
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            {"comment": _("Tell the officials what to change.")}, code="comment_required"
        )
    return comment


def _decide(assignment: Assignment, user, state: str, *, comment: str) -> Assignment:
    assignment.state = state
    assignment.comment = comment
    assignment.decided_by = user
    assignment.decided_at = timezone.now()
    assignment._history_user = user
    assignment.full_clean()
    assignment.save()
    approved = state == AssignmentState.APPROVED
    kind = NotificationKind.APPROVED if approved else NotificationKind.RETURNED
    notifications.on_commit_notify(kind=kind, assignment=assignment, actor=user)
    return assignment


def edit_refusal(assignment: Assignment) -> str:
    """Why ratings (or a unit's follow-up update) cannot be changed now, in the user's language."""
    if assignment.round.kind == RoundKind.FOLLOW_UP:
        return _follow_up_refusal(assignment)
    if assignment.round.state != RoundState.OPEN:
        return _("The evaluation round is closed: ratings can no longer be changed.")
    if assignment.state == AssignmentState.APPROVED:
        return _("The section has been approved: its ratings are locked.")
    if assignment.state == AssignmentState.SUBMITTED:
        return _("The section has been submitted for approval: its ratings cannot be changed now.")
    return _("You are not an official assigned to rate this section.")


def _follow_up_refusal(assignment: Assignment) -> str:
    if assignment.round.state != RoundState.OPEN:
        return _("The follow-up round is closed: the update can no longer be changed.")
    if assignment.state == AssignmentState.APPROVED:
        return _("The unit's update has been approved: it is locked.")
    if assignment.state == AssignmentState.SUBMITTED:
        return _("The unit's update has been submitted for approval: it cannot be changed now.")
    return _("You are not an official assigned to update this unit.")
