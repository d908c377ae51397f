from django.apps import AppConfig


class LuvnConfig(AppConfig):
    """The project package as an app: shared template tags and the demo-data loader."""

    name = "luvn"
    verbose_name = "LUVN"
