"""Template helpers for honest figures: "not recorded" instead of 0, published figures marked
beside the computed ones, tentative ratings in parentheses.

``{% load figures %}`` in the pages and in the report.
"""

from dataclasses import dataclass

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from evaluations.models import FigureKind
from evaluations.summaries.ratings import FigureComparison
from luvn.formatting import format_number

register = template.Library()

PERCENT_KINDS = {FigureKind.SHARE_AT_LEAST_7, FigureKind.GROUP_SHARE}
DECIMAL_KINDS = {FigureKind.MEAN, FigureKind.SURVEY_MEAN}


@register.filter
def recorded(value):
    """A count, or "not recorded" where the data has none (never a 0 that was not counted)."""
    if value is None:
        return format_html('<span class="not-recorded">{}</span>', gettext("not recorded"))
    return format_number(value)


def _figure_number(kind: str, value) -> str:
    if value is None:
        return ""
    if kind in DECIMAL_KINDS:
        return format_number(value, decimals=1)
    text = format_number(value, decimals=0)
    return f"{text} %" if kind in PERCENT_KINDS else text


@register.filter
def published_value(comparison: FigureComparison) -> str:
    """The printed figure, as printed: ``3,4``, ``22``, ``78 %``."""
    return _figure_number(comparison.figure.kind, comparison.figure.value)


@register.filter
def computed_value(comparison: FigureComparison):
    """The computed figure; "not recorded" where the items hold no such data; "–" where the
    figure cannot be recomputed from the app's data."""
    if not comparison.computable:
        return "–"
    if comparison.computed is None:
        return recorded(None)
    return _figure_number(comparison.figure.kind, comparison.computed)


@register.simple_tag
def figure_status(comparison: FigureComparison) -> str:
    """A short note: differs, not recorded, or published only."""
    if comparison.differs:
        return gettext(
            "The figure computed from the ratings differs: %(computed)s, printed %(printed)s."
        ) % {
            "computed": _figure_number(comparison.figure.kind, comparison.computed),
            "printed": published_value(comparison),
        }
    if comparison.not_recorded:
        return gettext("The items carry no such data; only the printed figure exists.")
    if not comparison.computable:
        return gettext("Published figure only.")
    return ""


@register.filter
def for_strategy(comparisons, strategy):
    return [c for c in comparisons or [] if c.figure.strategy_id == strategy.pk]


@register.filter
def for_survey(items, survey):
    """Published figures or texts of one survey."""
    return [
        item
        for item in items or []
        if getattr(getattr(item, "figure", item), "survey_id", None) == survey.pk
    ]


@dataclass
class FigureCell:
    comparison: FigureComparison | None


@dataclass
class FigureRow:
    subject: object  # the goal, section, strategy or survey
    cells: list[FigureCell]

    @property
    def title_field(self) -> str:
        return "name" if hasattr(self.subject, "name_fi") else "title"

    @property
    def notes(self) -> list[FigureComparison]:
        return [
            cell.comparison
            for cell in self.cells
            if cell.comparison and (cell.comparison.differs or cell.comparison.figure.source_note)
        ]


@dataclass
class FigureTable:
    kinds: list[tuple[str, str]]  # (kind, its label)
    rows: list[FigureRow]


@register.filter
def figure_table(comparisons) -> FigureTable:
    """The document's summary table again: a row per goal / section / strategy, a column per
    kind of figure, each cell the printed figure and, where it differs or is not recorded, the
    computed one."""
    comparisons = list(comparisons or [])
    kinds = []
    for comparison in comparisons:
        kind = comparison.figure.kind
        if kind not in [k for k, _label in kinds]:
            kinds.append((kind, comparison.figure.get_kind_display()))
    rows: dict = {}
    for comparison in comparisons:
        subject = comparison.subject
        key = (type(subject).__name__, subject.pk)
        if key not in rows:
            rows[key] = FigureRow(subject=subject, cells=[FigureCell(None) for _kind in kinds])
        index = [k for k, _label in kinds].index(comparison.figure.kind)
        rows[key].cells[index] = FigureCell(comparison)
    return FigureTable(kinds=kinds, rows=list(rows.values()))
