"""Template helpers of the PDF report (``templates/evaluations/report/``).

They return escaped markup built with ``format_html``: any HTML in a text shows as text.
"""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from luvn.charts import distribution_svg
from luvn.formatting import format_number
from luvn.templatetags.luvn import translated
from luvn.translation import localized

register = template.Library()

FINNISH = "fi"


@register.simple_tag(takes_context=True)
def rtr(context, obj, field, paragraphs=False):
    """``{% tr %}`` for the report: the same rendering (``luvn.templatetags.luvn.translated``),
    but a fallback is not marked after each of hundreds of texts: it is counted in the report's
    ``language_tally``, and each section says once that its texts exist only in Finnish
    (``{% finnish_notice %}``). The fallback keeps ``lang="fi"`` (in the PDF ``/Lang (fi)``,
    so a screen reader switches voice)."""
    text = localized(obj, field)
    if not text.text:
        return ""
    tally = context.get("language_tally")
    if tally is not None:
        tally.count(is_fallback=text.is_fallback)
    return translated(text, obj, field, paragraphs=paragraphs, mark_fallback=False)


@register.simple_tag(takes_context=True)
def tally_text(context, language):
    """Count a text that is not a content field (a municipality's open answer) in ``language``:
    a Finnish one in another language's report is counted as existing only in Finnish."""
    tally = context.get("language_tally")
    if tally is not None:
        tally.count(is_fallback=language == FINNISH != get_language())
    return ""


@register.simple_tag(takes_context=True)
def language_section(context, key):
    """Where section ``key`` begins (before its heading): the texts counted from here to the next
    section are its, for its ``{% finnish_notice key %}`` after the heading."""
    tally = context.get("language_tally")
    if tally is not None:
        tally.current = key
    return ""


@register.simple_tag(takes_context=True)
def finnish_notice(context, key):
    """Where the notice of section ``key`` goes: the texts counted from here to the next
    notice are that section's. The report fills it in once the whole report is rendered."""
    tally = context.get("language_tally")
    if tally is None:
        return ""
    return tally.start(key)


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
    if getattr(rating, "is_tentative", False):
        # A tentative rating: in parentheses and marked, as the source prints it.
        return format_html(
            '<span class="score score-{0} tentative">({0})</span> '
            '<span class="tentative-mark">{1}</span>',
            score,
            gettext("tentative"),
        )
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


@register.simple_tag
def continued(caption):
    """A table body's ``data-continued``: the table's caption, which report.css shows at the top
    of each page the table continues on, with "(continued)"."""
    return format_html(' data-continued="{}"', " ".join(str(caption).split()))


@register.simple_tag
def table_end():
    """Ends a table's continued caption (report.css); an empty helper, not in the PDF's tags."""
    return mark_safe('<div class="table-end" data-pdf-tag="Artifact"></div>')
