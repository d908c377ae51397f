"""Indicator values from files into a follow-up round: CSV or XLSX, two layouts.

- **Plain**: a header row and the columns ``indicator`` (the indicator's key, or its Sotkanet
  number), ``period`` (``2025``, ``1–6/2026``, ``3/2026`` or the period's last day
  ``31.12.2025``), ``value`` (``12,5`` or ``12.5``) and optionally ``note`` (``note_fi``,
  ``note_sv``). Finnish and Swedish column names work too (``mittari``, ``kausi``, ``arvo``…).
- **THL Sotkanet's CSV export**: ``indicator`` (Sotkanet's number), ``region``, ``year``,
  ``gender``, ``value`` (the Finnish export's ``Indikaattori``, ``Alue``, ``Vuosi``,
  ``Sukupuoli``, ``Arvo`` too). Only the county's rows are taken: region Länsi-Uusimaa (the
  wellbeing services county; also by the region number given), gender total / yhteensä.

Reading is all or nothing: every row is checked (unknown indicator, value not a number, period
outside the indicator's range or of the wrong kind, the same period twice, a period already
reported in another round) and every problem is listed by row in the user's language before
anything is saved; ``indicator_values_import`` then saves all rows in one transaction.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from evaluations.followup.forms import parse_decimal
from evaluations.followup.selectors import period_end_on_or_before
from evaluations.models import NOTE_MAX_LENGTH, EvaluationRound, IndicatorValue, RoundKind
from evaluations.workflow import permissions
from evaluations.workflow.forms import normalize_text
from luvn.spreadsheet import WorkbookError, upload_rows
from strategy.indicators import period_label
from strategy.models import Indicator, TimeResolution

MAX_IMPORT_BYTES = 10 * 1024 * 1024
MAX_IMPORT_ROWS = 50_000
MAX_COLUMNS = 12

# Column names, lower case, in English, Finnish and Swedish.
PLAIN_COLUMNS = {
    "indicator": {"indicator", "mittari", "mätare", "indikaattori", "indikator", "key", "avain"},
    "period": {"period", "kausi", "ajanjakso", "jakso", "year", "vuosi", "år"},
    "value": {"value", "arvo", "värde"},
    "note_fi": {"note", "note_fi", "huomautus", "huomautus_fi", "anmärkning_fi"},
    "note_sv": {"note_sv", "huomautus_sv", "anmärkning", "anmärkning_sv"},
}
SOTKANET_COLUMNS = {
    "indicator": {"indicator", "indikaattori", "indikaattori id", "indicator id", "indikator"},
    "region": {"region", "alue", "område", "region title", "alue nimi"},
    "year": {"year", "vuosi", "år"},
    "gender": {"gender", "sukupuoli", "kön"},
    "value": {"value", "arvo", "värde"},
}
# The county's region in Sotkanet, by name in any of its languages.
COUNTY_REGION_NAMES = (
    "länsi-uusimaa",
    "länsi-uudenmaan hyvinvointialue",
    "länsi-uusimaan hyvinvointialue",
    "västra nyland",
    "västra nylands välfärdsområde",
)
TOTAL_GENDERS = {"total", "yhteensä", "totalt", "kaikki", "both", ""}

_HALF = re.compile(r"^(1|7)\s*[-–]\s*(6|12)\s*/\s*(\d{4})$")
_MONTH = re.compile(r"^(\d{1,2})\s*/\s*(\d{4})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")


class ImportFileError(Exception):
    """The file cannot be imported; ``errors`` are messages for the user, one per problem."""

    def __init__(self, errors: list[str]):
        super().__init__(errors)
        self.errors = errors


@dataclass
class ImportRow:
    line: int
    indicator: Indicator
    date: date
    value: Decimal
    note_fi: str = ""
    note_sv: str = ""


def parse_period(text, resolution: str) -> date:
    """A period as written in a file → its last day; ValidationError when it is not a period
    of the indicator's time resolution."""
    if isinstance(text, datetime):  # a date cell of a workbook
        text = text.date()
    if isinstance(text, date):
        day, kind = text, None
    else:
        try:
            text = normalize_text("" if text is None else str(text))
            if text.endswith(".0") and _YEAR.match(text[:-2]):  # 2025 read as a number
                text = text[:-2]
            day = kind = None
            if match := _YEAR.match(text):
                day, kind = date(int(match[1]), 12, 31), TimeResolution.YEAR
            elif match := _HALF.match(text):
                if (match[1], match[2]) in {("1", "6"), ("7", "12")}:
                    month = 6 if match[2] == "6" else 12
                    day = date(int(match[3]), month, 30 if month == 6 else 31)
                    kind = TimeResolution.HALF_YEAR
            elif (match := _MONTH.match(text)) or (match := _ISO_MONTH.match(text)):
                month, year = (
                    (int(match[1]), int(match[2]))
                    if match.re is _MONTH
                    else (int(match[2]), int(match[1]))
                )
                if 1 <= month <= 12:
                    day = date(year, month, calendar.monthrange(year, month)[1])
                    kind = TimeResolution.MONTH
            else:
                for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
                    try:
                        day = datetime.strptime(text, pattern).date()
                        break
                    except ValueError:
                        continue
        except ValueError:  # year 0 and the like: no such day
            day = None
    try:
        period_end = day and period_end_on_or_before(day, resolution)
    except (ValueError, OverflowError):  # before the year 1
        period_end = None
    if day is None or period_end is None:
        raise ValidationError(_("the period is not understood"), code="bad_period")
    if (kind is not None and kind != resolution) or day != period_end:
        raise ValidationError(
            _("the period is not a %(resolution)s")
            % {"resolution": TimeResolution(resolution).label},
            code="wrong_resolution",
        )
    return day


