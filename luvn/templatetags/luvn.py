"""Template helpers used everywhere: Finnish number and date formats, translated content."""

from django import template
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from luvn.formatting import format_date, format_number
from luvn.translation import localized, url_in_language
from luvn.translation_sources import TARGET, outdated_fields

register = template.Library()


@register.filter(name="number")
def number_filter(value, decimals=None):
    """``{{ mean|number:1 }}`` → ``3,8``."""
    return format_number(value, decimals=None if decimals in (None, "") else int(decimals))


@register.filter(name="fidate", expects_localtime=True)
def fidate_filter(value):
    """``{{ round.summary_date|fidate }}`` → ``17.1.2025``."""
    return format_date(value)


def _render(value, *, paragraphs: bool) -> str:
    # Content is always escaped: HTML typed into a text is shown, never run.
    if paragraphs:
        # linebreaks() escapes the text itself but returns an unmarked string.
        return mark_safe(linebreaks(value, autoescape=True))  # noqa: S308
    return format_html("{}", value)


def translated(text, obj, field, *, paragraphs: bool = False, mark_fallback: bool = True):
    """The one rendering of a content text (a ``localized`` text of ``obj.field``): escaped;
    a Swedish text whose Finnish changed since marked "may be outdated"; a Finnish fallback
    tagged ``lang="fi"`` and, with ``mark_fallback``, marked "only in Finnish" (the PDF says so
    once per section instead, ``report_tags.rtr``)."""
    if not text.text:
        return ""
    body = _render(text.text, paragraphs=paragraphs)
    if not text.is_fallback:
        if text.language == TARGET and field in outdated_fields(obj):
            # The Finnish changed after this Swedish text was saved (luvn/translation_sources.py).
            return format_html(
                '{body} <span class="outdated-marker">({marker})</span>',
                body=body,
                marker=gettext("may be outdated"),
            )
        return body
    tag = "div" if paragraphs else "span"
    fallback = format_html(
        '<{tag} class="fallback" lang="{lang}">{body}</{tag}>',
        tag=tag,
        lang=text.language,
        body=body,
    )
    if not mark_fallback:
        return fallback
    return format_html(
        '{fallback} <span class="fallback-marker">({marker})</span>',
        fallback=fallback,
        marker=gettext("only in Finnish"),
    )


@register.simple_tag
def tr(obj, field, paragraphs=False):
    """Content field in the UI language; a Finnish fallback is marked and tagged ``lang="fi"``."""
    return translated(localized(obj, field), obj, field, paragraphs=paragraphs)


@register.simple_tag(takes_context=True)
def switch_language_url(context, language):
    """The current page in another language (the switcher keeps the page): also an error page,
    and a ``next`` address in the query (the login page's) follows the language."""
    request = context["request"]
    return url_in_language(request.get_full_path(), language)
