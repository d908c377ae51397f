"""Server-rendered SVG charts, shared by the web pages and the PDF report.

Charts are plain inline SVG (no JavaScript, no external files) so that WeasyPrint draws them in
the report and a browser shows them with the page. Each carries its text alternative: ``<title>``
names the chart and ``<desc>`` lists the figures (the report's PDF joins both into the figure's
``/Alt``), so no information exists only as colour or bar length.
"""

import datetime
import itertools
import math
from decimal import Decimal

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
SCORES = sorted(SCORE_COLOURS, reverse=True)
SCORE_INK = {5: "#ffffff", 4: "#111111", 3: "#111111", 2: "#111111", 1: "#ffffff"}
INK = "#1a1a1a"
MUTED = "#4a4a4a"
GRID = "#c8c8c8"

# Geometry in SVG user units (1 unit = 1 CSS px at the natural size).
ROW_HEIGHT = 22
BAR_HEIGHT = 16
LABEL_WIDTH = 26
BAR_AREA = 200  # 100 %: every chart has the same scale, so charts side by side compare
VALUE_WIDTH = 64
PADDING = 4
AXIS_HEIGHT = 14

# Ids must be unique within a page that shows several charts.
_ids = itertools.count(1)


def shares(distribution: dict[int, int]) -> dict[int, tuple[int, Decimal]]:
    """Each score (5 … 1) with its count and its share of all rated items in per cent."""
    counts = {score: int(distribution.get(score, 0) or 0) for score in SCORES}
    total = sum(counts.values())
    return {
        score: (count, Decimal(100 * count) / total if total else Decimal(0))
        for score, count in counts.items()
    }


def distribution_text(distribution: dict[int, int]) -> str:
    """The chart's figures as text: "rating 5: 1 (5 %); rating 4: 11 (50 %); …"."""
    return "; ".join(
        gettext("rating %(score)s: %(count)s (%(share)s %%)")
        % {
            "score": score,
            "count": format_number(count),
            "share": format_number(share, decimals=0),
        }
        for score, (count, share) in shares(distribution).items()
    )


def distribution_svg(distribution: dict[int, int], *, title: str) -> SafeString:
    """A horizontal bar chart of the share of items that got each rating, 5 at the top.

    Bars are shares of all rated items on a fixed 0–100 % scale, so that charts of strategies of
    different sizes compare; each bar is labelled with its share and count. ``distribution``
    maps a score (1–5) to its count, as ``RatingSummary.distribution`` and
    ``QuestionResult.distribution`` return it; missing scores count as zero. ``title`` names
    the chart (escaped here); ``<desc>`` holds the figures (``distribution_text``). Returns SVG
    markup that is safe to insert into a template.
    """
    figures = shares(distribution)
    chart_id = f"chart-{next(_ids)}"
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    bars_bottom = PADDING + ROW_HEIGHT * len(SCORES)
    height = bars_bottom + AXIS_HEIGHT + PADDING

    rows = []
    for index, (score, (count, share)) in enumerate(figures.items()):
        top = PADDING + index * ROW_HEIGHT
        bar_top = top + (ROW_HEIGHT - BAR_HEIGHT) / 2
        middle = top + ROW_HEIGHT / 2
        bar_width = round(float(BAR_AREA * share / 100), 1)
        rows.append(
            format_html(
                '<g><rect x="0" y="{bar_top}" width="{label}" height="{bar}" rx="2" '
                'fill="{colour}" stroke="rgba(0,0,0,.25)"/>'
                '<text x="{label_middle}" y="{middle}" dy=".35em" text-anchor="middle" '
                'font-weight="700" fill="{label_ink}">{score}</text>'
                '<rect x="{bar_x}" y="{bar_top}" width="{bar_width}" height="{bar}" '
                'fill="{colour}"/>'
                '<text x="{value_x}" y="{middle}" dy=".35em" fill="{ink}">{share} % '
                '<tspan fill="{muted}">({count})</tspan></text></g>',
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
                value_x=LABEL_WIDTH + bar_width + 4,
                ink=INK,
                muted=MUTED,
                share=format_number(share, decimals=0),
                count=format_number(count),
            )
        )
    # The scale: grid lines at 0, 50 and 100 % with their labels under the bars.
    axis = []
    for percent in (0, 50, 100):
        x = LABEL_WIDTH + BAR_AREA * percent / 100 - (0.5 if percent == 0 else 0)
        axis.append(
            format_html(
                '<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" stroke="{grid}"{dash}/>'
                '<text x="{x}" y="{label_y}" text-anchor="{anchor}" font-size="10" '
                'fill="{muted}">{percent} %</text>',
                x=x,
                top=PADDING,
                bottom=bars_bottom,
                grid=GRID,
                dash=mark_safe(' stroke-dasharray="2 2"') if percent else "",
                label_y=bars_bottom + AXIS_HEIGHT - 2,
                anchor="start" if percent == 0 else "middle",
                muted=MUTED,
                percent=percent,
            )
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
        description=distribution_text(distribution),
        axis=mark_safe("".join(axis)),  # noqa: S308 -- each part was built by format_html
        rows=mark_safe("".join(rows)),  # noqa: S308 -- each row was built by format_html
    )
    return svg


