import gzip
from pathlib import Path

from django.core import serializers
from django.core.management.base import BaseCommand

from luvn.backup import backup_objects


class Command(BaseCommand):
    help = (
        "Write every row of the app's data (strategies, rounds, ratings with their history, "
        "surveys and answers, users and roles) to a gzipped JSON file. Restore it into an "
        "empty database with restore_data."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The file to write, e.g. backup-2026-11-23.json.gz")

    def handle(self, *args, path, **options):
        count = 0
        with gzip.open(Path(path), "wt", encoding="utf-8") as handle:
            objects = backup_objects()
            serializers.serialize(
                "json",
                self._counted(objects),
                stream=handle,
                use_natural_foreign_keys=True,
                use_natural_primary_keys=True,
            )
            count = self._count
        self.stdout.write(f"Wrote {count} rows to {path}.")

    def _counted(self, objects):
        self._count = 0
        for obj in objects:
            self._count += 1
            yield obj
