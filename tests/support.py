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
