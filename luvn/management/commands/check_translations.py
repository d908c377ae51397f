import shutil
import tempfile
from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings


def incomplete_entries(po_path: Path) -> list[str]:
    """The msgids of ``po_path`` that are untranslated or fuzzy."""
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        elif not all(strings):
            problems.append(f"untranslated: {message.id!r}")
    return problems


class Command(BaseCommand):
    help = (
        "Fail when a UI string lacks its Finnish or Swedish translation. Where GNU gettext is "
        "installed, the catalogues are first refreshed from the code in a temporary copy, so "
        "a string added to the code but not to locale/ is caught too."
    )

    def handle(self, *args, **options):
        locale_dir = Path(settings.BASE_DIR) / "locale"
        languages = [code for code, _name in settings.LANGUAGES]
        with tempfile.TemporaryDirectory() as tmp:
            checked_dir = locale_dir
            if shutil.which("xgettext") and shutil.which("msgmerge"):
                checked_dir = Path(tmp) / "locale"
                shutil.copytree(locale_dir, checked_dir)
                with override_settings(LOCALE_PATHS=[checked_dir]):
                    call_command(
                        "makemessages",
                        locale=languages,
                        no_obsolete=True,
                        no_location=True,
                        ignore_patterns=[".venv/*", "staticfiles/*"],
                        verbosity=0,
                    )
            else:
                self.stderr.write("xgettext not found: checking locale/ as committed.")
            problems = []
            for language in languages:
                po_path = checked_dir / language / "LC_MESSAGES" / "django.po"
                if not po_path.exists():
                    problems.append(f"{language}: {po_path.name} missing")
                    continue
                problems += [f"{language}: {p}" for p in incomplete_entries(po_path)]
        if problems:
            raise CommandError(
                "Incomplete translations (run 'make messages' and translate):\n"
                + "\n".join(problems)
            )
        self.stdout.write(f"Translations complete: {', '.join(languages)}")
