"""The coordinator's reads: every assignment of a round with its state, people, completion,
last change and whether it is late; counts by state; the same rows for the XLSX export.

Like ``work_selectors`` these see work in progress: callers check ``permissions.can_coordinate``.
A constant number of queries however many sections the round has.
"""

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from io import BytesIO

from django.db.models import Case, F, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from evaluations.models import AssignmentState, EvaluationRound, RoundState
from evaluations.my_work import AssignmentProgress, assignment_progress_list
from evaluations.workflow.notifications import target_title
from evaluations.workflow.selectors import assignment_queryset
from luvn.formatting import format_date, person_name
from luvn.spreadsheet import spreadsheet_safe
from luvn.translation import localized


@dataclass
class DashboardRow:
    progress: AssignmentProgress
    overdue: bool

    @property
    def assignment(self):
        return self.progress.assignment

    @property
    def target(self):
        return self.assignment.section or getattr(self.assignment, "unit", None)

    @property
    def strategy(self):
        return getattr(self.target, "strategy", None)


@dataclass
class Dashboard:
    round: EvaluationRound | None
    rows: list[DashboardRow]
    counts: list[tuple[str, str, int]]  # (state, label, count) of the round, before filters
    overdue_count: int
    strategies: list  # the round's strategies, for the filter


def round_list_for_coordinator() -> QuerySet[EvaluationRound]:
    """Every round, the open ones first, then the newest."""
    open_first = Case(When(state=RoundState.OPEN, then=Value(0)), default=Value(1))
    return EvaluationRound.objects.order_by(
        open_first, F("rating_deadline").desc(nulls_last=True), "-pk"
    )


def round_default_for_coordinator() -> EvaluationRound | None:
    open_rounds = EvaluationRound.objects.filter(state=RoundState.OPEN)
    return (
        open_rounds.order_by(F("rating_deadline").asc(nulls_last=True), "-pk").first()
        or EvaluationRound.objects.order_by("-pk").first()
    )


def is_overdue(*, round: EvaluationRound, state: str, today: date) -> bool:
    """Late: the deadline has passed in an open round and the section is not approved."""
    return bool(
        round.state == RoundState.OPEN
        and round.rating_deadline
        and today > round.rating_deadline
        and state != AssignmentState.APPROVED
    )


def coordinator_dashboard(
    *,
    round: EvaluationRound | None,
    strategy_id: int | None = None,
    state: str = "",
    overdue_only: bool = False,
    today: date | None = None,
) -> Dashboard:
    """The round's assignments as dashboard rows, filtered; counts are of the whole round."""
    if round is None:
        return Dashboard(round=None, rows=[], counts=[], overdue_count=0, strategies=[])
    today = today or timezone.localdate()
    assignments = (
        assignment_queryset()
        .filter(round=round)
        .order_by("section__strategy__order", "section__order", "pk")
    )
    rows = [
        DashboardRow(
            progress=entry,
            overdue=is_overdue(round=round, state=entry.assignment.state, today=today),
        )
        for entry in assignment_progress_list(assignments=assignments)
    ]
    counter = Counter(row.assignment.state for row in rows)
    counts = [(value, label, counter[value]) for value, label in AssignmentState.choices]
    overdue_count = sum(row.overdue for row in rows)
    strategies = list(round.strategies.order_by("order", "pk"))
    if strategy_id:
        rows = [row for row in rows if getattr(row.strategy, "pk", None) == strategy_id]
    if state:
        rows = [row for row in rows if row.assignment.state == state]
    if overdue_only:
        rows = [row for row in rows if row.overdue]
    return Dashboard(
        round=round,
        rows=rows,
        counts=counts,
        overdue_count=overdue_count,
        strategies=strategies,
    )


def _people(users) -> str:
    return ", ".join(person_name(u) for u in users)


def dashboard_export_rows(*, dashboard: Dashboard, base_url: str) -> Iterator[list]:
    """The dashboard's rows as spreadsheet rows, headers first, in the active language."""
    yield [
        _("Strategy"),
        _("Number"),
        _("Section"),
        _("State"),
        _("Officials"),
        _("Approvers"),
        _("Items complete"),
        _("Items"),
        _("Last change"),
        _("Overdue"),
        _("Address"),
    ]
    for row in dashboard.rows:
        a = row.assignment
        strategy = row.strategy
        last = row.progress.last_change
        yield [
            localized(strategy, "name").text if strategy is not None else "",
            getattr(row.target, "number", "") or "",
            target_title(row.target),
            str(a.get_state_display()),
            _people(a.officials.all()),
            _people(a.approvers.all()),
            row.progress.complete_count,
            row.progress.item_count,
            format_date(timezone.localtime(last).date()) if last else "",
            _("yes") if row.overdue else "",
            base_url.rstrip("/") + a.get_absolute_url(),
        ]


def dashboard_xlsx(*, dashboard: Dashboard, base_url: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Sections")[:31]
    for row in dashboard_export_rows(dashboard=dashboard, base_url=base_url):
        sheet.append([spreadsheet_safe(value) for value in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in zip(
        "ABCDEFGHIJK", (30, 8, 50, 22, 30, 30, 10, 8, 12, 10, 40), strict=True
    ):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    if dashboard.round is not None:
        workbook.properties.title = str(dashboard.round)
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()
