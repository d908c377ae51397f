"""Reads of the workflow that both kinds share: the assignments as a viewer may see them, and the
change history of versioned rows (ratings, action updates, indicator values).

These see work in progress, so every caller checks the user's access first
(``workflow/permissions.py``). Each read is a constant number of queries."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, OuterRef, QuerySet, Value
from django.utils.translation import gettext_lazy as _

from evaluations.models import Achieved, Assignment

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
