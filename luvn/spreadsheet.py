"""Spreadsheets in and out: exported cells kept inert, uploaded workbooks read safely."""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

# A cell starting with one of these is read as a formula by Excel, LibreOffice and others
# (CSV injection, OWASP), also after leading whitespace or line breaks (some programs trim
# them): exports prefix such a text with an apostrophe so it stays text.
FORMULA_STARTS = ("=", "+", "-", "@")
CONTROL_STARTS = ("\t", "\r")
LEADING_SPACE = " \t\r\n\v\f\u00a0\u2028\u2029"


def spreadsheet_safe(value):
    """``value`` itself, or a text that would start a formula with ``'`` in front."""
    if isinstance(value, str) and (
        value.startswith(CONTROL_STARTS) or value.lstrip(LEADING_SPACE).startswith(FORMULA_STARTS)
    ):
        return "'" + value
    return value


# --- Reading uploaded workbooks safely --------------------------------------------------------
#
# An XLSX file is a zip archive of XML files. Before openpyxl parses anything, the archive is
# checked: how many entries, how large each is and all are when inflated (the sizes a zip
# declares bind: Python's zipfile never inflates an entry past its declared size), how much
# each inflates (a "zip bomb" inflates a thousandfold), and that no XML part carries a document
# type declaration (entity expansion, external entities). Cells are then read one row at a
# time; a formula or an overlong text is reported for its row, never read as empty.

MAX_ARCHIVE_ENTRIES = 100
MAX_ENTRY_BYTES = 16 * 1024 * 1024
MAX_TOTAL_BYTES = 32 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_CELL_CHARS = 10000  # the longest text any upload needs (openpyxl stops at 32767)
_CHUNK = 64 * 1024
_DTD_MARKS = (b"<!DOCTYPE", b"<!ENTITY")
# openpyxl raises many kinds of error on a file that is not a valid XLSX.
_OPENPYXL_ERRORS = (
    InvalidFileException,
    zipfile.BadZipFile,
    ParseError,
    DefusedXmlException,
    OSError,
    EOFError,
    KeyError,
    ValueError,
    IndexError,
    TypeError,
    AttributeError,
)


class WorkbookError(Exception):
    """An uploaded workbook that cannot be used; ``errors`` are messages for the user."""

    def __init__(self, errors: list[str]):
        super().__init__(errors)
        self.errors = errors


def _unreadable() -> WorkbookError:
    return WorkbookError([_("The file could not be read as an Excel workbook (.xlsx).")])


