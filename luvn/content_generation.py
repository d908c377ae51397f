"""The content generation: one token for "everything public as it is now".

Cached PDF reports and cached public pages are keyed by it, so a change never needs to find
and delete old entries: it simply changes the key. The apps' signal handlers
(``evaluations/signals.py``) renew the token whenever content the public sees is saved or
deleted; whoever must act on a renewal (the background renders of the reports,
``evaluations/tasks.py``) listens for ``content_renewed`` rather than being imported here, so
this module imports no app.

The token lives in the default cache, which is the database (``settings.CACHES``): shared by
every worker, and replaced inside the same transaction as the change it follows. A missing
token (evicted, a new cache) is simply a new one.
"""

import uuid

from django.core.cache import cache
from django.dispatch import Signal

GENERATION_KEY = "evaluations:content-generation"

# Sent after the token was renewed (inside the transaction of the change).
content_renewed = Signal()


def content_generation() -> str:
    token = cache.get(GENERATION_KEY)
    if token is None:
        token = uuid.uuid4().hex
        if not cache.add(GENERATION_KEY, token, timeout=None):
            token = cache.get(GENERATION_KEY) or token
    return token


def renew_content_generation() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    content_renewed.send(sender=renew_content_generation)
