from municipalities.management.commands._sending import SendingCommand
from municipalities.services import reminders_send


class Command(SendingCommand):
    help = (
        "Remind the municipalities that have not submitted the survey and can still answer. "
        "Each reminder has a new link; the earlier link stops working, saved answers are kept."
    )

    def handle(self, *args, **options):
        survey, base_url = self.survey_and_base_url(options)
        self.report(reminders_send(survey=survey, base_url=base_url, actor=None), "Reminders")
