"""Importing a survey's named respondents from a CSV or XLSX file.

Columns (the first row names them, in Finnish, Swedish or English, in any order): name, e-mail,
language (fi / sv, also "suomi", "svenska", …) and optionally group. Every row is checked;
duplicate or malformed e-mails and other problems are listed by row, and nothing is imported
unless every row is fine.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from evaluations.signals import content_changed
from luvn.permissions import ensure_allowed
from luvn.spreadsheet import WorkbookError, upload_rows
from municipalities import permissions
from municipalities.models import Language, Respondent, Survey

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 10  # the four named columns, in any order, among a few others

HEADERS = {
    "name": {"name", "nimi", "namn"},
    "email": {"email", "e-mail", "sähköposti", "sahkoposti", "e-post", "epost", "s-posti"},
    "language": {"language", "kieli", "språk", "sprak"},
    "group": {"group", "ryhmä", "ryhma", "grupp", "vastaajaryhmä", "palvelualue"},
}
LANGUAGES = {
    "fi": Language.FINNISH,
    "suomi": Language.FINNISH,
    "finnish": Language.FINNISH,
    "finska": Language.FINNISH,
    "sv": Language.SWEDISH,
    "ruotsi": Language.SWEDISH,
    "swedish": Language.SWEDISH,
    "svenska": Language.SWEDISH,
}


class RespondentImportError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class RespondentRow:
    row: int
    name: str
    email: str
    language: str
    group: str


def _text(value) -> str:
    return "" if value is None else " ".join(str(value).split())


def respondent_rows_read(*, upload) -> list[RespondentRow]:
    """The file's rows, checked; raises ``RespondentImportError`` listing every problem by row."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise RespondentImportError([_("The file is larger than 2 MB.")])
    name = (upload.name or "").lower()
    if not name.endswith((".xlsx", ".csv", ".txt")):
        raise RespondentImportError([_("Upload a CSV or an Excel (.xlsx) file.")])
    try:
        rows = [
            row.values
            for row in upload_rows(
                upload, max_bytes=MAX_UPLOAD_BYTES, max_rows=MAX_ROWS, columns=MAX_COLUMNS
            )
        ]
    except WorkbookError as error:
        raise RespondentImportError(error.errors) from None
    if not rows:
        raise RespondentImportError([_("The file is empty.")])
    header = [_text(value).lower() for value in rows[0]]
    columns = {}
    for key, names in HEADERS.items():
        for index, title in enumerate(header):
            if title in names:
                columns[key] = index
    missing = [key for key in ("name", "email", "language") if key not in columns]
    if missing:
        raise RespondentImportError(
            [
                _(
                    "The first row must name the columns: name, e-mail, language and optionally "
                    "group (nimi, sähköposti, kieli, ryhmä)."
                )
            ]
        )

    def cell(row, key):
        index = columns.get(key)
        return _text(row[index]) if index is not None and index < len(row) else ""

    result, errors, seen = [], [], {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(_text(value) for value in row):
            continue  # an empty row
        entry = {key: cell(row, key) for key in HEADERS}
        problems = []
        if not entry["name"]:
            problems.append(_("the name is missing"))
        elif len(entry["name"]) > 200:
            problems.append(_("the name is longer than 200 characters"))
        email = entry["email"].lower()
        try:
            validate_email(email)
        except ValidationError:
            problems.append(_("“%(email)s” is not a valid e-mail address") % {"email": email})
        else:
            if email in seen:
                problems.append(
                    _("the e-mail %(email)s is already on row %(row)s")
                    % {"email": email, "row": seen[email]}
                )
            else:
                seen[email] = number
        language = LANGUAGES.get(entry["language"].lower())
        if language is None:
            problems.append(
                _("the language must be fi or sv, not “%(value)s”") % {"value": entry["language"]}
            )
        if len(entry["group"]) > 200:
            problems.append(_("the group is longer than 200 characters"))
        if problems:
            errors.append(
                _("Row %(row)s: %(problems)s.") % {"row": number, "problems": "; ".join(problems)}
            )
            continue
        result.append(RespondentRow(number, entry["name"], email, language, entry["group"]))
    if errors:
        raise RespondentImportError(errors)
    if not result:
        raise RespondentImportError([_("The file has no respondents.")])
    return result


@transaction.atomic
def respondents_import(
    *, survey: Survey, upload, actor: AbstractBaseUser | None
) -> list[Respondent]:
    """Add the file's respondents to ``survey``: all of them, or none if any row is wrong
    (also when an e-mail is already among the survey's respondents)."""
    ensure_allowed(actor, permissions.can_import_respondents)
    rows = respondent_rows_read(upload=upload)
    existing = {
        email.lower()
        for email in Respondent.objects.select_for_update()
        .filter(survey=survey)
        .values_list("email", flat=True)
    }
    errors = [
        _("Row %(row)s: %(problems)s.")
        % {
            "row": row.row,
            "problems": _("the e-mail %(email)s is already among the survey's respondents")
            % {"email": row.email},
        }
        for row in rows
        if row.email in existing
    ]
    if errors:
        raise RespondentImportError(errors)
    respondents = []
    for row in rows:
        respondent = Respondent(
            survey=survey, name=row.name, email=row.email, language=row.language, group=row.group
        )
        respondent.full_clean(validate_constraints=False)
        respondents.append(respondent)
    respondents = Respondent.objects.bulk_create(respondents)
    content_changed(respondents[0])  # bulk_create sends no signals: the response rate changed
    return respondents
