"""Writes of a section's ratings: save the ratings, submit the section. The workflow around
them (the assignment's lock, the version check, approve, return and reopen) is
``workflow/services.py``."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from evaluations.models import Assignment, Rating
from evaluations.rating.selectors import RatingItem, rating_is_complete, rating_key
from evaluations.workflow import permissions
from evaluations.workflow.services import (
    Conflict,
    VersionConflict,
    _locked,
    edit_refusal,
    mark_submitted,
    save_or_conflict,
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


# Set by ``_save_inputs`` from objects just read: the round, the item, the person.
RATING_KNOWN_FIELDS = ["round", "goal", "sub_goal", "rated_by"]


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
        raise VersionConflict(conflicts)
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
