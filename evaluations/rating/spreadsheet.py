"""A section's ratings as an XLSX file to fill offline, and reading it back row by row.

The file carries each item's identifier and the version it was downloaded at, so the upload
goes through the same conflict check as the browser form. Reading collects every row's
errors before anything is saved; the caller saves all rows or none.
"""

from io import BytesIO

from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from evaluations.models import VERBAL_EVALUATION_MAX_LENGTH, Assignment
from evaluations.rating.forms import ACHIEVED_CHOICES
from evaluations.rating.selectors import RatingItem
from evaluations.rating.services import RatingInput
from evaluations.workflow.forms import normalize_text
from evaluations.workflow.sheets import MAX_ROWS, MAX_UPLOAD_BYTES, SpreadsheetError
from luvn.spreadsheet import WorkbookError, sheet_style, workbook_rows
from luvn.translation import localized

LANGUAGES = ("fi", "sv")


def _headers() -> list[str]:
    return [
        _("Identifier (do not change)"),
        _("Version (do not change)"),
        _("Number"),
        _("Goal or sub-goal"),
        _("Rating 1–5"),
        _("Goal achieved? (yes / partly / no)"),
        _("Verbal evaluation in Finnish"),
        _("Verbal evaluation in Swedish"),
    ]


def _number(item: RatingItem) -> str:
    if item.kind == "goal":
        return item.obj.number
    return f"{item.obj.goal.number} / {item.obj.number}".strip(" /")


def sheet_write(*, assignment: Assignment, items: list[RatingItem]) -> bytes:
    """The section's items with their current ratings, in the active language."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Ratings")[:31]
    sheet.append(_headers())
    achieved_labels = {value: str(label) for value, label in ACHIEVED_CHOICES}
    for item in items:
        rating = item.rating
        sheet.append(
            [
                item.key,
                item.version,
                _number(item),
                localized(item.obj, "title").text,
                rating.score if rating else None,
                achieved_labels.get(rating.achieved, "") if rating else "",
                (rating.verbal_evaluation_fi or "") if rating else "",
                (rating.verbal_evaluation_sv or "") if rating else "",
            ]
        )
    sheet_style(sheet, widths=(12, 10, 8, 50, 10, 16, 70, 70))
    last = len(items) + 1
    scores = DataValidation(type="whole", operator="between", formula1="1", formula2="5")
    scores.error = _("The rating must be a whole number from 1 to 5.")
    scores.add(f"E2:E{last}")
    choices = ",".join(achieved_labels.values())
    achieved = DataValidation(type="list", formula1=f'"{choices}"')
    achieved.add(f"F2:F{last}")
    sheet.add_data_validation(scores)
    sheet.add_data_validation(achieved)
    sheet.sheet_properties.tabColor = "1F6E43"
    workbook.properties.title = str(assignment.section)
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def _achieved_values() -> dict[str, str]:
    """Accepted answers, in either language or as the stored code, to the stored value."""
    accepted = {}
    for language in LANGUAGES:
        with override(language):
            for value, label in ACHIEVED_CHOICES:
                accepted[str(label).strip().lower()] = value
    for value, _label in ACHIEVED_CHOICES:
        accepted[value] = value
    return accepted


def _expected_headers() -> list[list[str]]:
    headers = []
    for language in LANGUAGES:
        with override(language):
            headers.append([h.lower() for h in _headers()])
    return headers


def _text(value) -> str:
    return "" if value is None else normalize_text(str(value))


def _shown(value, limit: int = 40) -> str:
    """A refused cell value as the error message quotes it: short, on one line."""
    text = " ".join(str(value).split()) if value is not None else ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _item_name(item: RatingItem) -> str:
    return f"{_number(item)} {localized(item.obj, 'title').text}".strip()[:80]


def sheet_read(*, upload, items: list[RatingItem]) -> list[RatingInput]:
    """The rows of an uploaded file as inputs; raises SpreadsheetError listing every problem.

    The file goes through the shared checks of ``luvn.spreadsheet.workbook_rows`` (size, the
    zip archive, DTDs) before it is parsed; formulas and overlong cells are row errors.
    """
    try:
        rows = workbook_rows(upload, max_bytes=MAX_UPLOAD_BYTES, max_rows=MAX_ROWS, columns=8)
        return _inputs(rows, items=items)
    except WorkbookError as error:
        raise SpreadsheetError(error.errors) from None


def _inputs(rows, *, items: list[RatingItem]) -> list[RatingInput]:
    first = next(rows, None)
    header = [_text(value).lower() for value in (first.values if first else [])]
    if header not in _expected_headers():
        raise SpreadsheetError(
            [
                _(
                    "The first row does not have the columns of the downloaded file. "
                    "Download a new copy."
                )
            ]
        )
    by_key = {item.key: item for item in items}
    achieved_values = _achieved_values()
    inputs, errors, seen = [], [], set()
    for sheet_row in rows:
        row_number, row = sheet_row.number, sheet_row.values
        # Columns 3 and 4 (number, title) are for the reader only.
        key, version, score, achieved, text_fi, text_sv = (row[i] for i in (0, 1, 4, 5, 6, 7))
        if all(value in (None, "") for value in row) and not sheet_row.problems:
            continue
        problems = list(sheet_row.problems)
        item = by_key.get(_text(key))
        if item is None:
            problems.append(
                _("the identifier “%(value)s” is not a goal of this section")
                % {"value": _shown(key)}
            )
        elif item.key in seen:
            problems.append(_("the same goal is on two rows"))
        if not isinstance(version, int) and not (isinstance(version, str) and version.isdigit()):
            problems.append(_("the version is missing or changed"))
        if score in (None, ""):
            score = None
        else:
            try:
                number = float(score)
            except (TypeError, ValueError):
                number = None
            if number is None or number != int(number) or not 1 <= number <= 5:
                problems.append(
                    _("the rating “%(value)s” is not a whole number from 1 to 5")
                    % {"value": _shown(score)}
                )
            else:
                score = int(number)
        achieved_text = _text(achieved).lower()
        if achieved_text and achieved_text not in achieved_values:
            problems.append(
                _("goal achieved “%(value)s” is not yes, partly or no")
                % {"value": _shown(achieved)}
            )
        text_fi, text_sv = _text(text_fi), _text(text_sv)
        if max(len(text_fi), len(text_sv)) > VERBAL_EVALUATION_MAX_LENGTH:
            problems.append(
                _("a verbal evaluation is longer than %(limit)s characters")
                % {"limit": VERBAL_EVALUATION_MAX_LENGTH}
            )
        if problems and item is not None:
            # The goal the row is about, so the person finds it without the identifier.
            errors.append(
                _("Row %(row)s: %(goal)s – %(problems)s.")
                % {"row": row_number, "goal": _item_name(item), "problems": "; ".join(problems)}
            )
            continue
        if problems:
            errors.append(
                _("Row %(row)s: %(problems)s.")
                % {"row": row_number, "problems": "; ".join(problems)}
            )
            continue
        seen.add(item.key)
        inputs.append(
            RatingInput(
                item=item,
                version=int(version),
                score=score,
                achieved=achieved_values.get(achieved_text, ""),
                verbal_evaluation_fi=text_fi,
                verbal_evaluation_sv=text_sv,
                row=row_number,
            )
        )
    if errors:
        raise SpreadsheetError(errors)
    return inputs
