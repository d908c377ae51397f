"""The public goal list as a django-tables2 table, and its CSV and XLSX export.

The table reads the annotations and prefetches of ``strategy.selectors.goal_list``: sorting
happens in SQL, and a page of rows costs the same few queries however long the list is.
"""

from decimal import Decimal

import django_tables2 as tables
from django.db.models import Case, F, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django_tables2.export import TableExport
from tablib import Dataset

from evaluations.models import Achieved
from evaluations.templatetags.rating_tags import score_mark
from luvn import stats
from luvn.formatting import format_number
from luvn.spreadsheet import spreadsheet_safe
from luvn.templatetags.luvn import tr
from luvn.translation import localized

ACHIEVED_ORDER = {value: position for position, value in enumerate(Achieved.values)}


def _own_rating(goal):
    ratings = getattr(goal, "public_ratings", [])
    return ratings[0] if goal.is_rated and ratings else None


def _sub_goal_ratings(goal):
    """(sub-goal, rating) for each sub-goal rated on its own that has a public rating."""
    return [
        (sub_goal, sub_goal.public_ratings[0])
        for sub_goal in getattr(goal, "rated_sub_goals", [])
        if sub_goal.public_ratings
    ]


def _sub_goal_mean(goal) -> Decimal | None:
    # Tentative ratings are shown but not counted (evaluations.summaries.ratings.rating_counts).
    return stats.mean(
        [
            rating.score
            for _sub_goal, rating in _sub_goal_ratings(goal)
            if rating.score is not None and not rating.is_tentative
        ]
    )


def _localized_name_order(field: str):
    """Order by a content column as shown: the UI language's text, else the Finnish one."""
    language = (get_language() or "fi")[:2]
    shown = F(f"{field}_{language}")
    if language == "fi":
        return shown
    return Coalesce(NullIf(shown, Value("")), F(f"{field}_fi"))