def archive_check(upload) -> None:
    """Refuse an archive that would take too much to inflate, or XML with a DTD."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ARCHIVE_ENTRIES:
                raise WorkbookError(
                    [
                        _("The file has more than %(count)s parts; it is not a plain workbook.")
                        % {"count": MAX_ARCHIVE_ENTRIES}
                    ]
                )
            total = sum(entry.file_size for entry in entries)
            too_large = total > MAX_TOTAL_BYTES or any(
                entry.file_size > MAX_ENTRY_BYTES
                or entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1)
                for entry in entries
            )
            if too_large:
                raise WorkbookError(
                    [
                        _(
                            "The file would take more than %(size)s MB when opened, or is "
                            "compressed suspiciously tightly; it was not opened."
                        )
                        % {"size": MAX_TOTAL_BYTES // (1024 * 1024)}
                    ]
                )
            for entry in entries:
                if entry.is_dir():
                    continue
                with archive.open(entry) as part:
                    _check_xml_part(part)
    except WorkbookError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, KeyError):
        raise _unreadable() from None
    finally:
        upload.seek(0)


def _check_xml_part(part) -> None:
    tail = b""
    first = True
    while chunk := part.read(_CHUNK):
        if first and chunk[:2] in (b"\xff\xfe", b"\xfe\xff"):
            # UTF-16 XML would hide a declaration from the byte search: not from Excel anyway.
            raise _unreadable()
        first = False
        window = tail + chunk
        if any(mark in window for mark in _DTD_MARKS):
            raise WorkbookError(
                [
                    _(
                        "The file contains a document type declaration (DTD), which is not "
                        "allowed in a workbook; save it again in Excel or LibreOffice."
                    )
                ]
            )
        tail = window[-16:]


def sheet_style(sheet, *, widths: tuple[int, ...], fixed_columns: int = 4) -> None:
    """The look of a work sheet for download: a bold header row, wrapped text, the first
    ``fixed_columns`` (identifiers and what is rated, not to be edited) greyed and frozen,
    column widths. Typed text stays text even when it starts with "=" (openpyxl would take it
    for a formula)."""
    grey = PatternFill("solid", fgColor="DDDDDD")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.data_type == "f":
                cell.data_type = "s"
        for cell in row[:fixed_columns]:
            cell.fill = grey
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(row=2, column=fixed_columns + 1).coordinate


@dataclass
class SheetRow:
    """One row of the first sheet: its number, cell values, and problems with its cells."""

    number: int
    values: list
    problems: list[str] = field(default_factory=list)


def workbook_rows(upload, *, max_bytes: int, max_rows: int, columns: int) -> Iterator[SheetRow]:
    """The rows of an uploaded workbook's first sheet, after the archive and size checks.

    Raises ``WorkbookError`` for a file that cannot be used at all (also halfway through, when a
    part turns out to be broken), and for a sheet with more than ``max_rows`` rows after its
    header: a file over the limit is refused whole, never read in part. Empty rows past the
    limit (formatting) do not count. A formula cell or a text longer than ``MAX_CELL_CHARS`` is
    read as ``None`` and named in the row's ``problems``.
    """
    if upload.size > max_bytes:
        raise WorkbookError(
            [_("The file is larger than %(size)s MB.") % {"size": max_bytes // (1024 * 1024)}]
        )
    archive_check(upload)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=False)
    except _OPENPYXL_ERRORS:
        raise _unreadable() from None
    try:
        if not workbook.worksheets:
            raise _unreadable()
        # Past the limit the reading goes on (bounded by the archive checks) to tell a longer
        # file from trailing empty rows.
        rows = workbook.worksheets[0].iter_rows(max_col=columns)
        number = 0
        while True:
            try:
                cells = next(rows, None)
            except _OPENPYXL_ERRORS:
                raise _unreadable() from None
            if cells is None:
                return
            number += 1
            if number > max_rows + 1:
                if any(getattr(cell, "value", None) not in (None, "") for cell in cells):
                    raise WorkbookError(
                        [_("The file has more than %(count)s rows.") % {"count": max_rows}]
                    )
                continue
            row = SheetRow(number=number, values=[None] * columns)
            for index, cell in enumerate(cells[:columns]):
                value = getattr(cell, "value", None)
                if getattr(cell, "data_type", None) == "f":
                    row.problems.append(
                        _("column %(column)s holds a formula; enter the value itself")
                        % {"column": get_column_letter(index + 1)}
                    )
                    value = None
                elif isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                    row.problems.append(
                        _("column %(column)s holds more than %(count)s characters")
                        % {"column": get_column_letter(index + 1), "count": MAX_CELL_CHARS}
                    )
                    value = None
                row.values[index] = value
            yield row
    finally:
        workbook.close()


def _decoded(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def csv_rows(upload, *, max_bytes: int, max_rows: int, columns: int) -> list[SheetRow]:
    """The rows of an uploaded CSV file, as ``workbook_rows`` gives a workbook's.

    The delimiter is the one of ``;``, ``,`` and tab the first row has most of. The whole file
    is refused (``WorkbookError``) when it is too large, not text, has more than ``max_rows``
    rows after its header, or a quote that is never closed (it would swallow the rows after
    it). A row is marked with a problem when a field is longer than ``MAX_CELL_CHARS`` or, in
    a comma-separated file, the row has more fields than the header: an unquoted decimal comma
    (``12,5``) would otherwise be read as two fields and a wrong number stored.
    """
    if upload.size > max_bytes:
        raise WorkbookError(
            [_("The file is larger than %(size)s MB.") % {"size": max_bytes // (1024 * 1024)}]
        )
    upload.seek(0)
    text = _decoded(upload.read())
    if "\x00" in text:
        raise WorkbookError([_("The file is not a CSV or an Excel workbook (.xlsx).")])
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    lines = io.StringIO(text, newline="")
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    rows, header_width = [], 0
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader, None)
        except csv.Error:
            if lines.tell() >= len(text) and text.count('"') % 2:
                raise WorkbookError(
                    [
                        _("Row %(row)s: a quotation mark is not closed.") % {"row": line},
                    ]
                ) from None
            raise WorkbookError(
                [
                    _("Row %(row)s: %(problems)s.")
                    % {
                        "row": line,
                        "problems": _("a field holds more than %(count)s characters")
                        % {"count": MAX_CELL_CHARS},
                    }
                ]
            ) from None
        if cells is None:
            return rows
        number = len(rows) + 1
        if number > max_rows + 1:
            if any(cell.strip() for cell in cells):
                raise WorkbookError(
                    [_("The file has more than %(count)s rows.") % {"count": max_rows}]
                )
            continue
        row = SheetRow(number=number, values=[None] * columns)
        while cells and not cells[-1].strip():
            cells.pop()
        if number == 1:
            header_width = len(cells)
        elif delimiter == "," and len(cells) > header_width:
            row.problems.append(
                _(
                    "the row has more fields than the first row: write a decimal comma in "
                    'quotes ("12,5") or separate the columns with semicolons'
                )
            )
        for index, value in enumerate(cells[:columns]):
            if len(value) > MAX_CELL_CHARS:
                row.problems.append(
                    _("column %(column)s holds more than %(count)s characters")
                    % {"column": get_column_letter(index + 1), "count": MAX_CELL_CHARS}
                )
                value = None
            row.values[index] = value
        rows.append(row)


def upload_rows(
    upload, *, max_bytes: int, max_rows: int, columns: int, name: str = ""
) -> list[SheetRow]:
    """Every row of an uploaded XLSX (by its zip signature or name) or CSV file, through the
    reader of its kind; any row with a problem refuses the whole file (``WorkbookError``
    listing each such row), so nothing is imported from a file read only in part. ``name``:
    the file's name when the upload does not carry it."""
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    name = name or getattr(upload, "name", "") or ""
    is_xlsx = head.startswith(b"PK") or name.lower().endswith(".xlsx")
    read = workbook_rows if is_xlsx else csv_rows
    rows = list(read(upload, max_bytes=max_bytes, max_rows=max_rows, columns=columns))
    problems = [
        _("Row %(row)s: %(problems)s.") % {"row": row.number, "problems": "; ".join(row.problems)}
        for row in rows
        if row.problems
    ]
    if problems:
        raise WorkbookError(problems)
    return rows