def _normalized(value) -> str:
    return normalize_text("" if value is None else str(value)).lower()


def _rows_of(upload, filename: str) -> list[tuple[int, list]]:
    """(line number, cell values) of a CSV or an XLSX file, header first, through the shared
    readers (``luvn.spreadsheet.upload_rows``); a row with a problem refuses the file."""
    try:
        rows = upload_rows(
            upload,
            name=filename,
            max_bytes=MAX_IMPORT_BYTES,
            max_rows=MAX_IMPORT_ROWS,
            columns=MAX_COLUMNS,
        )
    except WorkbookError as error:
        raise ImportFileError(error.errors) from None
    return [(row.number, row.values) for row in rows]


def _columns(header: list, names: dict) -> dict[str, int] | None:
    """Column positions of ``names`` in ``header``; None when a required one is missing."""
    labels = [_normalized(cell) for cell in header]
    found = {}
    for name, accepted in names.items():
        for index, label in enumerate(labels):
            if label in accepted and index not in found.values():
                found[name] = index
                break
    required = {"indicator", "value"} | ({"period"} if "period" in names else {"year"})
    return found if required <= set(found) else None


def indicator_values_from_file(
    *, upload, filename: str, round: EvaluationRound, region: str = ""
) -> list[ImportRow]:
    """The county's values in the file, checked; raises ImportFileError listing every problem."""
    if round.kind != RoundKind.FOLLOW_UP:
        raise ImportFileError([_("Indicator values go into a follow-up round.")])
    rows = _rows_of(upload, filename)
    if not rows:
        raise ImportFileError([_("The file is empty.")])
    _line, header = rows[0]
    sotkanet = _columns(header, SOTKANET_COLUMNS)
    plain = None if sotkanet and "region" in sotkanet else _columns(header, PLAIN_COLUMNS)
    if plain is None and not (sotkanet and "region" in sotkanet):
        raise ImportFileError(
            [
                _(
                    "The first row must name the columns: indicator, period and value (and "
                    "optionally note), or THL Sotkanet's indicator, region, year, gender and value."
                )
            ]
        )
    indicators = list(Indicator.objects.all())
    by_key = {ind.key: ind for ind in indicators}
    by_sotkanet = {str(ind.sotkanet_id): ind for ind in indicators if ind.sotkanet_id}
    stored = {(v.indicator_id, v.date): v for v in IndicatorValue.objects.select_related("round")}
    region = _normalized(region)
    result, errors, seen = [], [], {}
    for line, cells in rows[1:]:
        cells = list(cells) + [None] * MAX_COLUMNS
        if all(_normalized(cell) == "" for cell in cells):
            continue
        columns = plain or sotkanet

        def cell(name, columns=columns, cells=cells):
            return cells[columns[name]] if name in columns else None

        problems = []
        if plain is None:
            name = _normalized(cell("region"))
            wanted = name == region if region else name in COUNTY_REGION_NAMES
            if not wanted or _normalized(cell("gender")) not in TOTAL_GENDERS:
                continue  # another region or a gender of its own: not the county's total
            reference = _normalized(cell("indicator")).removesuffix(".0")
            indicator = by_sotkanet.get(reference)
        else:
            reference = _normalized(cell("indicator")).removesuffix(".0")
            indicator = next(
                (ind for key, ind in by_key.items() if key.lower() == reference), None
            ) or by_sotkanet.get(reference)
        if indicator is None:
            problems.append(_("unknown indicator “%(indicator)s”") % {"indicator": reference})
        value = None
        try:
            value = parse_decimal(cell("value"))
            if value is None:
                problems.append(_("the value is missing"))
        except ValidationError:
            problems.append(_("the value is not a number"))
        day = None
        if indicator is not None:
            period_text = cell("period") if plain is not None else cell("year")
            try:
                day = parse_period(period_text, indicator.time_resolution)
            except ValidationError as error:
                problems.append(str(error.messages[0]))
            else:
                label = period_label(day, indicator.time_resolution)
                first, last = indicator.first_date, indicator.last_date
                if (first and day < first) or (last and day > last):
                    problems.append(
                        _("the period %(period)s is outside the indicator's range")
                        % {"period": label}
                    )
                elif (indicator.pk, day) in seen:
                    problems.append(
                        _("the period %(period)s is also on row %(row)s")
                        % {"period": label, "row": seen[(indicator.pk, day)]}
                    )
                else:
                    seen[(indicator.pk, day)] = line
                    existing = stored.get((indicator.pk, day))
                    if existing is not None and existing.round_id != round.pk:
                        problems.append(
                            _("the period %(period)s was already reported in %(round)s")
                            % {"period": label, "round": existing.round}
                        )
        note_fi = normalize_text(str(cell("note_fi") or "")) if plain else ""
        note_sv = normalize_text(str(cell("note_sv") or "")) if plain else ""
        if max(len(note_fi), len(note_sv)) > NOTE_MAX_LENGTH:
            problems.append(
                _("a note is longer than %(limit)s characters") % {"limit": NOTE_MAX_LENGTH}
            )
        if problems:
            errors.append(
                _("Row %(row)s: %(problems)s.") % {"row": line, "problems": "; ".join(problems)}
            )
            continue
        result.append(ImportRow(line, indicator, day, value, note_fi, note_sv))
    if errors:
        raise ImportFileError(errors)
    if not result:
        raise ImportFileError([_("The file has no values of the county to import.")])
    return result


