"""The on-track computation of indicators (strategy/indicators.py)."""

from datetime import date
from decimal import Decimal as D

import pytest

from strategy.indicators import (
    Point,
    TrackState,
    period_label,
    target_path_points,
    target_path_value,
    track_state,
)

BASELINE = Point(date(2024, 12, 31), D("10"))
TARGETS = [Point(date(2026, 12, 31), D("20")), Point(date(2028, 12, 31), D("40"))]


def test_path_interpolates_linearly_by_date_between_baseline_and_targets():
    points = target_path_points(baseline=BASELINE, targets=TARGETS)
    # 2025-12-31 is 365 of the 730 days between the baseline and the first target.
    assert target_path_value(points, date(2025, 12, 31)) == D("15")
    assert target_path_value(points, date(2026, 12, 31)) == D("20")
    # Between the two targets: halfway (731 days; 365 days in) is just under 30.
    halfway = target_path_value(points, date(2027, 12, 31))
    assert D("29.9") < halfway < D("30")


def test_path_is_flat_before_the_first_and_after_the_last_point():
    points = target_path_points(baseline=BASELINE, targets=TARGETS)
    assert target_path_value(points, date(2020, 1, 1)) == D("10")
    assert target_path_value(points, date(2031, 1, 1)) == D("40")
    assert target_path_value([], date(2031, 1, 1)) is None


@pytest.mark.parametrize(
    ("direction", "value", "expected"),
    [
        ("increase", "15", TrackState.ON_TRACK),  # on the path
        ("increase", "14.9", TrackState.OFF_TRACK),
        ("decrease", "15", TrackState.ON_TRACK),
        ("decrease", "15.1", TrackState.OFF_TRACK),
    ],
)
def test_direction_decides_which_side_of_the_path_is_on_track(direction, value, expected):
    targets = TARGETS if direction == "increase" else [Point(date(2026, 12, 31), D("20"))]
    if direction == "decrease":
        # A decreasing indicator: from 20 down to 10 over the same two years.
        baseline = Point(date(2024, 12, 31), D("20"))
        targets = [Point(date(2026, 12, 31), D("10"))]
    else:
        baseline = BASELINE
    latest = Point(date(2025, 12, 31), D(value))
    state = track_state(direction=direction, latest=latest, baseline=baseline, targets=targets)
    assert state == expected


def test_range_is_on_track_only_inside_the_range():
    kwargs = {"direction": "range", "baseline": None, "targets": []}
    inside = Point(date(2025, 12, 31), D("5"))
    outside = Point(date(2025, 12, 31), D("8.01"))
    assert track_state(latest=inside, range_low=D("2"), range_high=D("8"), **kwargs) == (
        TrackState.ON_TRACK
    )
    assert track_state(latest=outside, range_low=D("2"), range_high=D("8"), **kwargs) == (
        TrackState.OFF_TRACK
    )


def test_no_value_is_no_data_and_no_target_is_said_so():
    assert (
        track_state(direction="increase", latest=None, baseline=BASELINE, targets=TARGETS)
        == TrackState.NO_DATA
    )
    latest = Point(date(2025, 12, 31), D("15"))
    assert (
        track_state(direction="increase", latest=latest, baseline=BASELINE, targets=[])
        == TrackState.NO_TARGET
    )


def test_without_baseline_the_first_target_applies_before_its_date():
    latest = Point(date(2025, 12, 31), D("19"))
    assert (
        track_state(direction="increase", latest=latest, baseline=None, targets=TARGETS)
        == TrackState.OFF_TRACK
    )


@pytest.mark.parametrize(
    ("day", "resolution", "label"),
    [
        (date(2025, 12, 31), "year", "2025"),
        (date(2026, 6, 30), "half_year", "1–6/2026"),
        (date(2026, 12, 31), "half_year", "7–12/2026"),
        (date(2026, 3, 31), "month", "3/2026"),
    ],
)
def test_period_labels_use_finnish_notation(day, resolution, label):
    assert period_label(day, resolution) == label
