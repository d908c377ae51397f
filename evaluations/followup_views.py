"""A published follow-up round's public page and its report; reached through the round's
address (``evaluations.views.round_detail`` and ``round_report`` hand follow-up rounds here)."""

from django.shortcuts import render

from evaluations import open_data, progress
from evaluations.models import EvaluationRound


def followup_round_detail(request, round_: EvaluationRound):
    goals = progress.followed_goals()
    strategies = list(round_.strategies.all())
    if strategies:
        goals = goals.filter(section__strategy__in=strategies)
    goals = list(goals)
    by_goal = progress.goals_progress(goals=goals, up_to=round_)
    rows = [by_goal[goal.pk] for goal in goals]
    followed = {}
    for goal in goals:
        followed.setdefault(goal.section.strategy.pk, goal.section.strategy)
    return render(
        request,
        "evaluations/followup_round_detail.html",
        {
            "round": round_,
            "rows": rows,
            "strategies": list(followed.values()),
            "is_practice": round_.is_practice or any(row.is_practice for row in rows),
            "open_data_files": open_data.file_links(round=round_),
        },
    )
