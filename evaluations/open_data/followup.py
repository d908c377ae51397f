"""The follow-up datasets of the open data (``evaluations/open_data/evaluation.py``): row
iterators of actions with their statuses per period and of indicators with their baseline,
targets and values.

Public data only (approved updates and values of published follow-up rounds), up to the
period of the round the file belongs to. ``practice`` is true on every row whose status or value
comes from a practice round: such figures are not real.
"""

from collections.abc import Iterator
from decimal import Decimal

from evaluations.followup import public as progress
from evaluations.models import EvaluationRound, RoundKind
from strategy.indicators import Point, period_label, target_path_value, track_state

PATH_PLACES = Decimal("0.0001")


def round_fields(round: EvaluationRound) -> dict:
    """Extra fields of the JSON file's round block for a follow-up round."""
    if round.kind != RoundKind.FOLLOW_UP:
        return {}
    return {
        "kind": round.kind,
        "period_start": round.period_start.isoformat() if round.period_start else None,
        "period_end": round.period_end.isoformat() if round.period_end else None,
        "is_practice": round.is_practice,
    }


def _goals(round: EvaluationRound):
    goals = progress.followed_goals()
    strategies = list(round.strategies.all())
    if strategies:
        goals = goals.filter(section__strategy__in=strategies)
    return list(goals)


def _url(path: str, request) -> str:
    return request.build_absolute_uri(path) if request else path


ACTION_COLUMNS = (
    "round",
    "strategy",
    "goal_id",
    "goal_number",
    "sub_goal_number",
    "action_id",
    "action_kind",
    "unit",
    "title_fi",
    "title_sv",
    "planned_start",
    "planned_end",
    "period_round",
    "period_start",
    "period_end",
    "practice",
    "status",
    "progress_fi",
    "progress_sv",
    "url",
)


def action_rows(*, round: EvaluationRound, request=None) -> Iterator[dict]:
    """Per action, one row per period with a public update (oldest first); an action without
    any has one row with an empty period and status (not recorded)."""
    goals = _goals(round)
    by_goal = progress.goals_progress(goals=goals, up_to=round)
    for goal in goals:
        for entry in by_goal[goal.pk].actions:
            action = entry.action
            base = {
                "round": round.key,
                "strategy": goal.section.strategy.key,
                "goal_id": goal.pk,
                "goal_number": goal.number,
                "sub_goal_number": action.sub_goal.number if action.sub_goal else "",
                "action_id": action.pk,
                "action_kind": action.kind,
                "unit": action.unit.key,
                "title_fi": action.title_fi or "",
                "title_sv": action.title_sv or "",
                "planned_start": action.planned_start.isoformat() if action.planned_start else "",
                "planned_end": action.planned_end.isoformat() if action.planned_end else "",
                "url": _url(goal.get_absolute_url(), request),
            }
            if not entry.updates:
                yield {
                    **base,
                    "period_round": "",
                    "period_start": "",
                    "period_end": "",
                    "practice": False,
                    "status": "",
                    "progress_fi": "",
                    "progress_sv": "",
                }
            for update in entry.updates:
                period = update.round
                yield {
                    **base,
                    "period_round": period.key,
                    "period_start": period.period_start.isoformat() if period.period_start else "",
                    "period_end": period.period_end.isoformat() if period.period_end else "",
                    "practice": period.is_practice,
                    "status": update.status,
                    "progress_fi": update.progress_fi or "",
                    "progress_sv": update.progress_sv or "",
                }


INDICATOR_COLUMNS = (
    "round",
    "indicator",
    "name_fi",
    "name_sv",
    "unit_of_measure_fi",
    "unit_of_measure_sv",
    "direction",
    "range_low",
    "range_high",
    "decimals",
    "goal_ids",
    "row",
    "date",
    "period",
    "value",
    "target_path",
    "on_track",
    "value_round",
    "practice",
    "source",
    "source_url",
    "url",
)


def indicator_rows(*, round: EvaluationRound, request=None) -> Iterator[dict]:
    """Per indicator: its baseline, its target levels, then its public values up to the round's
    period, each value with the target path at its date and whether it was on track then."""
    goals = _goals(round)
    by_goal = progress.goals_progress(goals=goals, up_to=round)
    seen = set()
    for goal in goals:
        for state in by_goal[goal.pk].indicators:
            indicator = state.indicator
            if indicator.pk in seen:
                continue
            seen.add(indicator.pk)
            path = state.path
            base = {
                "round": round.key,
                "indicator": indicator.key,
                "name_fi": indicator.name_fi,
                "name_sv": indicator.name_sv or "",
                "unit_of_measure_fi": indicator.unit_of_measure_fi or "",
                "unit_of_measure_sv": indicator.unit_of_measure_sv or "",
                "direction": indicator.direction,
                "range_low": indicator.range_low,
                "range_high": indicator.range_high,
                "decimals": indicator.decimals,
                "goal_ids": ";".join(str(g.pk) for g in indicator.goals.all()),
                "source": indicator.source_fi or "",
                "source_url": indicator.source_url,
                "url": _url(indicator.get_absolute_url(), request),
            }
            empty = {"target_path": None, "on_track": "", "value_round": "", "practice": False}

            def point_row(kind, point, base=base, empty=empty, indicator=indicator):
                return {
                    **base,
                    **empty,
                    "row": kind,
                    "date": point.date.isoformat(),
                    "period": period_label(point.date, indicator.time_resolution),
                    "value": point.value,
                }

            if state.baseline:
                yield point_row("baseline", state.baseline)
            for target in state.targets:
                yield point_row("target", target)
            for value in state.values:
                expected = target_path_value(path, value.date)
                on_track = track_state(
                    direction=indicator.direction,
                    latest=Point(value.date, value.value),
                    baseline=state.baseline,
                    targets=state.targets,
                    range_low=indicator.range_low,
                    range_high=indicator.range_high,
                )
                yield {
                    **point_row("value", Point(value.date, value.value)),
                    "target_path": expected.quantize(PATH_PLACES) if expected is not None else None,
                    "on_track": on_track.value,
                    "value_round": value.round.key,
                    "practice": value.round.is_practice,
                }
