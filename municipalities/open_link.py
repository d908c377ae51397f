"""The open link's flood protection: responses per client in a time window.

The client is told apart by the one client-address rule of the whole app
(``luvn.client_ip``: the connection's address, or behind ``TRUSTED_PROXY_COUNT`` proxies the
address the nearest trusted proxy saw), so one client behind the proxy cannot use up the budget
of everyone else.

No address is kept: the counter's key is an HMAC of the address under a random secret of the
current window, and the secret and the counters expire with the window (or when the survey
closes, if that comes first). Once a window has passed, nothing links a count to an address,
not even with the database and ``SECRET_KEY`` in hand.

The budget is taken inside the survey's row lock (``services.open_response_submit``), in the
same database as the lock (the default cache is a database table), so concurrent posts from
one client cannot pass the limit together and a refused response costs nothing.
"""

import hashlib
import hmac
import secrets
import time

from django.conf import settings
from django.core.cache import cache

from luvn.client_ip import client_ip
from municipalities.models import Survey, end_of_day

# At most this many responses per client and survey in the window (seconds): enough for a few
# colleagues behind one office address, few enough to stop a script.
DEFAULT_RATE = (20, 3600)


def rate() -> tuple[int, int]:
    return tuple(getattr(settings, "SURVEY_OPEN_LINK_RATE", DEFAULT_RATE))


def client_address(request) -> str:
    return client_ip(request)


def _window_ttl(survey: Survey, window: int, now: float) -> tuple[int, int]:
    """The current window's number and the seconds its keys live: to the window's end, or to
    the survey's close if that comes first (at least one second)."""
    number = int(now // window)
    ends = (number + 1) * window
    if survey.closes_on is not None:
        ends = min(ends, end_of_day(survey.closes_on).timestamp())
    return number, max(1, int(ends - now))


def _client_key(survey: Survey, address: str, number: int, ttl: int) -> str:
    secret_key = f"survey-open-link-secret:{survey.pk}:{number}"
    cache.add(secret_key, secrets.token_hex(32), timeout=ttl)
    secret = cache.get(secret_key) or ""
    digest = hmac.new(secret.encode(), address.encode(), hashlib.sha256).hexdigest()
    return f"survey-open-link:{survey.pk}:{number}:{digest}"


def budget_take(survey: Survey, address: str, *, now: float | None = None) -> bool:
    """Take one response from the client's budget; False when it is used up (nothing taken).

    Call it holding the survey's row lock: the read and the write are then one step."""
    limit, window = rate()
    number, ttl = _window_ttl(survey, window, time.time() if now is None else now)
    key = _client_key(survey, address, number, ttl)
    taken = cache.get(key) or 0
    if taken >= limit:
        return False
    cache.set(key, taken + 1, timeout=ttl)
    return True
