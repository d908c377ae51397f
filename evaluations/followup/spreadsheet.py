"""A unit's follow-up update as an XLSX file to fill offline, and reading it back row by row.

The same round trip as the rating spreadsheet (``evaluations/rating/spreadsheet.py``): each row
carries its identifier and the version it was downloaded at, so an upload goes through the same
conflict check as the form; every row's problems are listed and nothing is saved unless every
row is fine. The upload is opened with ``luvn.spreadsheet.workbook_rows`` (size, archive and
formula checks before anything is parsed).
"""

from io import BytesIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from evaluations.followup.forms import decimal_comma, parse_decimal
from evaluations.followup.selectors import FollowUpForm
from evaluations.followup.services import ActionInput, ValueInput
from evaluations.models import (
    NOTE_MAX_LENGTH,
    VERBAL_EVALUATION_MAX_LENGTH,
    ActionStatus,
    Assignment,
)
from evaluations.workflow.forms import normalize_text
from evaluations.workflow.sheets import MAX_ROWS, MAX_UPLOAD_BYTES, SpreadsheetError
from luvn.spreadsheet import WorkbookError, sheet_style, spreadsheet_safe, workbook_rows
from luvn.translation import localized

COLUMNS = 8
LANGUAGES = ("fi", "sv")


def _headers() -> list[str]:
    return [
        _("Identifier (do not change)"),
        _("Version (do not change)"),
        _("Action or indicator"),
        _("Period"),
        _("Status"),
        _("Value"),
        _("Progress or note in Finnish"),
        _("Progress or note in Swedish"),
    ]


def _action_title(row) -> str:
    action = row.action
    if action.title_fi or action.title_sv:
        return localized(action, "title").text
    item = action.sub_goal or action.goal
    return f"{item.number} {localized(item, 'title').text}".strip()


def sheet_write(*, assignment: Assignment, form: FollowUpForm) -> bytes:
    """The unit's actions and indicators with this round's statuses and values."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Follow-up")[:31]
    sheet.append(_headers())
    labels = {value: str(label) for value, label in ActionStatus.choices}
    for row in form.action_rows:
        update = row.update
        sheet.append(
            [
                row.key,
                row.version,
                spreadsheet_safe(_action_title(row)),
                "",
                labels.get(update.status, "") if update else "",
                None,
                spreadsheet_safe((update.progress_fi or "") if update else ""),
                spreadsheet_safe((update.progress_sv or "") if update else ""),
            ]
        )
    for row in form.indicators:
        value = row.value
        sheet.append(
            [
                row.key,
                row.version,
                spreadsheet_safe(localized(row.indicator, "name").text),
                row.period_label,
                "",
                decimal_comma(value.value) if value else "",
                spreadsheet_safe((value.note_fi or "") if value else ""),
                spreadsheet_safe((value.note_sv or "") if value else ""),
            ]
        )
    sheet_style(sheet, widths=(14, 10, 60, 12, 24, 12, 60, 60))
    actions_end = len(form.action_rows) + 1
    if form.action_rows:
        statuses = DataValidation(type="list", formula1='"{}"'.format(",".join(labels.values())))
        statuses.add(f"E2:E{actions_end}")
        sheet.add_data_validation(statuses)
    workbook.properties.title = localized(assignment.unit, "name").text
    if assignment.round.is_practice or any(r.indicator.practice_targets for r in form.indicators):
        # The first sheet is read back as it is; the notice goes on a sheet of its own.
        notice = workbook.create_sheet(_("Practice data")[:31])
        notice.append([_("Practice data.")])
        if assignment.round.is_practice:
            notice.append(
                [
                    _(
                        "This is a practice follow-up round: its statuses, texts and values are "
                        "practice data, not real figures of the county."
                    )
                ]
            )
        notice.column_dimensions["A"].width = 120
        workbook.active = 0
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def _expected_headers() -> list[list[str]]:
    headers = []
    for language in LANGUAGES:
        with override(language):
            headers.append([h.lower() for h in _headers()])
    return headers


def _status_values() -> dict[str, str]:
    accepted = {}
    for language in LANGUAGES:
        with override(language):
            for value, label in ActionStatus.choices:
                accepted[str(label).strip().lower()] = value
    for value in ActionStatus.values:
        accepted[value] = value
    return accepted


def _text(value) -> str:
    return "" if value is None else normalize_text(str(value))


def sheet_read(*, upload, form: FollowUpForm) -> tuple[list[ActionInput], list[ValueInput]]:
    """The rows of an uploaded file as inputs; raises SpreadsheetError listing every problem."""
    try:
        rows = workbook_rows(upload, max_bytes=MAX_UPLOAD_BYTES, max_rows=MAX_ROWS, columns=COLUMNS)
        header = next(rows, None)
        if header is None or [_text(v).lower() for v in header.values] not in _expected_headers():
            raise SpreadsheetError(
                [
                    _(
                        "The first row does not have the columns of the downloaded file. "
                        "Download a new copy."
                    )
                ]
            )
        by_key = {row.key: row for row in form.rows}
        statuses = _status_values()
        actions, values, errors, seen = [], [], [], set()
        for line in rows:
            key, version, _title, _period, status, value, text_fi, text_sv = line.values
            if all(v in (None, "") for v in line.values) and not line.problems:
                continue
            problems = list(line.problems)
            row = by_key.get(_text(key))
            if row is None:
                problems.append(_("the identifier is not an action or indicator of this unit"))
            elif row.key in seen:
                problems.append(_("the same action or indicator is on two rows"))
            if not isinstance(version, int) and not (
                isinstance(version, str) and version.isdigit()
            ):
                problems.append(_("the version is missing or changed"))
            text_fi, text_sv = _text(text_fi), _text(text_sv)
            number = None
            status_code = ""
            if row is not None and row.key.startswith("action-"):
                status_text = _text(status).lower()
                if status_text and status_text not in statuses:
                    problems.append(
                        _("the status must be one of: %(choices)s")
                        % {"choices": ", ".join(str(label) for _v, label in ActionStatus.choices)}
                    )
                status_code = statuses.get(status_text, "")
                if max(len(text_fi), len(text_sv)) > VERBAL_EVALUATION_MAX_LENGTH:
                    problems.append(
                        _("a progress text is longer than %(limit)s characters")
                        % {"limit": VERBAL_EVALUATION_MAX_LENGTH}
                    )
            elif row is not None:
                try:
                    number = parse_decimal(value)
                except ValidationError as error:
                    problems.append(str(error.messages[0]).rstrip(".").lower())
                if max(len(text_fi), len(text_sv)) > NOTE_MAX_LENGTH:
                    problems.append(
                        _("a note is longer than %(limit)s characters") % {"limit": NOTE_MAX_LENGTH}
                    )
            if problems:
                errors.append(
                    _("Row %(row)s: %(problems)s.")
                    % {"row": line.number, "problems": "; ".join(problems)}
                )
                continue
            seen.add(row.key)
            if row.key.startswith("action-"):
                actions.append(
                    ActionInput(row, int(version), status_code, text_fi, text_sv, line=line.number)
                )
            else:
                values.append(
                    ValueInput(row, int(version), number, text_fi, text_sv, line=line.number)
                )
    except WorkbookError as error:
        raise SpreadsheetError(error.errors) from None
    if errors:
        raise SpreadsheetError(errors)
    return actions, values
