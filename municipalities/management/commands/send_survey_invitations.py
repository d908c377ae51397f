from django.core.management.base import CommandError

from municipalities.management.commands._sending import SendingCommand
from municipalities.models import Municipality
from municipalities.services import invitations_send


class Command(SendingCommand):
    help = (
        "E-mail each municipality's contact a personal link to the survey, in the "
        "municipality's language. Earlier links of those municipalities stop working."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--municipality",
            action="append",
            metavar="CODE",
            help="Only this municipality (its number, e.g. 049); may be repeated.",
        )

    def handle(self, *args, **options):
        survey, base_url = self.survey_and_base_url(options)
        municipalities = None
        if options["municipality"]:
            municipalities = list(Municipality.objects.filter(code__in=options["municipality"]))
            unknown = set(options["municipality"]) - {m.code for m in municipalities}
            if unknown:
                raise CommandError(f"Unknown municipality numbers: {', '.join(sorted(unknown))}")
        report = invitations_send(survey=survey, base_url=base_url, municipalities=municipalities)
        self.report(report, "Invitations")
