from django.core.management.base import CommandError

from luvn.translation_scopes import survey_swedish_gap
from municipalities.management.commands._sending import SendingCommand
from municipalities.models import Municipality
from municipalities.selectors import recipient_list_not_submitted
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
        parser.add_argument(
            "--force",
            action="store_true",
            help="Send although texts lack Swedish and Swedish-speaking recipients are invited.",
        )

    def handle(self, *args, **options):
        survey, base_url = self.survey_and_base_url(options)
        municipalities = None
        if options["municipality"]:
            municipalities = list(Municipality.objects.filter(code__in=options["municipality"]))
            unknown = set(options["municipality"]) - {m.code for m in municipalities}
            if unknown:
                raise CommandError(f"Unknown municipality numbers: {', '.join(sorted(unknown))}")
        gap = survey_swedish_gap(
            survey=survey,
            recipients=municipalities or recipient_list_not_submitted(survey=survey),
        )
        if gap is not None and not options["force"]:
            names = ", ".join(getattr(r, "name_fi", r.name) for r in gap.recipients)
            raise CommandError(
                f"{len(gap.missing)} texts of the survey have no Swedish, and {names} are "
                "written to in Swedish: they would see those questions in Finnish. Add the "
                "Swedish first (export_translations survey KEY), or send anyway with --force."
            )
        report = invitations_send(
            survey=survey, base_url=base_url, municipalities=municipalities, actor=None
        )
        self.report(report, "Invitations")
