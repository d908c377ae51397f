"""The published summary tables and goal ratings as open data, in CSV and JSON.

Each dataset is one row iterator (pretix style): a function yields plain dicts with stable
English keys, and the format renderers only write them out. So CSV and JSON always hold the
same rows and columns, whatever the UI language; numbers are numbers (JSON) or written with a
decimal point (CSV), as machines read them.
"""

import csv
import io
import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from evaluations.models import EvaluationRound
from evaluations.open_data import followup as followup_open_data
from evaluations.summaries import ratings as selectors
from luvn.spreadsheet import spreadsheet_safe
from strategy import selectors as strategy_selectors

# Means are exact in the app; two decimals are plenty for reuse (the pages show one).
MEAN_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Dataset:
    key: str  # English, for the code and the JSON
    slug: str  # the file name in the URL, in the page's language like the other addresses
    title: str  # for people, in the UI language
    columns: tuple[str, ...]
    rows: Callable[..., Iterator[dict]]
    # The kinds of round the dataset is published for (evaluation; follow-up).
    round_kinds: tuple[str, ...] = ("evaluation",)


def published_mean(value: Decimal | None) -> Decimal | None:
    """A mean as the open data publishes it: rounded half up to the published places."""
    return None if value is None else value.quantize(MEAN_PLACES, rounding=ROUND_HALF_UP)


def _summary_values(summary) -> dict:
    distribution = summary.distribution
    return {
        "goals": summary.goal_count,
        "sub_goals": summary.sub_goal_count,
        "rated_items": summary.rated_count,
        "mean": published_mean(summary.mean),
        "achieved_yes": summary.achieved_yes,
        "achieved_partly": summary.achieved_partly,
        "achieved_no": summary.achieved_no,
        # Absent is not zero: with no achieved status recorded, yes / partly / no are null
        # (empty in CSV) and this flag is true.
        "achieved_recorded_items": summary.achieved_recorded,
        "achieved_not_recorded": summary.achieved_not_recorded,
        "tentative_ratings": summary.tentative_count,
        **{f"rating_{score}": distribution[score] for score in range(5, 0, -1)},
    }


SUMMARY_COLUMNS = (
    "round",
    "strategy",
    "strategy_name_fi",
    "strategy_name_sv",
    "row",
    "section",
    "parent_section",
    "depth",
    "section_number",
    "section_title_fi",
    "section_title_sv",
    "goals",
    "sub_goals",
    "rated_items",
    "mean",
    "achieved_yes",
    "achieved_partly",
    "achieved_no",
    "achieved_recorded_items",
    "achieved_not_recorded",
    "tentative_ratings",
    "rating_5",
    "rating_4",
    "rating_3",
    "rating_2",
    "rating_1",
)


def summary_rows(*, round: EvaluationRound, request=None) -> Iterator[dict]:
    """Per strategy of the round: its total, then every section's summary in reading order.

    The figures come from ``evaluations.summaries.ratings.section_summaries``, as on the pages
    and in the report: computed from the public item-level ratings.
    """
    strategies = list(round.strategies.all())
    summaries, totals = selectors.section_summaries(round=round, strategies=strategies)
    outlines = defaultdict(list)
    for node in strategy_selectors.section_outline(strategies=strategies):
        outlines[node.section.strategy_id].append(node)
    for strategy in strategies:
        total = totals[strategy.pk]
        base = {
            "round": round.key,
            "strategy": strategy.key,
            "strategy_name_fi": strategy.name_fi,
            "strategy_name_sv": strategy.name_sv or "",
        }
        yield {
            **base,
            "row": "strategy",
            "section": "",
            "parent_section": "",
            "depth": None,
            "section_number": "",
            "section_title_fi": "",
            "section_title_sv": "",
            **_summary_values(total),
        }
        outline = outlines[strategy.pk]
        keys = {node.section.pk: node.section.key for node in outline}
        for node in outline:
            section = node.section
            yield {
                **base,
                "row": "section",
                "section": section.key,
                "parent_section": keys.get(section.parent_id, ""),
                "depth": node.depth,
                "section_number": section.number,
                "section_title_fi": section.title_fi,
                "section_title_sv": section.title_sv or "",
                **_summary_values(summaries[section.pk]),
            }


