from django.core.management.base import BaseCommand, CommandError

from luvn.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Load a file written by backup_data into an empty, migrated database (nothing but what "
        "migrate creates). All or nothing: one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="A file written by backup_data.")

    def handle(self, *args, path, **options):
        try:
            count = restore(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {count} rows from {path}.")
