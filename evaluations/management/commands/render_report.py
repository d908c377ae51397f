from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from evaluations.models import EvaluationRound, RoundKind, RoundState
from evaluations.reports import evaluation as report
from evaluations.reports import followup as followup_report


class Command(BaseCommand):
    help = (
        "Write the evaluation summary of a round (or a follow-up round's follow-up report) as "
        "a PDF, e.g. "
        "render_report eval-2024 --language sv --output /tmp/yhteenveto.pdf"
    )

    def add_arguments(self, parser):
        parser.add_argument("round", help="The evaluation round's key, e.g. eval-2024.")
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            help=f"The report's language: {', '.join(report.languages())} "
            f"(default {settings.LANGUAGE_CODE}).",
        )
        parser.add_argument(
            "--output",
            type=Path,
            help="The PDF file to write (default: the download's file name in this folder).",
        )

    def handle(self, *args, round, language, output, **options):
        if language not in report.languages():
            raise CommandError(
                f"Unknown language {language!r}. Choose one of: {', '.join(report.languages())}."
            )
        try:
            round_ = EvaluationRound.objects.get(key=round)
        except EvaluationRound.DoesNotExist:
            keys = ", ".join(EvaluationRound.objects.values_list("key", flat=True)) or "none"
            raise CommandError(
                f"Unknown evaluation round {round!r}. Known rounds: {keys}."
            ) from None
        if round_.state != RoundState.PUBLISHED:
            self.stderr.write(
                f"Note: round {round!r} is not published; the report shows only public "
                "ratings (published rounds, approved sections), so it has none."
            )
        # A follow-up round's report is the follow-up report (evaluations/reports/followup.py).
        is_follow_up = round_.kind == RoundKind.FOLLOW_UP
        filename = followup_report.followup_report_filename if is_follow_up else None
        filename = filename or report.report_filename
        output = output or Path(filename(round=round_, language=language))
        if output.parent and not output.parent.is_dir():
            raise CommandError(f"The folder {str(output.parent)!r} does not exist.")
        if is_follow_up:
            pdf = followup_report.followup_report_pdf(round=round_, language=language)
        else:
            pdf = report.report_pdf(round=round_, language=language)
        output.write_bytes(pdf)
        self.stdout.write(f"Wrote {output} ({len(pdf) // 1024} KiB).")
