"""Writes of the rating workflow: save ratings, submit, approve, return, reopen.

Every write runs in one transaction and re-reads the assignment with a row lock, so a state
change by someone else in the meantime is seen. Ratings carry a version: a save based on an
older version than the stored one is refused (no lost updates), and nothing is saved then.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.models import Assignment, AssignmentState, NotificationKind, RoundKind, RoundState
from evaluations.workflow import notifications, permissions
from evaluations.workflow.selectors import assignment_queryset


@dataclass
class Conflict:
    input: object  # the kind's input: a RatingInput, an ActionInput or a ValueInput
    current: object  # what the other person saved: a Rating, ActionUpdate or IndicatorValue


class VersionConflict(Exception):
    """Someone else saved some of the same rows since the person loaded them."""

    def __init__(self, conflicts: list[Conflict]):
        super().__init__(conflicts)
        self.conflicts = conflicts


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
