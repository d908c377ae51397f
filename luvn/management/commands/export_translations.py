from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from luvn.translation_exchange import FORMATS, filename, translations_export
from luvn.translation_scopes import SCOPES, translation_coverage


def scope_pk(kind: str, key: str) -> int:
    """The pk of the strategy, round or survey with the key ``key``."""
    model = SCOPES[kind].model
    found = model.objects.filter(key=key).values_list("pk", flat=True).first()
    if found is None:
        raise CommandError(f"No {kind} with the key {key!r}.")
    return found


class Command(BaseCommand):
    help = (
        "Export the missing and outdated Swedish texts of a strategy, round or survey for "
        "translators, as XLIFF 2.0 (default) or XLSX."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(SCOPES))
        parser.add_argument("key", help="The strategy's, round's or survey's key.")
        parser.add_argument("--format", choices=FORMATS, default="xliff", dest="file_format")
        parser.add_argument("--output", help="File to write (default: a name from the key).")

    def handle(self, kind, key, file_format, output=None, **options):
        coverage = translation_coverage(kind=kind, pk=scope_pk(kind, key))
        path = Path(output or filename(coverage, file_format))
        path.write_bytes(translations_export(coverage=coverage, file_format=file_format))
        self.stdout.write(
            f"{path}: {len(coverage.missing)} missing and {len(coverage.outdated)} outdated "
            f"Swedish texts ({coverage.translated}/{coverage.total} have Swedish)."
        )
