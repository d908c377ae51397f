from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluations")

    def ready(self):
        from evaluations.roles import ensure_roles

        # After every app's permissions exist: the auth app creates them in its own handler.
        post_migrate.connect(ensure_roles, dispatch_uid="evaluations.ensure_roles")

        from evaluations.signals import connect_signals
        from evaluations.tasks import schedule_report_renders
        from luvn.content_generation import content_renewed

        # A change of published content renews the key of cached reports and pages, and the
        # published reports are rendered anew in the background once it commits.
        connect_signals()
        content_renewed.connect(schedule_report_renders, dispatch_uid="evaluations.prerender")
