"""``manage.py import_indicator_values <round> <file>``: indicator values from a CSV or XLSX file
(the plain layout or THL Sotkanet's CSV export) into a follow-up round, all or nothing."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from evaluations.followup.indicator_import import (
    ImportFileError,
    indicator_values_from_file,
    indicator_values_import,
)
from evaluations.models import EvaluationRound


class Command(BaseCommand):
    help = (
        "Import indicator values into a follow-up round from a CSV or XLSX file: columns "
        "indicator, period, value (note), or THL Sotkanet's CSV export (the county's rows, "
        "gender total). Nothing is saved if any row is wrong; every problem is listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("round", help="Key of the follow-up round, e.g. follow-up-2026-1.")
        parser.add_argument("file", help="The CSV or XLSX file.")
        parser.add_argument(
            "--region",
            default="",
            help="Sotkanet export: the region's name to take (default: Länsi-Uusimaa).",
        )
        parser.add_argument(
            "--language", default="fi", choices=["fi", "sv"], help="Language of the messages."
        )

    def handle(self, *args, **options):
        translation.activate(options["language"])
        round_ = EvaluationRound.objects.filter(key=options["round"]).first()
        if round_ is None:
            raise CommandError(f"No round {options['round']!r}.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        with path.open("rb") as handle:
            upload = File(handle, name=path.name)
            try:
                rows = indicator_values_from_file(
                    upload=upload, filename=path.name, round=round_, region=options["region"]
                )
                count = indicator_values_import(round=round_, rows=rows)
            except ImportFileError as error:
                raise CommandError("\n".join(error.errors)) from None
            except ValidationError as error:
                raise CommandError("\n".join(error.messages)) from None
        self.stdout.write(f"{count} / {len(rows)} values stored in {round_.key}.")