class GoalTable(tables.Table):
    """Goals with their rating in one round. Columns marked ``visible=False`` are export-only."""

    goal = tables.Column(
        verbose_name=_("Goal"), accessor="title", order_by=("section_position", "order", "pk")
    )
    strategy = tables.Column(verbose_name=_("Strategy"), accessor="section__strategy")
    section = tables.Column(verbose_name=_("Section"), accessor="section")
    achieved = tables.Column(verbose_name=_("Achieved?"), accessor="rating_achieved")
    rating = tables.Column(
        verbose_name=_("Rating (1–5)"), accessor="rating_score", attrs={"td": {"class": "rating"}}
    )
    # Export only: the same facts as plain values, one per column.
    number = tables.Column(verbose_name=_("Number"), accessor="number", visible=False)
    rated_as = tables.Column(
        verbose_name=_("Rated"), accessor="is_rated", visible=False, orderable=False
    )
    sub_goal_ratings = tables.Column(
        verbose_name=_("Sub-goal ratings"), accessor="pk", visible=False, orderable=False
    )
    sub_goal_mean = tables.Column(
        verbose_name=_("Mean of the sub-goal ratings"),
        accessor="pk",
        visible=False,
        orderable=False,
    )
    verbal_evaluation = tables.Column(
        verbose_name=_("Verbal evaluation"), accessor="pk", visible=False, orderable=False
    )
    address = tables.Column(
        verbose_name=_("Address"), accessor="pk", visible=False, orderable=False
    )

    # The export's column order: identifying columns first, as in the evaluation summary.
    export_sequence = (
        "strategy",
        "section",
        "number",
        "goal",
        "rated_as",
        "rating",
        "sub_goal_ratings",
        "sub_goal_mean",
        "achieved",
        "verbal_evaluation",
        "address",
    )

    class Meta:
        template_name = "strategy/_goal_table.html"
        per_page = 25
        order_by_field = "sort"
        empty_text = _("No goals match the filters.")
        # Every cell decides itself how an empty value looks.
        default = ""

    # Rendering in the page ------------------------------------------------------------------
    def render_goal(self, record):
        number = format_html("{} ", record.number) if record.number else ""
        return format_html(
            '<a href="{}">{}{}</a>', record.get_absolute_url(), number, tr(record, "title")
        )

    def render_strategy(self, value):
        return tr(value, "name")

    def render_section(self, value):
        number = format_html("{} ", value.number) if value.number else ""
        return format_html("{}{}", number, tr(value, "title"))

    def render_achieved(self, record):
        own = _own_rating(record)
        if own and own.achieved:
            return format_html(
                '<span class="achieved achieved-{}">{}</span>',
                own.achieved,
                own.get_achieved_display().capitalize(),
            )
        labels = sorted(
            {rating.get_achieved_display() for _s, rating in _sub_goal_ratings(record)} - {""}
        )
        if labels and not record.is_rated:
            return format_html(
                '<span class="sub-goal-note">{}: {}</span>',
                gettext("Sub-goals"),
                ", ".join(labels),
            )
        return ""

    def render_rating(self, record):
        parts = []
        if record.is_rated:
            own = _own_rating(record)
            parts.append(
                score_mark(
                    own.score if own else None,
                    label_prefix=gettext("Rating"),
                    tentative=bool(own and own.is_tentative),
                )
            )
        sub_ratings = _sub_goal_ratings(record)
        if sub_ratings:
            marks = format_html_join(
                " ",
                "{}",
                ((score_mark(r.score, tentative=r.is_tentative),) for _s, r in sub_ratings),
            )
            note = ""
            if not record.is_rated:
                mean = _sub_goal_mean(record)
                if mean is not None:
                    note = format_html(
                        ' <span class="sub-goal-mean">{}</span>',
                        gettext("mean %(mean)s") % {"mean": format_number(mean, decimals=1)},
                    )
            parts.append(
                format_html(
                    '<span class="sub-goal-ratings">{}: {}{}</span>',
                    gettext("Sub-goals"),
                    marks,
                    note,
                )
            )
        if not parts:
            return score_mark(None)
        return format_html_join(" ", "{}", ((part,) for part in parts))

    # Values in the export -------------------------------------------------------------------
    def value_goal(self, record):
        return localized(record, "title").text

    def value_strategy(self, value):
        return localized(value, "name").text

    def value_section(self, value):
        return " ".join(filter(None, [value.number, localized(value, "title").text]))

    def value_achieved(self, record):
        own = _own_rating(record)
        return own.get_achieved_display() if own and own.achieved else ""

    def value_rating(self, record):
        own = _own_rating(record)
        return own.score if own and own.score is not None else ""

    def value_rated_as(self, record):
        return gettext("as a whole") if record.is_rated else gettext("by sub-goal")

    def value_sub_goal_ratings(self, record):
        return "; ".join(
            str(rating.score) if rating.score is not None else "–"
            for _s, rating in _sub_goal_ratings(record)
        )

    def value_sub_goal_mean(self, record):
        return format_number(_sub_goal_mean(record), decimals=1)

    def value_verbal_evaluation(self, record):
        texts = []
        own = _own_rating(record)
        if own:
            texts.append(localized(own, "verbal_evaluation").text)
        for sub_goal, rating in _sub_goal_ratings(record):
            text = localized(rating, "verbal_evaluation").text
            if text:
                texts.append(f"{localized(sub_goal, 'title').text}: {text}")
        return "\n\n".join(text for text in texts if text)

    def value_address(self, record):
        url = record.get_absolute_url()
        request = getattr(self, "request", None)
        return request.build_absolute_uri(url) if request else url

    # Sorting (in SQL) -----------------------------------------------------------------------
    def _then_reading_order(self, queryset, *expressions):
        return queryset.order_by(*expressions, "section_position", "order", "pk"), True

    def order_strategy(self, queryset, is_descending):
        name = _localized_name_order("section__strategy__name")
        return self._then_reading_order(queryset, name.desc() if is_descending else name.asc())

    def order_section(self, queryset, is_descending):
        title = _localized_name_order("section__title")
        return self._then_reading_order(queryset, title.desc() if is_descending else title.asc())

    def order_rating(self, queryset, is_descending):
        score = F("rating_score")
        # Unrated goals last either way: "best first" and "worst first" both mean rated ones.
        key = score.desc(nulls_last=True) if is_descending else score.asc(nulls_last=True)
        return self._then_reading_order(queryset, key)

    def order_achieved(self, queryset, is_descending):
        rank = Case(
            *[When(rating_achieved=value, then=Value(n)) for value, n in ACHIEVED_ORDER.items()],
            default=Value(None),
        )
        key = rank.desc(nulls_last=True) if is_descending else rank.asc(nulls_last=True)
        return self._then_reading_order(queryset, key)


class GoalTableExport(TableExport):
    """django-tables2's export, with formula-looking cells defused and a BOM for Excel's CSV."""

    FORMATS = {
        TableExport.CSV: TableExport.FORMATS[TableExport.CSV],
        TableExport.XLSX: TableExport.FORMATS[TableExport.XLSX],
    }

    @classmethod
    def is_valid_format(cls, export_format):
        return export_format in cls.FORMATS

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        names = [
            column.name
            for column in table.columns.iterall()
            if not (column.column.exclude_from_export or column.name in (exclude_columns or ()))
        ]
        sequence = getattr(table, "export_sequence", names)
        order = [names.index(name) for name in sequence if name in names]
        dataset = Dataset(**(dataset_kwargs or {}))
        rows = table.as_values(exclude_columns=exclude_columns)
        headers = next(rows)
        dataset.headers = [str(headers[i]) for i in order]
        for row in rows:
            dataset.append([spreadsheet_safe(row[i]) for i in order])
        return dataset

    def export(self):
        content = super().export()
        if self.format == TableExport.CSV:
            # Excel opens a CSV as UTF-8 only with a byte order mark; ä and ö need it.
            return "\ufeff" + content
        return content
