"""The goal list's filter form (django-filter), over ``strategy.selectors.goal_list``."""

import django_filters
from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from evaluations.followup import public as progress
from evaluations.models import Achieved, ActionStatus, EvaluationRound, Score
from luvn.translation import localized
from strategy import selectors
from strategy.indicators import TrackState
from strategy.selectors import SectionNode

SEARCH_MAX_LENGTH = 200


def section_value(node: SectionNode) -> str:
    """A stable value for the section filter: section keys are unique only per strategy."""
    return f"{node.section.strategy.key}.{node.section.key}"


class GoalFilter(django_filters.FilterSet):
    round = django_filters.ChoiceFilter(
        label=_("Evaluation round"), empty_label=None, method="filter_round"
    )
    strategy = django_filters.ChoiceFilter(
        label=_("Strategy"), empty_label=_("All strategies"), method="filter_strategy"
    )
    section = django_filters.ChoiceFilter(
        label=_("Section"), empty_label=_("All sections"), method="filter_section"
    )
    rating = django_filters.ChoiceFilter(
        label=_("Rating (1–5)"),
        empty_label=_("All ratings"),
        choices=[(str(value), str(value)) for value in sorted(Score.values, reverse=True)],
        method="filter_rating",
    )
    achieved = django_filters.ChoiceFilter(
        label=_("Achieved?"),
        empty_label=_("All"),
        choices=[(value, label.capitalize()) for value, label in Achieved.choices],
        method="filter_achieved",
    )
    action_status = django_filters.ChoiceFilter(
        label=_("Action status"),
        empty_label=_("All"),
        choices=[(value, label.capitalize()) for value, label in ActionStatus.choices],
        method="filter_action_status",
    )
    indicator_state = django_filters.ChoiceFilter(
        label=_("Indicator state"),
        empty_label=_("All"),
        choices=[(value, label.capitalize()) for value, label in TrackState.choices],
        method="filter_indicator_state",
    )
    q = django_filters.CharFilter(
        label=_("Goal or number contains"),
        method="filter_search",
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def __init__(
        self,
        data=None,
        queryset=None,
        *,
        round: EvaluationRound | None,
        rounds: list[EvaluationRound],
        sections: list[SectionNode],
        **kwargs,
    ):
        super().__init__(data, queryset, **kwargs)
        self.evaluation_round = round
        self.sections = {section_value(node): node for node in sections}
        self.outline = sections
        self.filters["round"].extra["choices"] = [
            (r.key, localized(r, "name").text) for r in rounds
        ]
        strategies = {}
        for node in sections:
            strategies.setdefault(node.section.strategy.key, node.section.strategy)
        self.strategies = strategies
        self.filters["strategy"].extra["choices"] = [
            (key, localized(strategy, "name").text) for key, strategy in strategies.items()
        ]
        groups = {}
        for node in sections:
            # No-break spaces indent the tree; screen readers do not read them out.
            label = "\u00a0\u00a0" * node.depth + " ".join(
                filter(None, [node.section.number, localized(node.section, "title").text])
            )
            groups.setdefault(node.section.strategy, []).append((section_value(node), label))
        self.filters["section"].extra["choices"] = [
            (localized(strategy, "name").text, options) for strategy, options in groups.items()
        ]
        if self.evaluation_round is None:
            # Nothing rated to filter on while no round is published.
            for name in ("round", "rating", "achieved"):
                del self.filters[name]

    def filter_round(self, queryset, name, value):
        # The round decides which ratings the list shows; the view reads it before filtering.
        return queryset

    def filter_strategy(self, queryset, name, value):
        return queryset.filter(section__strategy=self.strategies[value])

    def filter_section(self, queryset, name, value):
        ids = selectors.section_descendant_ids(
            sections=self.outline, section=self.sections[value].section
        )
        return queryset.filter(section_id__in=ids)

    def filter_rating(self, queryset, name, value):
        return queryset.filter(
            selectors.goal_rating_q(round=self.evaluation_round, score=int(value))
        )

    def filter_achieved(self, queryset, name, value):
        return queryset.filter(
            selectors.goal_achieved_q(round=self.evaluation_round, achieved=value)
        )

    def filter_action_status(self, queryset, name, value):
        # Goals with an action whose latest public status (any follow-up period) is ``value``.
        scope = queryset.values("pk")
        return queryset.filter(progress.goal_action_status_q(status=value, goals=scope))

    def filter_indicator_state(self, queryset, name, value):
        scope = queryset.values("pk")
        return queryset.filter(progress.goal_indicator_state_q(state=value, goals=scope))

    def filter_search(self, queryset, name, value):
        text = value.strip()
        if not text:
            return queryset
        language = (get_language() or "fi")[:2]
        return queryset.filter(selectors.goal_search_q(text=text, language=language))
