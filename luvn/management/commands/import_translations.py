from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from luvn.management.commands.export_translations import scope_pk
from luvn.translation_exchange import (
    MAX_UPLOAD_BYTES,
    TranslationFileError,
    file_format_of,
    translations_import,
    translations_read,
)
from luvn.translation_scopes import SCOPES


class Command(BaseCommand):
    help = (
        "Import a translated XLIFF 2.0 or XLSX file into a strategy, round or survey. "
        "All or nothing: every problem is listed and nothing is saved unless all units are fine."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(SCOPES))
        parser.add_argument("key", help="The strategy's, round's or survey's key.")
        parser.add_argument("file", help="The translated .xlf/.xliff or .xlsx file.")

    def handle(self, kind, key, file, **options):
        path = Path(file)
        file_format = file_format_of(path.name)
        if file_format is None:
            raise CommandError("The file must end in .xlf, .xliff or .xlsx.")
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if path.stat().st_size > MAX_UPLOAD_BYTES:
            raise CommandError(f"The file is larger than {MAX_UPLOAD_BYTES // 2**20} MB.")
        upload = SimpleUploadedFile(path.name, path.read_bytes())
        try:
            entries = translations_read(upload=upload, file_format=file_format)
            count = translations_import(kind=kind, pk=scope_pk(kind, key), entries=entries)
        except TranslationFileError as error:
            raise CommandError(
                "Nothing was imported:\n" + "\n".join(f"- {e}" for e in error.errors)
            ) from None
        self.stdout.write(f"Imported: {count} Swedish texts changed, {len(entries)} units read.")
