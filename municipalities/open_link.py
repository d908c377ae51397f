"""The open link's flood protection: responses per client address in a time window.

The client address is the one django-axes uses for its lockouts: through django-ipware with
``AXES_IPWARE_META_PRECEDENCE_ORDER`` when ipware is installed, otherwise ``REMOTE_ADDR``
(in production the proxy's ``X-Forwarded-For`` is read only through ipware's rules).
The counter lives in the shared cache, so every worker sees the same count.
"""

from django.conf import settings
from django.core.cache import cache

# At most this many responses (attempts) per address and survey in the window (seconds):
# enough for a few colleagues behind one office address, few enough to stop a script.
DEFAULT_RATE = (20, 3600)


def rate() -> tuple[int, int]:
    return tuple(getattr(settings, "SURVEY_OPEN_LINK_RATE", DEFAULT_RATE))


def client_address(request) -> str:
    try:
        from ipware import get_client_ip
    except ImportError:
        return request.META.get("REMOTE_ADDR", "")
    order = getattr(settings, "AXES_IPWARE_META_PRECEDENCE_ORDER", None)
    kwargs = {"request_header_order": order} if order else {}
    try:
        address, _routable = get_client_ip(request, **kwargs)
    except TypeError:  # an ipware version without that argument
        address, _routable = get_client_ip(request)
    return address or request.META.get("REMOTE_ADDR", "")


def _key(survey, address: str) -> str:
    return f"survey-open-link:{survey.pk}:{address}"


def rate_limited(survey, address: str) -> bool:
    """Whether the address has used up its responses for now (no count is taken)."""
    limit, _window = rate()
    return (cache.get(_key(survey, address)) or 0) >= limit


def rate_count(survey, address: str) -> None:
    """Count one response (attempt) of the address."""
    _limit, window = rate()
    key = _key(survey, address)
    if not cache.add(key, 1, timeout=window):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window)
