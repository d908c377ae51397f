from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator

from evaluations.models import EvaluationRound, RoundState
from evaluations.workflow.notifications import (
    REMINDER_DAYS,
    reminders_send,
    rounds_due_for_reminders,
)


class Command(BaseCommand):
    help = (
        "Remind officials of sections not yet submitted and approvers of submitted sections, in "
        "the open rounds whose deadline is the given number of days away (by default 7 and 1). "
        "Run daily by cron; a person is reminded of a section at most once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            nargs="+",
            default=list(REMINDER_DAYS),
            help="Days before the deadline on which to remind (default: 7 1).",
        )
        parser.add_argument(
            "--round", dest="round_keys", nargs="+", help="Remind in these open rounds now."
        )
        parser.add_argument(
            "--base-url", help="The site's address for links (default: the SITE_URL setting)."
        )

    def handle(self, *args, **options):
        base_url = options.get("base_url")
        if base_url:
            try:
                URLValidator(schemes=["http", "https"])(base_url)
            except ValidationError:
                raise CommandError(f"Not an http(s) address: {base_url!r}") from None
        if options.get("round_keys"):
            rounds = list(
                EvaluationRound.objects.filter(key__in=options["round_keys"], state=RoundState.OPEN)
            )
            if len(rounds) != len(set(options["round_keys"])):
                raise CommandError("Every round given must exist and be open.")
        else:
            rounds = rounds_due_for_reminders(days=options["days"])
        report = reminders_send(rounds=rounds, base_url=base_url, actor=None)
        names = ", ".join(r.key for r in rounds) or "–"
        self.stdout.write(f"Rounds: {names}. Reminders sent: {len(report.sent)}.")
        if report.no_address:
            users = ", ".join(u.get_username() for u in report.no_address)
            self.stdout.write(f"No e-mail address, not reminded: {users}")
        if report.failed:
            users = ", ".join(u.get_username() for u in report.failed)
            raise CommandError(f"Sending failed: {users}")