def distribution_rows(distribution: dict[int, int]) -> SafeString:
    """The chart's figures as a short inline list, for a visible caption next to a chart:
    each rating's count and share, as in the chart and its ``<desc>``."""
    return format_html_join(
        " · ",
        "{}",
        (
            (
                gettext("rating %(score)s: %(count)s (%(share)s %%)")
                % {
                    "score": score,
                    "count": format_number(count),
                    "share": format_number(share, decimals=0),
                },
            )
            for score, (count, share) in shares(distribution).items()
        ),
    )


# --- Follow-up charts: actions by status, an indicator against its target path -------------

# Action statuses (evaluations.models.ActionStatus); "" is an action without a public update.
STATUS_COLOURS = {
    "on_schedule": "#1e7b34",
    "done": "#00558c",
    "not_started": "#8a8a8a",
    "delayed": "#f39200",
    "cancelled": "#4a4a4a",
    "": "#e6e6e6",
}
VALUE_COLOUR = "#b34700"
PATH_COLOUR = "#00558c"
RANGE_FILL = "#e3f1e6"


def status_bar_svg(counts: list[tuple[str, int, str]], *, title: str) -> SafeString:
    """A small stacked bar of actions by status: ``counts`` is (status, number, label).

    The description lists every status with its number; the page shows the same as text."""
    total = sum(count for _status, count, _label in counts)
    chart_id = f"chart-{next(_ids)}"
    width, height = 240, 16
    description = "; ".join(f"{label}: {format_number(count)}" for _s, count, label in counts)
    parts, x = [], 0.0
    for status, count, _label in counts:
        part = round(width * count / total, 2) if total else 0
        parts.append(
            format_html(
                '<rect x="{x}" y="0" width="{w}" height="{h}" fill="{fill}"/>',
                x=round(x, 2),
                w=part,
                h=height,
                fill=STATUS_COLOURS.get(status, STATUS_COLOURS[""]),
            )
        )
        x += part
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart status-bar" width="{width}" '
        'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        'aria-labelledby="{id}-title" aria-describedby="{id}-desc">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{description}</desc>'
        '{parts}<rect x="0.5" y="0.5" width="{inner}" height="{inner_h}" fill="none" '
        'stroke="#8a8a8a"/></svg>',
        width=width,
        height=height,
        id=chart_id,
        title=title,
        description=description,
        parts=mark_safe("".join(parts)),  # noqa: S308 -- each part was built by format_html
        inner=width - 1,
        inner_h=height - 1,
    )


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = span / ticks if span > 0 else 1
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def indicator_svg(
    *,
    values: list,
    path: list,
    targets: list,
    baseline=None,
    value_range: tuple | None = None,
    decimals: int = 1,
    label=None,
    title: str,
) -> SafeString:
    """A line chart of an indicator: its values (solid line, dots) against the target path
    (dashed line through the baseline and the targets, open circles at the targets) and, for
    an indicator kept within a range, the range as a band.

    Points are objects with ``date`` and ``value``; ``label(date)`` names a period in the
    description (default: the year). The ``<desc>`` carries every figure, so the chart says
    nothing that is not also text."""
    label = label or (lambda day: str(day.year))
    chart_id = f"chart-{next(_ids)}"
    width, height = 640, 280
    left, right, top, bottom = 64, 20, 16, 64
    plot_w, plot_h = width - left - right, height - top - bottom

    points = [*values, *path, *targets, *([baseline] if baseline else [])]
    numbers = [float(p.value) for p in points]
    if value_range:
        numbers += [float(value_range[0]), float(value_range[1])]
    dates = [p.date for p in points]

    def fmt(number):
        return format_number(number, decimals=decimals)

    description = []
    if baseline:
        description.append(
            gettext("baseline %(period)s: %(value)s")
            % {"period": label(baseline.date), "value": fmt(baseline.value)}
        )
    description += [
        gettext("target %(period)s: %(value)s") % {"period": label(t.date), "value": fmt(t.value)}
        for t in targets
    ]
    if value_range:
        description.append(
            gettext("target range %(low)s–%(high)s")
            % {"low": fmt(value_range[0]), "high": fmt(value_range[1])}
        )
    description += [
        gettext("value %(period)s: %(value)s") % {"period": label(v.date), "value": fmt(v.value)}
        for v in values
    ]
    if not values:
        description.append(gettext("no data yet"))

    if not dates:
        first = last = None
    else:
        first, last = min(dates), max(dates)
    if first is None or first == last:
        base = first or datetime.date.today()
        first = datetime.date(base.year - 1, 12, 31)
        last = datetime.date(base.year + 1, 12, 31)
    low, high = (min(numbers), max(numbers)) if numbers else (0.0, 1.0)
    if low == high:
        low, high = low - 1, high + 1
    step = _nice_step(high - low)
    low = math.floor(low / step) * step
    high = math.ceil(high / step) * step
    span_days = (last - first).days

    def x_of(day):
        return round(left + plot_w * (day - first).days / span_days, 1)

    def y_of(number):
        return round(top + plot_h * (1 - (float(number) - low) / (high - low)), 1)

    pieces = []
    # Grid and y labels.
    tick = low
    while tick <= high + step / 1000:
        y = y_of(tick)
        pieces.append(
            format_html(
                '<line x1="{l}" y1="{y}" x2="{r}" y2="{y}" stroke="{grid}"/>'
                '<text x="{tx}" y="{y}" dy=".35em" text-anchor="end" fill="{ink}">{t}</text>',
                l=left,
                r=left + plot_w,
                y=y,
                grid=GRID,
                tx=left - 6,
                ink=INK,
                t=format_number(tick, decimals=0 if step >= 1 else decimals),
            )
        )
        tick += step
    # Years on the x axis (every year, or every n-th when there are many).
    years = list(range(first.year, last.year + 1))
    every = max(1, math.ceil(len(years) / 10))
    for year in years[::every]:
        day = datetime.date(year, 7, 1)
        if not first <= day <= last:
            continue
        pieces.append(
            format_html(
                '<text x="{x}" y="{y}" text-anchor="middle" fill="{ink}">{year}</text>',
                x=x_of(day),
                y=top + plot_h + 16,
                ink=INK,
                year=year,
            )
        )
    pieces.append(
        format_html(
            '<line x1="{l}" y1="{b}" x2="{r}" y2="{b}" stroke="{ink}"/>',
            l=left,
            r=left + plot_w,
            b=top + plot_h,
            ink=INK,
        )
    )
    if value_range:
        y_high, y_low = y_of(value_range[1]), y_of(value_range[0])
        pieces.append(
            format_html(
                '<rect x="{l}" y="{y}" width="{w}" height="{h}" fill="{fill}" '
                'stroke="#1e7b34" stroke-dasharray="2 2"/>',
                l=left,
                y=y_high,
                w=plot_w,
                h=round(y_low - y_high, 1),
                fill=RANGE_FILL,
            )
        )
    if len(path) > 1:
        pieces.append(
            format_html(
                '<polyline points="{pts}" fill="none" stroke="{c}" stroke-width="2" '
                'stroke-dasharray="6 4"/>',
                pts=" ".join(f"{x_of(p.date)},{y_of(p.value)}" for p in path),
                c=PATH_COLOUR,
            )
        )
    for target in targets:
        pieces.append(
            format_html(
                '<circle cx="{x}" cy="{y}" r="5" fill="#fff" stroke="{c}" stroke-width="2"/>',
                x=x_of(target.date),
                y=y_of(target.value),
                c=PATH_COLOUR,
            )
        )
    if baseline:
        pieces.append(
            format_html(
                '<rect x="{x}" y="{y}" width="9" height="9" fill="{c}"/>',
                x=x_of(baseline.date) - 4.5,
                y=y_of(baseline.value) - 4.5,
                c=PATH_COLOUR,
            )
        )
    if len(values) > 1:
        pieces.append(
            format_html(
                '<polyline points="{pts}" fill="none" stroke="{c}" stroke-width="2.5"/>',
                pts=" ".join(f"{x_of(v.date)},{y_of(v.value)}" for v in values),
                c=VALUE_COLOUR,
            )
        )
    # Dots only where they can be told apart (monthly values over years make a line).
    if len(values) <= 40:
        for value in values:
            pieces.append(
                format_html(
                    '<circle cx="{x}" cy="{y}" r="4" fill="{c}" stroke="#fff"/>',
                    x=x_of(value.date),
                    y=y_of(value.value),
                    c=VALUE_COLOUR,
                )
            )
    # Legend under the axis.
    legend_y = top + plot_h + 40
    legend = [
        format_html(
            '<line x1="{x}" y1="{y}" x2="{x2}" y2="{y}" stroke="{c}" stroke-width="2.5"/>'
            '<circle cx="{cx}" cy="{y}" r="3.5" fill="{c}"/>'
            '<text x="{tx}" y="{y}" dy=".35em" fill="{ink}">{text}</text>',
            x=left,
            x2=left + 24,
            cx=left + 12,
            y=legend_y,
            c=VALUE_COLOUR,
            tx=left + 30,
            ink=INK,
            text=gettext("values"),
        ),
        format_html(
            '<line x1="{x}" y1="{y}" x2="{x2}" y2="{y}" stroke="{c}" stroke-width="2" '
            'stroke-dasharray="6 4"/><circle cx="{cx}" cy="{y}" r="5" fill="#fff" stroke="{c}" '
            'stroke-width="2"/><text x="{tx}" y="{y}" dy=".35em" fill="{ink}">{text}</text>',
            x=left + 150,
            x2=left + 174,
            cx=left + 174,
            y=legend_y,
            c=PATH_COLOUR,
            tx=left + 186,
            ink=INK,
            text=gettext("target path and targets"),
        ),
    ]
    if baseline:
        legend.append(
            format_html(
                '<rect x="{x}" y="{y}" width="9" height="9" fill="{c}"/>'
                '<text x="{tx}" y="{ty}" dy=".35em" fill="{ink}">{text}</text>',
                x=left + 360,
                y=legend_y - 4.5,
                c=PATH_COLOUR,
                tx=left + 376,
                ty=legend_y,
                ink=INK,
                text=gettext("baseline"),
            )
        )
    if value_range:
        legend.append(
            format_html(
                '<rect x="{x}" y="{y}" width="18" height="10" fill="{f}" stroke="#1e7b34"/>'
                '<text x="{tx}" y="{ty}" dy=".35em" fill="{ink}">{text}</text>',
                x=left + 450,
                y=legend_y - 5,
                f=RANGE_FILL,
                tx=left + 474,
                ty=legend_y,
                ink=INK,
                text=gettext("target range"),
            )
        )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart indicator-chart" '
        'width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        'aria-labelledby="{id}-title" aria-describedby="{id}-desc" '
        'font-family="Source Sans 3, Segoe UI, Arial, sans-serif" font-size="12">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{description}</desc>'
        "{pieces}{legend}</svg>",
        width=width,
        height=height,
        id=chart_id,
        title=title,
        description="; ".join(description),
        pieces=mark_safe("".join(pieces)),  # noqa: S308 -- each piece was built by format_html
        legend=mark_safe("".join(legend)),  # noqa: S308 -- built by format_html
    )
