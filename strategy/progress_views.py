"""Public follow-up pages: a strategy's progress dashboard and an indicator's page.

A goal's (change promise's) own page, ``strategy.views.goal_detail``, shows its actions and
indicators through ``goal_progress_context``. Only approved updates and values of published
follow-up rounds are shown (``evaluations.followup.public``), in a constant number of queries.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from evaluations.followup import public as progress
from evaluations.followup.public import indicator_is_practice
from evaluations.models import EvaluationRound
from luvn.page_cache import cache_public_page
from strategy.models import Goal, Indicator, Strategy


def _chosen_round(request):
    try:
        return progress.followup_round_choice(key=request.GET.get("kausi"))
    except EvaluationRound.DoesNotExist as error:
        raise Http404 from error


@cache_public_page
def progress_dashboard(request, key):
    """Per goal (change promise): actions by status and indicators with their state."""
    strategy = get_object_or_404(Strategy, key=key)
    round_, rounds = _chosen_round(request)
    goals = list(progress.followed_goals(strategy=strategy))
    by_goal = progress.goals_progress(goals=goals, up_to=round_)
    rows = [by_goal[goal.pk] for goal in goals]
    return render(
        request,
        "strategy/progress_dashboard.html",
        {
            "strategy": strategy,
            "round": round_,
            "rounds": rounds,
            "rows": rows,
            "is_practice": any(row.is_practice for row in rows),
        },
    )


def goal_progress_context(*, goal: Goal) -> dict:
    """The goal page's actions (by numbered item, with their history) and indicators."""
    goal_progress = progress.goals_progress(goals=[goal])[goal.pk]
    effects: dict[str, list] = {}
    for state in goal_progress.indicators:
        effects.setdefault(state.indicator.intended_effect or "", []).append(state)
    return {
        "progress": goal_progress,
        "indicator_groups": [
            (states[0].indicator, states)
            for _effect, states in sorted(effects.items(), key=lambda item: item[0] == "")
        ],
    }


@cache_public_page
def indicator_detail(request, key):
    indicator = get_object_or_404(
        Indicator.objects.select_related("unit").prefetch_related("goals__section__strategy"),
        key=key,
    )
    state = progress.indicator_progress(indicator=indicator)
    latest = state.latest
    return render(
        request,
        "strategy/indicator_detail.html",
        {
            "indicator": indicator,
            "state": state,
            "latest": latest,
            "goals": list(indicator.goals.all()),
            "is_practice": indicator_is_practice(state),
            "rows": list(reversed(state.values)),
        },
    )
