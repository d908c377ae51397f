"""The coordinator's writes: start a round from an earlier one, assign many sections at once,
publish a round knowing which sections are not approved.

Written for assignments in general: an evaluation round assigns sections, a follow-up round
organisational units; a copy keeps whichever the assignment has.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from evaluations.models import (
    Assignment,
    AssignmentState,
    EvaluationRound,
    NotificationKind,
    RoundState,
)
from evaluations.workflow import notifications, permissions
from luvn.permissions import ensure_allowed

# Fields of a round that a copy does not take over: it starts open and unpublished.
_ROUND_FIELDS_NOT_COPIED = {"id", "key", "state", "published_at"}
# Fields of an assignment that belong to the round's work, not to who does it.
_ASSIGNMENT_FIELDS_NOT_COPIED = {
    "id",
    "round",
    "state",
    "comment",
    "submitted_by",
    "submitted_at",
    "decided_by",
    "decided_at",
    "updated_at",
}


def _shift(value, days: int):
    return value + timedelta(days=days) if value is not None else None


@transaction.atomic
def round_copy(
    *,
    source: EvaluationRound,
    key: str,
    name_fi: str,
    name_sv: str = "",
    offset_days: int = 365,
    notify: bool = False,
    actor: AbstractBaseUser | None,
) -> EvaluationRound:
    """A new open round like ``source``: its kind, texts, strategies and assignments with their
    officials and approvers; every date moved by ``offset_days``. No ratings, states, comments
    or decisions are copied. With ``notify`` the assigned people get an e-mail each."""
    ensure_allowed(actor, permissions.can_copy_round)
    if EvaluationRound.objects.filter(key=key).exists():
        raise ValidationError(
            {"key": _("A round with the key %(key)s already exists.")},
            code="duplicate_key",
            params={"key": key},
        )
    copy = EvaluationRound()
    for f in EvaluationRound._meta.concrete_fields:
        if f.name in _ROUND_FIELDS_NOT_COPIED:
            continue
        value = getattr(source, f.attname)
        if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField):
            value = _shift(value, offset_days)
        setattr(copy, f.attname, value)
    copy.key = key
    copy.name_fi = name_fi
    copy.name_sv = name_sv
    copy.name = name_fi
    copy.state = RoundState.OPEN
    copy.full_clean()
    copy.save()
    copy.strategies.set(source.strategies.all())

    for assignment in source.assignments.prefetch_related("officials", "approvers"):
        new = Assignment(round=copy)
        for f in Assignment._meta.concrete_fields:
            if f.name not in _ASSIGNMENT_FIELDS_NOT_COPIED:
                setattr(new, f.attname, getattr(assignment, f.attname))
        new.state = AssignmentState.DRAFT
        new._history_user = actor
        new.save()
        new.officials.set(assignment.officials.all())
        new.approvers.set(assignment.approvers.all())
        if notify:
            people = [*assignment.officials.all(), *assignment.approvers.all()]
            notifications.on_commit_notify(
                kind=NotificationKind.ASSIGNED, assignment=new, users=people
            )
    return copy


@dataclass
class BulkResult:
    changed: int
    notified_users: int


@transaction.atomic
def assignments_bulk_assign(
    *,
    assignments,
    officials=(),
    approvers=(),
    replace: bool = False,
    notify: bool = True,
    actor: AbstractBaseUser | None,
) -> BulkResult:
    """Give every assignment the officials and approvers given: added to those it has, or
    (``replace``) instead of them, for each list that is not empty. People newly assigned are
    e-mailed (``notify``)."""
    ensure_allowed(actor, permissions.can_assign)
    officials, approvers = list(officials), list(approvers)
    changed = notified = 0
    for assignment in assignments.select_for_update(of=("self",)).prefetch_related(
        "officials", "approvers"
    ):
        before = {
            "officials": {u.pk for u in assignment.officials.all()},
            "approvers": {u.pk for u in assignment.approvers.all()},
        }
        new_people = []
        for name, people in (("officials", officials), ("approvers", approvers)):
            if not people:
                continue
            relation = getattr(assignment, name)
            if replace:
                relation.set(people)
            else:
                relation.add(*people)
            new_people += [u for u in people if u.pk not in before[name]]
        after_officials = {u.pk for u in assignment.officials.all()}
        after_approvers = {u.pk for u in assignment.approvers.all()}
        if after_officials != before["officials"] or after_approvers != before["approvers"]:
            changed += 1
            assignment._history_user = actor
            assignment.save(update_fields=["updated_at"])
        if notify and new_people:
            notified += len({u.pk for u in new_people})
            notifications.on_commit_notify(
                kind=NotificationKind.ASSIGNED, assignment=assignment, users=new_people
            )
    return BulkResult(changed=changed, notified_users=notified)


def assignments_not_approved(*, round: EvaluationRound):
    """The round's assignments whose ratings are not approved: not public once published."""
    from evaluations.workflow.selectors import assignment_queryset

    return assignment_queryset().filter(round=round).exclude(state=AssignmentState.APPROVED)


@transaction.atomic
def round_publish(*, round: EvaluationRound, actor: AbstractBaseUser | None):
    """Publish the round (its publication time is set by the model)."""
    ensure_allowed(actor, permissions.can_run_round)
    round.state = RoundState.PUBLISHED
    round.full_clean()
    round.save()
    return round
