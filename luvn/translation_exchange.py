"""The translators' round trip: the missing and outdated Swedish texts out as XLIFF 2.0 or XLSX,
the translated file back in.

XLIFF 2.0 is written and read by translate-toolkit (``translate.storage.xliff2``). Each text is
one ``<unit>`` whose id names the text (``strategy.goal.12.title``); the source is the current
Finnish; an outdated text carries its earlier Swedish as a target in state ``initial``, which a
CAT tool shows as a draft to revise. The XLSX file has the same units as rows.

Importing checks every unit before anything is saved: the identifier names a text of this
strategy, round or survey; the Finnish source is still the current Finnish (else the unit is
refused as stale: the text changed after the export); the Swedish fits the field. Every problem
is listed; nothing is saved unless every unit is fine. Only Swedish columns change, through each
object's ``save()``, so change history (django-simple-history) and the record of translation
sources follow.
"""

from dataclasses import dataclass
from io import BytesIO

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override
from lxml import etree
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from translate.storage.xliff2 import Xliff2File

from luvn.content_generation import renew_content_generation
from luvn.spreadsheet import WorkbookError, spreadsheet_safe, workbook_rows
from luvn.translation_scopes import SCOPES, Coverage, Text, max_length
from luvn.translation_sources import SOURCE, TARGET, column, source_confirm, translated_fields

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNITS = 20000
XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
FORMATS = ("xliff", "xlsx")
CONTENT_TYPES = {
    "xliff": "application/xliff+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXTENSIONS = {"xliff": "xlf", "xlsx": "xlsx"}


class TranslationFileError(Exception):
    """The file cannot be imported; ``errors`` lists every problem, for the user."""

    def __init__(self, errors: list[str]):
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class Entry:
    """One translated unit read from a file."""

    where: str  # "unit strategy.goal.12.title" or "row 5", for messages
    id: str
    source: str
    target: str


def _context(text: Text) -> str:
    return f"{text.kind_label}: {text.field_label}"


def filename(coverage: Coverage, file_format: str) -> str:
    key = getattr(coverage.obj, "key", coverage.obj.pk)
    return f"{coverage.kind}-{key}-sv.{EXTENSIONS[file_format]}"


# Export ---------------------------------------------------------------------------------------


def xliff_write(*, coverage: Coverage) -> bytes:
    """The strategy's, round's or survey's missing and outdated texts as XLIFF 2.0 (fi → sv)."""
    store = Xliff2File()
    store.setsourcelanguage(SOURCE)
    store.settargetlanguage(TARGET)
    store.body.set("id", f"{coverage.kind}-{getattr(coverage.obj, 'key', coverage.obj.pk)}")
    for text in coverage.to_translate:
        unit = store.addsourceunit(text.finnish)
        unit.setid(text.id)
        if text.outdated:
            unit.target = text.swedish
            unit.markfuzzy(True)  # state="initial": a draft to revise
        unit.addnote(_context(text), origin="context")
        if text.outdated:
            unit.addnote(
                _("Outdated: the Finnish changed after this Swedish text was saved."),
                origin="status",
            )
        if text.max_length:
            unit.addnote(
                _("At most %(count)s characters.") % {"count": text.max_length}, origin="limit"
            )
    # XLIFF 2.0 puts <notes> first in <unit> and xml:space on <unit>, not on <segment>.
    for segment in store.document.getroot().iter(f"{{{XLIFF_NS}}}segment"):
        unit_element = segment.getparent()
        space = segment.attrib.pop(XML_SPACE, None)
        if space:
            unit_element.set(XML_SPACE, space)
        notes = segment.find(f"{{{XLIFF_NS}}}notes")
        if notes is not None:
            segment.remove(notes)
            unit_element.insert(0, notes)
    return bytes(store)


def _xlsx_headers() -> list[str]:
    return [
        _("Identifier (do not change)"),
        _("Text"),
        _("Finnish (do not change)"),
        _("Swedish translation"),
        _("Earlier Swedish (outdated)"),
        _("Maximum length"),
    ]


def xlsx_write(*, coverage: Coverage) -> bytes:
    """The same units as a workbook: fill the Swedish column, leave the rest as it is."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Translations")[:31]
    sheet.append(_xlsx_headers())
    for text in coverage.to_translate:
        sheet.append(
            [
                text.id,
                spreadsheet_safe(_context(text)),
                spreadsheet_safe(text.finnish),
                None,
                spreadsheet_safe(text.swedish) if text.outdated else None,
                text.max_length,
            ]
        )
    grey = PatternFill("solid", fgColor="DDDDDD")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows():
        for index, cell in enumerate(row):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.data_type == "f":
                cell.data_type = "s"
            if cell.row > 1 and index != 3:
                cell.fill = grey
    for letter, width in zip("ABCDEF", (28, 30, 60, 60, 50, 10), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "D2"
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def translations_export(*, coverage: Coverage, file_format: str) -> bytes:
    if file_format == "xliff":
        return xliff_write(coverage=coverage)
    return xlsx_write(coverage=coverage)


# Reading files ---------------------------------------------------------------------------------


def _malformed() -> TranslationFileError:
    return TranslationFileError(
        [_("The file could not be read as an XLIFF 2.0 file exported from this service.")]
    )


def _refuse_dtd(data: bytes) -> None:
    """Refuse a document type declaration (entities, external references) at the parser, so
    the file's encoding (UTF-16, UTF-32, …) cannot hide it from a byte search. The parse
    resolves no entity and loads nothing."""
    parser = etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False
    )
    try:
        tree = etree.fromstring(data, parser).getroottree()
    except (etree.XMLSyntaxError, ValueError):
        raise _malformed() from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise _malformed()


def xliff_read(data: bytes) -> list[Entry]:
    """The units of an XLIFF 2.0 file that have a confirmed Swedish target.

    Units still in state ``initial`` (a draft not confirmed in the CAT tool) and units without a
    target are left out.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise TranslationFileError(
            [_("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // 2**20}]
        )
    _refuse_dtd(data)
    try:
        store = Xliff2File.parsestring(data)
    except (etree.XMLSyntaxError, ValueError, TypeError, AttributeError, KeyError):
        raise _malformed() from None
    root = store.document.getroot()
    if root.tag != f"{{{XLIFF_NS}}}xliff" or (root.get("trgLang") or "")[:2] != TARGET:
        raise _malformed()
    entries = []
    for unit in store.units:
        if len(entries) > MAX_UNITS:
            raise TranslationFileError(
                [_("The file has more than %(count)s units.") % {"count": MAX_UNITS}]
            )
        target = unit.target or ""
        if not target.strip() or unit.isfuzzy():
            continue
        identifier = unit.getid() or ""
        entries.append(
            Entry(
                where=_("unit %(id)s") % {"id": identifier},
                id=identifier,
                source=unit.source or "",
                target=target,
            )
        )
    return entries


def _cell(value) -> str:
    return "" if value is None else str(value).replace("\r\n", "\n").replace("\r", "\n")


def _expected_xlsx_headers() -> list[list[str]]:
    result = []
    for language in (SOURCE, TARGET, "en"):  # "en": the msgids themselves
        with override(language):
            result.append([h.lower() for h in _xlsx_headers()][:4])
    return result


def xlsx_read(upload) -> list[Entry]:
    """The rows of a returned workbook that have a Swedish translation."""
    entries, errors = [], []
    try:
        rows = workbook_rows(upload, max_bytes=MAX_UPLOAD_BYTES, max_rows=MAX_UNITS, columns=6)
        header = next(rows, None)
        if (
            header is None
            or [_cell(v).strip().lower() for v in header.values[:4]] not in _expected_xlsx_headers()
        ):
            raise TranslationFileError(
                [
                    _(
                        "The first row does not have the columns of the exported file. "
                        "Export a new copy."
                    )
                ]
            )
        for row in rows:
            if row.number > MAX_UNITS + 1:
                errors.append(_("The file has more than %(count)s rows.") % {"count": MAX_UNITS})
                break
            identifier, _text, source, target = (_cell(v) for v in row.values[:4])
            where = _("row %(row)s") % {"row": row.number}
            if row.problems:
                errors.append(
                    _("%(where)s: %(problems)s.")
                    % {"where": where.capitalize(), "problems": "; ".join(row.problems)}
                )
                continue
            if not identifier.strip() and not target.strip():
                continue
            if not target.strip():
                continue
            if source.startswith("'") and not identifier.startswith("'"):
                source = source[1:]  # the apostrophe the export put before a formula-like text
            entries.append(Entry(where=where, id=identifier.strip(), source=source, target=target))
    except WorkbookError as error:
        raise TranslationFileError(error.errors) from None
    if errors:
        raise TranslationFileError(errors)
    return entries


def translations_read(*, upload, file_format: str) -> list[Entry]:
    if file_format == "xliff":
        upload.seek(0)
        data = upload.read(MAX_UPLOAD_BYTES + 1)
        return xliff_read(data)
    return xlsx_read(upload)


def file_format_of(name: str) -> str | None:
    """``xliff`` or ``xlsx`` from a file name, None for anything else."""
    lower = name.lower()
    if lower.endswith((".xlf", ".xliff")):
        return "xliff"
    if lower.endswith(".xlsx"):
        return "xlsx"
    return None


# Import ------------------------------------------------------------------------------------------


def _same(a: str, b: str) -> bool:
    """Sources compare as text, whatever line ends and spacing a CAT tool wrote."""
    return " ".join((a or "").split()) == " ".join((b or "").split())


def _parse_id(identifier: str, kind: str):
    """(model, pk, field) of an identifier naming a translated field of the scope's content."""
    parts = identifier.split(".")
    if len(parts) != 4 or not parts[2].isdigit():
        return None
    app_label, model_name, pk, field_name = parts
    for part in SCOPES[kind].parts:
        meta = part.model._meta
        if (meta.app_label, meta.model_name) == (
            app_label,
            model_name,
        ) and field_name in translated_fields(part.model):
            return part, int(pk), field_name
    return None


@transaction.atomic
def translations_import(*, kind: str, pk: int, entries: list[Entry]) -> int:
    """Save the Swedish texts of ``entries`` into the strategy's, round's or survey's content.

    All or nothing: raises ``TranslationFileError`` listing every problem. Returns the number
    of texts whose Swedish changed.
    """
    errors, parsed, seen = [], [], set()
    for entry in entries:
        found = _parse_id(entry.id, kind)
        if found is None:
            errors.append(
                _("%(where)s: the identifier %(id)s is not a text of this %(scope)s.")
                % {"where": entry.where, "id": entry.id, "scope": SCOPES[kind].label}
            )
            continue
        if entry.id in seen:
            errors.append(
                _("%(where)s: the text %(id)s is in the file twice.")
                % {"where": entry.where, "id": entry.id}
            )
            continue
        seen.add(entry.id)
        parsed.append((entry, *found))
    # Lock the rows, one query per kind of content, and check them as they are now.
    by_model = {}
    for _entry, part, object_pk, _field in parsed:
        by_model.setdefault(part, set()).add(object_pk)
    objects = {}
    for part, pks in by_model.items():
        ids = list(
            part.model.objects.filter(pk__in=pks, **{part.scope_path: pk})
            .values_list("pk", flat=True)
            .distinct()
            .order_by()
        )
        # Ordered by pk: a model's default ordering may join nullable relations, which
        # PostgreSQL cannot lock.
        locked = part.model.objects.select_for_update(of=("self",)).filter(pk__in=ids)
        for obj in locked.order_by("pk"):
            objects[(part.model, obj.pk)] = obj
    changed = {}
    for entry, part, object_pk, field_name in parsed:
        obj = objects.get((part.model, object_pk))
        if obj is None:
            errors.append(
                _("%(where)s: the identifier %(id)s is not a text of this %(scope)s.")
                % {"where": entry.where, "id": entry.id, "scope": SCOPES[kind].label}
            )
            continue
        current = getattr(obj, column(field_name, SOURCE)) or ""
        if not _same(entry.source, current):
            errors.append(
                _(
                    "%(where)s: the Finnish text has changed since the file was exported; "
                    "this unit is stale. Export a new file for it."
                )
                % {"where": entry.where}
            )
            continue
        target = entry.target.replace("\r\n", "\n").replace("\r", "\n").strip()
        limit = max_length(part.model, field_name)
        if limit and len(target) > limit:
            errors.append(
                _("%(where)s: the Swedish text is %(length)s characters; at most %(limit)s fit.")
                % {"where": entry.where, "length": len(target), "limit": limit}
            )
            continue
        if (getattr(obj, column(field_name, TARGET)) or "") != target:
            setattr(obj, column(field_name, TARGET), target)
            changed.setdefault((part.model, object_pk), [obj, 0])[1] += 1
        else:
            # The same Swedish confirmed against the current Finnish: current again.
            changed.setdefault((part.model, object_pk), [obj, 0])
            obj.__dict__.setdefault("_confirm_fields", set()).add(field_name)
    if errors:
        raise TranslationFileError(errors)
    count = confirmed = 0
    for obj, fields_changed in changed.values():
        if fields_changed:
            obj.save()
            count += fields_changed
        for field_name in obj.__dict__.pop("_confirm_fields", ()):
            source_confirm(obj=obj, field=field_name)
            confirmed += 1
    if confirmed:
        # No object was saved for a confirmed text: cached pages still carry its old marker.
        renew_content_generation()
    return count
