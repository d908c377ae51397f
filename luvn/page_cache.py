"""A cache of whole public pages for anonymous visitors, keyed by the data they show.

The key holds a version of the data (``evaluations.report.report_data_version``: one query
that changes with any rating, assignment or survey response of the round, plus a generation
bumped when other content is saved), so a page is never served stale and nothing needs to be
deleted. The cache itself is per process (``CACHES["pages"]``, local memory): what it saves is
rendering, and a miss in another worker only renders once more.
"""

from collections.abc import Callable

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language


def cached_page(
    request: HttpRequest, key_parts: tuple, render: Callable[[], HttpResponse]
) -> HttpResponse:
    """``render()``'s response, or the same page from the cache for an anonymous GET."""
    # Logged-in visitors see their name and links in the header: never share their pages.
    if request.method != "GET" or request.user.is_authenticated:
        return render()
    key = ":".join(["page", get_language(), *map(str, key_parts)])
    content = caches["pages"].get(key)
    if content is not None:
        return HttpResponse(content)
    response = render()
    if response.status_code == 200 and not response.streaming:
        caches["pages"].set(key, response.content)
    return response
