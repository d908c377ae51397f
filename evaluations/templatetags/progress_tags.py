"""Template helpers of the follow-up pages and report: statuses, on-track states, indicator
values with their unit and period, and the charts. Markup is built with ``format_html``."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from evaluations.followup.indicator_state import IndicatorState
from evaluations.followup.public import GoalProgress
from evaluations.models import ActionStatus
from luvn.charts import indicator_svg, status_bar_svg
from luvn.formatting import format_date, format_number
from luvn.translation import localized
from strategy.indicators import TrackState, period_label, target_path_value

register = template.Library()


def status_text(status: str) -> str:
    """A status in words; an action without a public update reads "not recorded"."""
    if not status:
        return gettext("not recorded")
    return str(ActionStatus(status).label)


@register.simple_tag
def status_mark(status):
    """An action's status as a labelled mark (colour never carries it alone)."""
    status = status or ""
    return format_html(
        '<span class="action-status action-status-{}">{}</span>',
        status or "none",
        status_text(status).capitalize(),
    )


@register.simple_tag
def track_mark(state):
    """An indicator's on-track state in words, as a mark."""
    return format_html(
        '<span class="track track-{}">{}</span>', state, str(TrackState(state).label).capitalize()
    )


@register.simple_tag
def practice_mark(round):
    """ "Practice data" after a figure or status from a practice round; nothing otherwise."""
    if round is None or not round.is_practice:
        return ""
    return format_html('<span class="practice-mark">{}</span>', gettext("practice data"))


@register.simple_tag
def indicator_value(indicator, value):
    """``12,5 %`` with the indicator's decimals and unit; "no data yet" for None."""
    if value is None:
        return gettext("no data yet")
    number = format_number(value, decimals=indicator.decimals)
    unit = localized(indicator, "unit_of_measure").text
    return f"{number}\u00a0{unit}" if unit else number


@register.simple_tag
def indicator_period(indicator, day):
    return period_label(day, indicator.time_resolution) if day else ""


@register.simple_tag
def path_value_at(state: IndicatorState, day):
    """The target path's value at ``day`` (None without a baseline or targets)."""
    return target_path_value(state.path, day) if day else None


@register.simple_tag
def round_period(round):
    """A follow-up round's period, e.g. 1.1.2026–30.6.2026."""
    if round is None or not (round.period_start or round.period_end):
        return ""
    return f"{format_date(round.period_start)}–{format_date(round.period_end)}"


@register.simple_tag
def status_bar(progress: GoalProgress, title=""):
    counts = [(status, count, status_text(status)) for status, count in progress.status_counts]
    title = title or gettext("Actions by status")
    return status_bar_svg(counts, title=title)


@register.simple_tag
def status_counts_text(progress: GoalProgress):
    return "; ".join(
        f"{status_text(status)}: {format_number(count)}" for status, count in progress.status_counts
    )


@register.simple_tag
def indicator_chart(state: IndicatorState):
    indicator = state.indicator
    name = localized(indicator, "name").text
    value_range = None
    if indicator.direction == "range" and indicator.range_low is not None:
        value_range = (indicator.range_low, indicator.range_high)
    return indicator_svg(
        values=state.values,
        path=state.path if indicator.direction != "range" else [],
        targets=state.targets,
        baseline=state.baseline,
        value_range=value_range,
        decimals=indicator.decimals,
        label=lambda day: period_label(day, indicator.time_resolution),
        title=gettext("%(name)s: values against the target path") % {"name": name},
    )
