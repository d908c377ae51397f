from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LuvnConfig(AppConfig):
    """The project package as an app: shared template tags, the demo-data loader, and the
    record of which Swedish texts were translated from which Finnish (``luvn/models.py``)."""

    name = "luvn"
    verbose_name = _("Translations")

    def ready(self):
        from luvn.translation_sources import connect_signals

        # After every app's translation.py has registered its fields (modeltranslation
        # imports them in its own ready(), which runs first: it is listed first).
        connect_signals()
