"""Small helpers shared by the conftests."""

import os
from contextlib import contextmanager


@contextmanager
def async_unsafe_allowed():
    """Let the ORM run in a thread where Playwright's event loop runs (see tests/browser)."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def demo_data_present() -> bool:
    from evaluations.models import EvaluationRound

    return EvaluationRound.objects.filter(key="eval-2024").exists()


def localized_path(language: str, path: str) -> str:
    """The app's address in ``language`` of ``path``, written in the Finnish words of the
    addresses without the language prefix: ``localized_path("sv", "/tavoitteet/12/")`` is
    ``/sv/mal/12/`` (Swedish pages have Swedish addresses)."""
    from django.utils.translation import override

    from luvn.translation import url_in_language

    with override("fi"):
        return url_in_language(f"/fi{path}", language)
