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

        from evaluations.generation import connect_signals

        # A change of published content renews the key of cached reports and pages.
        connect_signals()