GOAL_COLUMNS = (
    "round",
    "strategy",
    "section",
    "goal_id",
    "item",
    "goal_number",
    "sub_goal_number",
    "title_fi",
    "title_sv",
    "rated",
    "counted",
    "score",
    "tentative",
    "achieved",
    "verbal_evaluation_fi",
    "verbal_evaluation_sv",
    "url",
)


def goal_rows(*, round: EvaluationRound, request=None) -> Iterator[dict]:
    """Every goal of the round's strategies, each followed by its sub-goals rated on their own.

    ``rated`` tells whether the item counts as rated in the summaries (a goal rated as a whole,
    a sub-goal rated on its own); ``score`` and ``achieved`` are its public rating, if any.
    """
    outline = strategy_selectors.section_outline(strategies=round.strategies.all())
    goals = strategy_selectors.goal_list(round=round, sections=outline)

    def rating_values(rating) -> dict:
        return {
            "score": rating.score if rating else None,
            "tentative": bool(rating and rating.is_tentative),
            "achieved": rating.achieved if rating else "",
            "verbal_evaluation_fi": rating.verbal_evaluation_fi if rating else "",
            "verbal_evaluation_sv": (rating.verbal_evaluation_sv or "") if rating else "",
        }

    for goal in goals:
        url = goal.get_absolute_url()
        base = {
            "round": round.key,
            "strategy": goal.section.strategy.key,
            "section": goal.section.key,
            "goal_id": goal.pk,
            "goal_number": goal.number,
            "url": request.build_absolute_uri(url) if request else url,
        }
        own = goal.public_ratings[0] if goal.is_rated and goal.public_ratings else None
        yield {
            **base,
            "item": "goal",
            "sub_goal_number": "",
            "title_fi": goal.title_fi,
            "title_sv": goal.title_sv or "",
            "rated": goal.is_rated,
            # The counting rule of the summaries (``selectors.item_counts_in_summaries``).
            "counted": bool(own)
            and not own.is_tentative
            and selectors.item_counts_in_summaries(
                is_rated=goal.is_rated, rated_sub_goals=len(goal.rated_sub_goals)
            ),
            **rating_values(own),
        }
        for sub_goal in goal.rated_sub_goals:
            rating = sub_goal.public_ratings[0] if sub_goal.public_ratings else None
            yield {
                **base,
                "item": "sub_goal",
                "sub_goal_number": sub_goal.number,
                "title_fi": sub_goal.title_fi,
                "title_sv": sub_goal.title_sv or "",
                "rated": True,
                "counted": bool(rating) and not rating.is_tentative,
                **rating_values(rating),
            }


FIGURE_COLUMNS = (
    "round",
    "place",
    "kind",
    "strategy",
    "section",
    "goal_number",
    "survey",
    "label_fi",
    "label_sv",
    "published_value",
    "computed_value",
    "computable",
    "not_recorded",
    "differs",
    "note_fi",
    "note_sv",
)


def _figure_number(value) -> Decimal:
    """22, 3.4, 3.25: a whole number without decimals, others with at most two."""
    number = Decimal(value).quantize(MEAN_PLACES, rounding=ROUND_HALF_UP)
    return (
        number.to_integral_value() if number == number.to_integral_value() else number.normalize()
    )


