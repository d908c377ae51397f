"""The open link's flood protection: responses per client in a time window.

The client is told apart by the one client-address rule of the whole app
(``luvn.client_ip``: the connection's address, or behind ``TRUSTED_PROXY_COUNT`` proxies the
address the nearest trusted proxy saw), so one client behind the proxy cannot use up the budget
of everyone else. No address is kept (``luvn.throttle``); the counts expire with the window, or
when the survey closes if that comes first.

The budget is taken inside the survey's row lock (``services.open_response_submit``), in the
same database as the lock, so concurrent posts from one client cannot pass the limit together
and a refused response costs nothing.
"""

from django.conf import settings

from luvn.throttle import Throttle
from municipalities.models import Survey, end_of_day

# At most this many responses per client and survey in the window (seconds): enough for a few
# colleagues behind one office address, few enough to stop a script.
DEFAULT_RATE = (20, 3600)


def rate() -> tuple[int, int]:
    return tuple(getattr(settings, "SURVEY_OPEN_LINK_RATE", DEFAULT_RATE))


def _throttle(survey: Survey) -> Throttle:
    limit, window = rate()
    return Throttle(f"open-link:{survey.pk}", limit, window)


def budget_take(survey: Survey, address: str, *, now: float | None = None) -> bool:
    """Take one response from the client's budget; False when it is used up (nothing taken).

    Call it holding the survey's row lock: the read and the write are then one step."""
    closes = end_of_day(survey.closes_on) if survey.closes_on else None
    return _throttle(survey).take(address, now=now, expires_at=closes)
