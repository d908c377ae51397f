"""What the two sending commands share."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator

from municipalities.models import Survey
from municipalities.services import SendReport


class SendingCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("survey_key", help="The survey's key, e.g. municipality-survey-2026.")
        parser.add_argument(
            "--base-url",
            required=True,
            help="The site's public address the links start with, e.g. https://strategia.example.fi",
        )

    def survey_and_base_url(self, options) -> tuple[Survey, str]:
        try:
            survey = Survey.objects.get(key=options["survey_key"])
        except Survey.DoesNotExist:
            raise CommandError(f"No survey with the key {options['survey_key']!r}.") from None
        base_url = options["base_url"].rstrip("/")
        try:
            URLValidator(schemes=["http", "https"])(base_url)
        except ValidationError:
            raise CommandError(f"Not an http(s) address: {base_url!r}") from None
        return survey, base_url

    def report(self, report: SendReport, what: str) -> None:
        def names(recipients):
            # Municipalities (their Finnish names) or named respondents.
            return ", ".join(getattr(m, "name_fi", None) or m.name for m in recipients) or "–"

        self.stdout.write(f"{what} sent ({len(report.sent)}): {names(report.sent)}")
        if report.no_address:
            self.stdout.write(f"No contact e-mail, not sent: {names(report.no_address)}")
        if report.failed:
            raise CommandError(f"Sending failed (earlier links still work): {names(report.failed)}")
