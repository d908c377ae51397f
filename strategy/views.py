from django.http import Http404
from django.shortcuts import get_object_or_404, render

from evaluations import selectors as evaluation_selectors
from evaluations.models import Rating, RoundState, Score
from strategy import selectors
from strategy.models import Goal, Strategy


def home(request):
    return render(
        request,
        "strategy/home.html",
        {
            "strategies": selectors.strategy_list(),
            "rounds": evaluation_selectors.round_list(),
        },
    )


def strategy_detail(request, key):
    strategy = get_object_or_404(Strategy, key=key)
    rounds = evaluation_selectors.round_list().filter(strategies=strategy)
    round_key = request.GET.get("round")
    if round_key:
        round_ = rounds.filter(key=round_key).first()
        if round_ is None:
            raise Http404
    else:
        round_ = rounds.first()
    tree = selectors.strategy_tree(strategy=strategy)
    nodes = selectors.flatten(tree)
    context = {
        "strategy": strategy,
        "round": round_,
        "rounds": rounds,
        "nodes": nodes,
        "score_choices": Score.choices,
    }
    if round_ is not None:
        summaries, total = evaluation_selectors.strategy_summaries(round=round_, strategy=strategy)
        goals = [goal for node in nodes for goal in node.section.goals.all()]
        ratings = evaluation_selectors.rating_map(round=round_, goals=goals)
        for node in nodes:
            node.summary = summaries[node.section.pk]
            for goal in node.section.goals.all():
                goal.rating = ratings.get(("goal", goal.pk))
                for sub_goal in goal.sub_goals.all():
                    sub_goal.rating = ratings.get(("sub", sub_goal.pk))
        context.update({"total": total, "summary_rows": [n for n in nodes if n.depth == 0]})
    return render(request, "strategy/strategy_detail.html", context)


def goal_detail(request, pk):
    goal = get_object_or_404(
        Goal.objects.select_related("section__strategy").prefetch_related("sub_goals"), pk=pk
    )
    ratings = (
        Rating.objects.filter(round__state=RoundState.PUBLISHED, goal=goal)
        .select_related("round")
        .order_by("-round__summary_date")
    )
    sub_goal_ratings = (
        Rating.objects.filter(round__state=RoundState.PUBLISHED, sub_goal__goal=goal)
        .select_related("round", "sub_goal")
        .order_by("-round__summary_date", "sub_goal__order")
    )
    return render(
        request,
        "strategy/goal_detail.html",
        {"goal": goal, "ratings": ratings, "sub_goal_ratings": sub_goal_ratings},
    )
