"""Server-rendered SVG charts, shared by the web pages and the PDF report.

Charts are plain inline SVG (no JavaScript, no external files) so that WeasyPrint draws them in
the report and a browser shows them with the page. Each carries its text alternative: ``<title>``
names the chart (WeasyPrint uses it as the PDF figure's alternate text) and ``<desc>`` lists
the figures, so no information exists only as colour or bar length.
"""

import itertools

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from luvn.formatting import format_number

# The rating colours of the score marks (static/css/site.css .score-1 … .score-5).
SCORE_COLOURS = {
    5: "#1e7b34",
    4: "#8cc63f",
    3: "#ffd100",
    2: "#f39200",
    1: "#c8102e",
}
# Label text on each colour, as in site.css: dark on the light colours, white on the dark ones.
SCORE_INK = {5: "#ffffff", 4: "#111111", 3: "#111111", 2: "#111111", 1: "#ffffff"}
INK = "#1a1a1a"
GRID = "#c8c8c8"

# Geometry in SVG user units (1 unit = 1 CSS px at the natural size).
ROW_HEIGHT = 22
BAR_HEIGHT = 16
LABEL_WIDTH = 26
BAR_AREA = 220
COUNT_WIDTH = 44
PADDING = 4

# Ids must be unique within a page that shows several charts.
_ids = itertools.count(1)


def distribution_svg(distribution: dict[int, int], *, title: str) -> SafeString:
    """A horizontal bar chart of how many items got each rating, 5 at the top.

    ``distribution`` maps a score (1–5) to its count, as ``RatingSummary.distribution`` and
    ``QuestionResult.distribution`` return it; missing scores count as zero. ``title`` names
    the chart (escaped here). Returns SVG markup that is safe to insert into a template.
    """
    scores = sorted(SCORE_COLOURS, reverse=True)
    counts = {score: int(distribution.get(score, 0) or 0) for score in scores}
    largest = max(counts.values(), default=0)
    chart_id = f"chart-{next(_ids)}"
    width = LABEL_WIDTH + BAR_AREA + COUNT_WIDTH
    height = ROW_HEIGHT * len(scores) + 2 * PADDING

    description = "; ".join(
        gettext("rating %(score)s: %(count)s") % {"score": score, "count": format_number(count)}
        for score, count in counts.items()
    )
    rows = []
    for index, score in enumerate(scores):
        top = PADDING + index * ROW_HEIGHT
        bar_top = top + (ROW_HEIGHT - BAR_HEIGHT) / 2
        middle = top + ROW_HEIGHT / 2
        bar_width = round(BAR_AREA * counts[score] / largest, 1) if largest else 0
        rows.append(
            format_html(
                '<g><rect x="0" y="{bar_top}" width="{label}" height="{bar}" rx="2" '
                'fill="{colour}" stroke="rgba(0,0,0,.25)"/>'
                '<text x="{label_middle}" y="{middle}" dy=".35em" text-anchor="middle" '
                'font-weight="700" fill="{label_ink}">{score}</text>'
                '<rect x="{bar_x}" y="{bar_top}" width="{bar_width}" height="{bar}" '
                'fill="{colour}"/>'
                '<text x="{count_x}" y="{middle}" dy=".35em" fill="{ink}">{count}</text></g>',
                bar_top=bar_top,
                label=LABEL_WIDTH - 4,
                bar=BAR_HEIGHT,
                colour=SCORE_COLOURS[score],
                label_middle=(LABEL_WIDTH - 4) / 2,
                middle=middle,
                label_ink=SCORE_INK[score],
                score=score,
                bar_x=LABEL_WIDTH,
                bar_width=bar_width,
                count_x=LABEL_WIDTH + bar_width + 4,
                ink=INK,
                count=format_number(counts[score]),
            )
        )
    axis = format_html(
        '<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" stroke="{grid}"/>',
        x=LABEL_WIDTH - 0.5,
        top=PADDING,
        bottom=height - PADDING,
        grid=GRID,
    )
    svg = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart distribution-chart" '
        'width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        'aria-labelledby="{id}-title" aria-describedby="{id}-desc" '
        'font-family="Source Sans 3, Segoe UI, Arial, sans-serif" font-size="12">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{description}</desc>'
        "{axis}{rows}</svg>",
        width=width,
        height=height,
        id=chart_id,
        title=title,
        description=description,
        axis=axis,
        rows=mark_safe("".join(rows)),  # noqa: S308 -- each row was built by format_html
    )
    return svg


def distribution_rows(distribution: dict[int, int]) -> SafeString:
    """The chart's figures as a short inline list, for a visible caption next to a chart."""
    return format_html_join(
        " · ",
        "{}",
        (
            (gettext("rating %(score)s: %(count)s") % {"score": s, "count": format_number(c)},)
            for s, c in sorted(distribution.items(), reverse=True)
        ),
    )
