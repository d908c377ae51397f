"""Indicator arithmetic: the target path and whether the latest value is on track.

On track is always computed from the values and targets, never stored. The target path is the
line through the baseline and the target levels in date order; between two points it is
interpolated linearly by date, before the first point it is the first point's value and after
the last the last's. An indicator to increase is on track when its latest value is at or above
the path at that value's date; one to decrease when at or below; one kept within a range when
the value is within the range (the path does not matter then).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise

from django.db import models
from django.utils.translation import gettext_lazy as _

from strategy.models import Direction, TimeResolution


class TrackState(models.TextChoices):
    ON_TRACK = "on_track", _("on track")
    OFF_TRACK = "off_track", _("off track")
    NO_TARGET = "no_target", _("no target set")
    NO_DATA = "no_data", _("no data yet")


@dataclass(frozen=True)
class Point:
    date: date
    value: Decimal


def target_path_points(*, baseline: Point | None, targets: Iterable[Point]) -> list[Point]:
    """The baseline and targets as one date-ordered list of points (a target on the baseline's
    date replaces it)."""
    points = {p.date: p for p in ([baseline] if baseline else [])}
    points.update({p.date: p for p in targets})
    return [points[d] for d in sorted(points)]


def target_path_value(points: list[Point], at: date) -> Decimal | None:
    """The target path's value at ``at``; None when there is no point at all."""
    if not points:
        return None
    if at <= points[0].date:
        return points[0].value
    for before, after in pairwise(points):
        if at <= after.date:
            span = (after.date - before.date).days
            share = Decimal((at - before.date).days) / Decimal(span)
            return before.value + (after.value - before.value) * share
    return points[-1].value


def track_state(
    *,
    direction: str,
    latest: Point | None,
    baseline: Point | None,
    targets: Iterable[Point],
    range_low: Decimal | None = None,
    range_high: Decimal | None = None,
) -> TrackState:
    """Whether ``latest`` is on track for an indicator with these targets."""
    if latest is None:
        return TrackState.NO_DATA
    if direction == Direction.RANGE:
        if range_low is None or range_high is None:
            return TrackState.NO_TARGET
        inside = range_low <= latest.value <= range_high
        return TrackState.ON_TRACK if inside else TrackState.OFF_TRACK
    targets = list(targets)
    if not targets:
        return TrackState.NO_TARGET
    expected = target_path_value(
        target_path_points(baseline=baseline, targets=targets), latest.date
    )
    below = latest.value <= expected
    good = below if direction == Direction.DECREASE else latest.value >= expected
    return TrackState.ON_TRACK if good else TrackState.OFF_TRACK


def period_label(day: date, resolution: str) -> str:
    """A period named by its last day, in Finnish notation in both languages.

    For example 2025, 1–6/2026 or 3/2026.
    """
    if resolution == TimeResolution.YEAR:
        return str(day.year)
    if resolution == TimeResolution.HALF_YEAR:
        half = "1–6" if day.month <= 6 else "7–12"
        return f"{half}/{day.year}"
    if resolution == TimeResolution.MONTH:
        return f"{day.month}/{day.year}"
    return f"{day.day}.{day.month}.{day.year}"