@transaction.atomic
def indicator_values_import(*, round: EvaluationRound, rows: list[ImportRow], user=None) -> int:
    """Store the checked rows in ``round``: new values, or this round's values replaced.

    ``user`` None is a management command run by the operator; a user must be allowed to
    import. Returns the number of values stored."""
    if user is not None and not permissions.can_import_indicator_values(user):
        raise PermissionDenied(_("Only an administrator can import indicator values."))
    if round.kind != RoundKind.FOLLOW_UP:
        raise ValidationError(
            _("Indicator values go into a follow-up round."), code="not_follow_up"
        )
    stored = {
        (v.indicator_id, v.date): v
        for v in IndicatorValue.objects.filter(
            indicator_id__in={row.indicator.pk for row in rows}
        ).select_for_update()
    }
    count = 0
    for row in rows:
        value = stored.get((row.indicator.pk, row.date))
        if value is not None and value.round_id != round.pk:
            raise ValidationError(
                _("Row %(row)s: the period was already reported in another round.")
                % {"row": row.line},
                code="value_in_other_round",
            )
        if value is None:
            value = IndicatorValue(round=round, indicator=row.indicator, date=row.date)
        elif (value.value, value.note_fi or "", value.note_sv or "") == (
            row.value,
            row.note_fi,
            row.note_sv,
        ):
            continue
        value.value = row.value
        value.note_fi = row.note_fi
        value.note_sv = row.note_sv
        value.entered_by = user
        value._history_user = user
        value.full_clean()
        value.save()
        count += 1
    return count
