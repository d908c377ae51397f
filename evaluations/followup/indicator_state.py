"""Reads of follow-up data: the latest action updates and the indicators' state.

Callers pass the querysets that decide visibility (``ActionUpdate.objects.public()`` for public
pages, all updates of a round for its owners), so one computation serves the public pages, the
update form, the reports and open data. The number of queries does not grow with the number
of actions, indicators or values.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from evaluations.models import ActionUpdate, IndicatorValue
from strategy.indicators import Point, TrackState, target_path_points, track_state
from strategy.models import Indicator, IndicatorTarget


@dataclass
class IndicatorState:
    """An indicator with its visible values, target path and computed on-track state."""

    indicator: Indicator
    values: list[IndicatorValue] = field(default_factory=list)  # date order
    targets: list[Point] = field(default_factory=list)

    @property
    def baseline(self) -> Point | None:
        ind = self.indicator
        if ind.baseline_date is None or ind.baseline_value is None:
            return None
        return Point(ind.baseline_date, ind.baseline_value)

    @property
    def latest(self) -> IndicatorValue | None:
        return self.values[-1] if self.values else None

    @property
    def path(self) -> list[Point]:
        return target_path_points(baseline=self.baseline, targets=self.targets)

    @property
    def next_target(self) -> Point | None:
        """The first target after the latest value (or the first target when no value)."""
        after = self.latest.date if self.latest else date.min
        return next((t for t in self.targets if t.date > after), None) or (
            self.targets[-1] if self.targets else None
        )

    @property
    def state(self) -> TrackState:
        latest = self.latest
        return track_state(
            direction=self.indicator.direction,
            latest=Point(latest.date, latest.value) if latest else None,
            baseline=self.baseline,
            targets=self.targets,
            range_low=self.indicator.range_low,
            range_high=self.indicator.range_high,
        )


def indicator_states(
    *,
    indicators: Iterable[Indicator],
    values: QuerySet[IndicatorValue],
    up_to: date | None = None,
) -> list[IndicatorState]:
    """Each indicator with those of ``values`` that belong to it (up to ``up_to``, the end of a
    chosen follow-up period) and its targets: two queries whatever the numbers."""
    indicators = list(indicators)
    by_pk = {ind.pk: IndicatorState(indicator=ind) for ind in indicators}
    if not by_pk:
        return []
    selected = values.filter(indicator_id__in=by_pk).select_related("round").order_by("date")
    if up_to is not None:
        selected = selected.filter(date__lte=up_to)
    for value in selected:
        by_pk[value.indicator_id].values.append(value)
    for target in IndicatorTarget.objects.filter(indicator_id__in=by_pk).order_by("date"):
        by_pk[target.indicator_id].targets.append(Point(target.date, Decimal(target.value)))
    return [by_pk[ind.pk] for ind in indicators]


def action_updates_by_action(
    *, updates: QuerySet[ActionUpdate], action_ids: Iterable[int]
) -> dict[int, list[ActionUpdate]]:
    """Each action's updates among ``updates``, oldest period first: one query."""
    result: dict[int, list[ActionUpdate]] = defaultdict(list)
    selected = (
        updates.filter(action_id__in=list(action_ids))
        .select_related("round")
        .order_by("round__period_end", "round__pk")
    )
    for update in selected:
        result[update.action_id].append(update)
    return dict(result)
