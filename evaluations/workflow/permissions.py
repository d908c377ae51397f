"""Who may do what with an assignment: the permission matrix of the rating workflow.

A role (group permission) is needed, and for officials and approvers also the assignment
itself: official A can neither read nor edit the drafts of section B.
"""

from django.contrib.auth.models import AbstractBaseUser

from evaluations.models import Assignment, AssignmentState, RoundKind, RoundState


def _is_official(user, assignment: Assignment) -> bool:
    if _read_for(user, assignment):
        return assignment.viewer_is_official
    return any(u.pk == user.pk for u in assignment.officials.all())


def _is_approver(user, assignment: Assignment) -> bool:
    if _read_for(user, assignment):
        return assignment.viewer_is_approver
    return any(u.pk == user.pk for u in assignment.approvers.all())


def _read_for(user, assignment: Assignment) -> bool:
    """The assignment was read marked for this user (``assignment_queryset(viewer=user)``)."""
    return user.pk is not None and getattr(assignment, "viewer_id", None) == user.pk


def can_view(user: AbstractBaseUser, assignment: Assignment) -> bool:
    """See the section's ratings in progress."""
    if not user.is_authenticated:
        return False
    return (
        user.has_perm("evaluations.view_all_assignments")
        or _is_official(user, assignment)
        or _is_approver(user, assignment)
    )


def can_edit(user: AbstractBaseUser, assignment: Assignment) -> bool:
    """Change ratings (in a follow-up round: the unit's action statuses and indicator values)
    and submit: an assigned official, while the section or unit is editable."""
    follow_up = assignment.round.kind == RoundKind.FOLLOW_UP
    return (
        assignment.is_editable
        and _is_official(user, assignment)
        and user.has_perm(
            "evaluations.change_actionupdate" if follow_up else "evaluations.change_rating"
        )
    )


def can_decide(user: AbstractBaseUser, assignment: Assignment) -> bool:
    """Approve or return: an assigned approver, once the section is submitted."""
    return (
        assignment.state == AssignmentState.SUBMITTED
        and assignment.round.state != RoundState.PUBLISHED
        and _is_approver(user, assignment)
        and user.has_perm("evaluations.approve_assignment")
    )


def can_reopen(user: AbstractBaseUser, assignment: Assignment) -> bool:
    """Reopen a submitted or approved section for changes: administrators only."""
    return (
        assignment.state in {AssignmentState.SUBMITTED, AssignmentState.APPROVED}
        and assignment.round.state == RoundState.OPEN
        and user.has_perm("evaluations.reopen_assignment")
    )


def can_coordinate(user: AbstractBaseUser) -> bool:
    """The coordinator's dashboard (every section's state and people): administrators."""
    return user.is_authenticated and user.has_perm("evaluations.view_all_assignments")


# Follow-up: a unit's own operational actions and indicator values from files.


def can_add_unit_action(user: AbstractBaseUser, unit) -> bool:
    """Add a unit's own operational actions: the unit's officials (members with
    the official's role) and those who edit content in the admin. ``unit.members`` should be
    prefetched when many units are asked about."""
    if not user.is_authenticated:
        return False
    if user.has_perm("strategy.add_action"):
        return True
    return user.has_perm("evaluations.change_actionupdate") and any(
        member.pk == user.pk for member in unit.members.all()
    )


def can_import_indicator_values(user: AbstractBaseUser) -> bool:
    """Import indicator values from a file into any follow-up round: administrators."""
    return (
        user.is_authenticated
        and user.is_staff
        and user.has_perm("evaluations.add_indicatorvalue")
        and user.has_perm("evaluations.view_all_assignments")
    )


# The coordinator's admin actions (each action declares the rule and its service checks it).


def can_copy_round(user: AbstractBaseUser) -> bool:
    """Start a new round as a copy of another, with its assignments."""
    return user.has_perms(["evaluations.add_evaluationround", "evaluations.add_assignment"])


def can_run_round(user: AbstractBaseUser) -> bool:
    """Publish a round and remind its officials and approvers."""
    return user.has_perm("evaluations.change_evaluationround")


def can_assign(user: AbstractBaseUser) -> bool:
    """Choose the officials and approvers of sections and units."""
    return user.has_perm("evaluations.change_assignment")
