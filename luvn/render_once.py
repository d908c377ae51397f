"""One render per key across every worker: the rendered bytes through the shared cache, with a
lock so that concurrent cold requests cause exactly one render.

The lock is a cache entry made with ``cache.add``, which the database cache (``settings.CACHES``,
shared by all gunicorn workers and hosts) makes atomically: the table's primary key lets one
insert win. Whoever gets the lock renders and stores the result; the others wait for the result
a little (``REPORT_RENDER_WAIT`` seconds) and then give up with ``NotReady``, which the views turn
into a "being prepared" page (503 with Retry-After). A lock whose holder died expires after
``LOCK_TIMEOUT`` seconds.
"""

import logging
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

LOCK_TIMEOUT = 10 * 60  # longer than any render takes
POLL_SECONDS = 0.25
RETRY_AFTER = 10  # seconds, for the "being prepared" page


class NotReady(Exception):
    """Another worker is rendering; ask again in ``retry_after`` seconds."""

    def __init__(self, retry_after: int = RETRY_AFTER):
        super().__init__(retry_after)
        self.retry_after = retry_after


def lock_key(key: str) -> str:
    return f"{key}:rendering"


def rendered_once(
    *, key: str, render: Callable[[], bytes], timeout: int, wait: float | None = None
) -> bytes:
    """``cache[key]``, rendering it with ``render()`` if absent, by one caller at a time."""
    value = cache.get(key)
    if value is not None:
        return value
    wait = settings.REPORT_RENDER_WAIT if wait is None else wait
    deadline = time.monotonic() + wait
    token = uuid.uuid4().hex
    while True:
        if cache.add(lock_key(key), token, timeout=LOCK_TIMEOUT):
            try:
                # Someone may have finished between our look and our lock.
                value = cache.get(key)
                if value is None:
                    value = render()
                    cache.set(key, value, timeout=timeout)
                return value
            finally:
                if cache.get(lock_key(key)) == token:
                    cache.delete(lock_key(key))
        if time.monotonic() >= deadline:
            logger.info("%s is being rendered by another worker; answering 'not ready'.", key)
            raise NotReady
        time.sleep(POLL_SECONDS)
        value = cache.get(key)
        if value is not None:
            return value
