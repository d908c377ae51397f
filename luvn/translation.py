"""Reading per-language content columns with a visible fallback marker."""

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.urls import NoReverseMatch, Resolver404, resolve, reverse, translate_url
from django.utils.translation import get_language, override


@dataclass(frozen=True)
class LocalizedText:
    """A content text in the UI language, or the Finnish text when that is missing."""

    text: str
    language: str  # the language the text is actually in
    is_fallback: bool


def localized(obj, field: str, language: str | None = None) -> LocalizedText:
    """Return ``obj.<field>`` in ``language`` (default: the active one), falling back to Finnish.

    modeltranslation's own fallback hides which language came back; the UI must show it
    (a Swedish reader sees that a text exists only in Finnish), so we read the columns here.
    """
    language = (language or get_language() or settings.LANGUAGE_CODE)[:2]
    text = getattr(obj, f"{field}_{language}", None) or ""
    if text or language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        return LocalizedText(text=text, language=language, is_fallback=False)
    for fallback in settings.MODELTRANSLATION_FALLBACK_LANGUAGES["default"]:
        text = getattr(obj, f"{field}_{fallback}", None) or ""
        if text:
            return LocalizedText(text=text, language=fallback, is_fallback=True)
    return LocalizedText(text="", language=language, is_fallback=False)


_LANGUAGE_PREFIX = re.compile(r"^/(?P<code>[a-z]{2})(?=/|$)")


def url_in_language(url: str, language: str) -> str:
    """A local address (path and query) of this site in ``language``.

    Resolvable paths go through Django's ``translate_url``; a path that resolves to nothing
    (a 404 page) keeps its path with the language prefix swapped. A ``next`` parameter that is a
    local address is translated the same way, so the login page sends back in its language.
    """
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return url
    path = translate_url(parts.path, language)
    prefix = _LANGUAGE_PREFIX.match(path)
    languages = {code for code, _name in settings.LANGUAGES}
    if prefix and prefix["code"] in languages and prefix["code"] != language:
        path = f"/{language}{path[prefix.end() :]}"
    query = [
        (key, url_in_language(value, language) if key == "next" and _is_local(value) else value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit(("", "", path, urlencode(query), parts.fragment))


def _is_local(value: str) -> bool:
    return value.startswith("/") and not value.startswith(("//", "/\\"))


def path_from_other_language(path: str, language: str) -> str | None:
    """The address in ``language`` of a ``path`` written in another language's words under
    ``language``'s prefix (``/sv/tavoitteet/12/`` → ``/sv/mal/12/``); None when it is none."""
    prefix = _LANGUAGE_PREFIX.match(path)
    if not prefix or prefix["code"] != language:
        return None
    rest = path[prefix.end() :]
    for other, _name in settings.LANGUAGES:
        if other == language:
            continue
        with override(other):
            try:
                match = resolve(f"/{other}{rest}")
            except Resolver404:
                continue
        with override(language):
            try:
                return reverse(match.view_name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                return None
    return None


class TranslatedPathRedirectMiddleware:
    """Addresses read in the page's language; an address in the other language's words under
    a language prefix (every Swedish-page link published before the paths were translated
    used the Finnish words) moves permanently to its address in that language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        target = path_from_other_language(request.path_info, getattr(request, "LANGUAGE_CODE", ""))
        if target is None or target == request.path_info:
            # The same address in both languages (the admin's, say): its 404 stays a 404.
            return response
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