def figure_rows(*, round: EvaluationRound, request=None) -> Iterator[dict]:
    """The document's printed figures, each with the figure computed from the public ratings.

    ``computed_value`` is null where the figure cannot be recomputed (``computable`` false) or
    where the items do not record it (``not_recorded`` true, e.g. the rescue guidelines'
    achieved counts); ``differs`` tells where the computed figure differs from the printed one.
    """
    for comparison in selectors.published_figure_list(round=round):
        figure = comparison.figure
        computed = comparison.computed
        yield {
            "round": round.key,
            "place": figure.place,
            "kind": figure.kind,
            "strategy": figure.strategy.key if figure.strategy else "",
            "section": figure.section.key if figure.section else "",
            "goal_number": figure.goal.number if figure.goal else "",
            "survey": figure.survey.key if figure.survey else "",
            "label_fi": figure.label_fi or "",
            "label_sv": figure.label_sv or "",
            "published_value": _figure_number(figure.value),
            "computed_value": None if computed is None else _figure_number(computed),
            "computable": comparison.computable,
            "not_recorded": comparison.not_recorded,
            "differs": comparison.differs,
            "note_fi": figure.source_note_fi or "",
            "note_sv": figure.source_note_sv or "",
        }


DATASETS = {
    dataset.key: dataset
    for dataset in (
        Dataset(
            "summary",
            pgettext_lazy("URL", "summary"),
            _("Summary tables: goals, mean rating and achieved goals per strategy and section"),
            SUMMARY_COLUMNS,
            summary_rows,
        ),
        Dataset(
            "goals",
            pgettext_lazy("URL", "goals"),
            _("Ratings of the goals and sub-goals, with their verbal evaluations"),
            GOAL_COLUMNS,
            goal_rows,
        ),
        Dataset(
            "published_figures",
            pgettext_lazy("URL", "published-figures"),
            _("Figures printed in the evaluation document, beside those computed from the ratings"),
            FIGURE_COLUMNS,
            figure_rows,
        ),
        Dataset(
            "actions",
            pgettext_lazy("URL", "actions"),
            _("Actions with their status and progress text per follow-up period"),
            followup_open_data.ACTION_COLUMNS,
            followup_open_data.action_rows,
            round_kinds=("follow_up",),
        ),
        Dataset(
            "indicators",
            pgettext_lazy("URL", "indicators"),
            _("Indicators with their baseline, target levels and values"),
            followup_open_data.INDICATOR_COLUMNS,
            followup_open_data.indicator_rows,
            round_kinds=("follow_up",),
        ),
    )
}
FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@dataclass(frozen=True)
class FileLink:
    dataset: Dataset
    links: list[tuple[str, str]]  # (format, url)


def file_links(*, round: EvaluationRound) -> list[FileLink]:
    """The round's open data files, for the pages that link them."""
    return [
        FileLink(
            dataset=dataset,
            links=[
                (
                    export_format,
                    reverse(
                        f"evaluations:open_data_{dataset.key}_{export_format}",
                        kwargs={"key": round.key},
                    ),
                )
                for export_format in FORMATS
            ],
        )
        for dataset in DATASETS.values()
        if round.kind in dataset.round_kinds
    ]


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    # Decimal writes as 3.83, with a point; a text that looks like a formula gets a ' in front
    # (CSV files are opened in spreadsheets). JSON keeps every text as it is.
    return spreadsheet_safe(value)


def render_csv(dataset: Dataset, rows: Iterator[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=dataset.columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _csv_value(row[key]) for key in dataset.columns})
    return out.getvalue()


class _JSONEncoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, Decimal):
            # A number in the JSON, not a string (a mean: 3.83).
            return float(o)
        return super().default(o)


def render_json(dataset: Dataset, rows: Iterator[dict], *, round: EvaluationRound) -> str:
    document = {
        "dataset": dataset.key,
        "round": {
            "key": round.key,
            "name_fi": round.name_fi,
            "name_sv": round.name_sv or "",
            "summary_date": round.summary_date.isoformat() if round.summary_date else None,
            **followup_open_data.round_fields(round),
        },
        "columns": list(dataset.columns),
        "rows": [{key: row[key] for key in dataset.columns} for row in rows],
    }
    return json.dumps(document, cls=_JSONEncoder, ensure_ascii=False, indent=1)


def render(dataset: Dataset, export_format: str, *, round: EvaluationRound, request=None) -> str:
    rows = dataset.rows(round=round, request=request)
    if export_format == "csv":
        return render_csv(dataset, rows)
    return render_json(dataset, rows, round=round)
