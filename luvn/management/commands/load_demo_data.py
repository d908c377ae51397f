from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from luvn.demo_data import DemoDataError, load_demo_data


class Command(BaseCommand):
    help = "Load (or refresh) the demo data from fixtures/*.yaml. Safe to run repeatedly."

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory", type=Path, help="Folder of YAML files (default fixtures/)."
        )

    def handle(self, *args, directory=None, **options):
        try:
            stats = load_demo_data(directory)
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        summary = ", ".join(f"{count} {name}" for name, count in sorted(stats.counts.items()))
        self.stdout.write(f"Loaded {stats.files} files; rows written: {summary}")
