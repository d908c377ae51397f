"""Template helpers of the PDF report (``templates/evaluations/report/``).

They return escaped markup built with ``format_html``: any HTML in a text shows as text.
"""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from luvn.charts import distribution_svg
from luvn.formatting import format_number
from luvn.translation import localized

register = template.Library()


@register.simple_tag
def rtr(obj, field, paragraphs=False, marker=True):
    """Like ``{% tr %}``, with the short marker the report uses on every Finnish fallback.

    A Swedish report shows hundreds of texts that exist only in Finnish; each is tagged
    ``lang="fi"`` and followed by "(på finska)", which keeps the tables readable. With
    ``paragraphs`` the marker ends the last paragraph; ``marker=False`` (the table of contents)
    keeps only the language tag.
    """
    text = localized(obj, field)
    if not text.text:
        return ""
    if not text.is_fallback:
        if paragraphs:
            return mark_safe(linebreaks(text.text, autoescape=True))  # noqa: S308 -- escaped
        return format_html("{}", text.text)
    note = ""
    if marker:
        note = format_html(
            '<span class="fallback-marker" lang="{lang}"> ({marker})</span>',
            lang=get_language(),
            marker=gettext("in Finnish"),
        )
    if paragraphs:
        body = linebreaks(text.text, autoescape=True)  # escaped; ends with "</p>"
        if note and body.endswith("</p>"):
            body = body[: -len("</p>")] + note + "</p>"
            note = ""
        return format_html(
            '<div class="fallback" lang="{}">{}</div>{}',
            text.language,
            mark_safe(body),  # noqa: S308 -- linebreaks escaped the text
            note,
        )
    return format_html(
        '<span class="fallback" lang="{}">{}</span>{}', text.language, text.text, note
    )


def _score_of_mean(mean) -> int | None:
    if mean is None:
        return None
    return int(Decimal(mean).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@register.simple_tag
def score_mark(rating):
    """A rating's coloured mark as on the web pages; "–" when the item has no score."""
    score = getattr(rating, "score", None)
    if score is None:
        return format_html('<span class="score score-none">–</span>')
    return format_html('<span class="score score-{0}">{0}</span>', score)


@register.simple_tag
def mean_mark(mean):
    """A mean as ``3,8`` followed by a square in the colour of the nearest score."""
    score = _score_of_mean(mean)
    if score is None:
        return "–"
    return format_html(
        '<span class="mean">{}</span><span class="mean-square score-{}" aria-hidden="true"></span>',
        format_number(mean, decimals=1),
        score,
    )


@register.simple_tag
def distribution_chart(distribution, title):
    """The rating-distribution chart (``luvn.charts``) with its text alternative."""
    return distribution_svg(distribution, title=str(title))
