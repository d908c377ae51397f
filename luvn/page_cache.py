"""A cache of whole public pages for anonymous visitors (and of published data other pages read).

The key is the page's address (language and query string included) and the content
generation (``luvn/content_generation.py``), a token in the shared cache that signals replace
whenever published content is saved or deleted. So a cached page is never stale, nothing has
to be deleted, and a cache hit costs one small query. The pages themselves are cached per
process (``CACHES["pages"]``, local memory): what the cache saves is rendering, and a miss in
another worker renders once more.
"""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse

from luvn.content_generation import content_generation

T = TypeVar("T")


def cached_page(request: HttpRequest, render: Callable[[], HttpResponse]) -> HttpResponse:
    """``render()``'s response, or the same page from the cache for an anonymous GET."""
    # Logged-in visitors see their name and links in the header: never share their pages.
    if request.method != "GET" or request.user.is_authenticated:
        return render()

    # Hashed: an address may be long or hold characters a cache key must not.
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    key = f"page:{content_generation()}:{address}"
    content = caches["pages"].get(key)
    if content is not None:
        return HttpResponse(content)
    response = render()
    if (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
    ):
        caches["pages"].set(key, response.content)
    return response


def cache_public_page(view):
    """View decorator: serve anonymous visitors' GETs through ``cached_page``."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return cached_page(request, lambda: view(request, *args, **kwargs))

    return wrapped


def cached_for_content(key: str, compute: Callable[[], T]) -> T:
    """``compute()``'s result, kept per process while published content stays as it is.

    For reads of published content on pages that are not cached whole (an official's form):
    under the same content generation as the pages, so a change is never missed. The value
    is pickled in and out (``CACHES["pages"]``): each caller gets its own copy.
    """
    full_key = f"data:{content_generation()}:{key}"
    value = caches["pages"].get(full_key)
    if value is None:
        value = compute()
        caches["pages"].set(full_key, value)
    return value
