from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.utils.translation import get_language, gettext

from evaluations.followup import public as progress
from evaluations.models import Rating, RoundKind, Score
from evaluations.open_data import evaluation as open_data
from evaluations.rating.selectors import goal_history_for_user
from evaluations.summaries import ratings as evaluation_selectors
from luvn.charts import distribution_rows, distribution_svg
from luvn.page_cache import cache_public_page
from luvn.translation import localized
from luvn.translation_sources import TARGET, translation_outdated_mark
from municipalities import selectors as survey_selectors
from strategy import selectors
from strategy.filters import GoalFilter
from strategy.models import Goal, Strategy
from strategy.progress_views import goal_progress_context
from strategy.tables import GoalTable, GoalTableExport


@cache_public_page
def home(request):
    rounds = list(evaluation_selectors.round_list(kind=None).prefetch_related("surveys"))
    return render(
        request,
        "strategy/home.html",
        {
            "strategies": selectors.strategy_list(),
            # Evaluation rounds (their surveys linked from each card), and the follow-up rounds
            # of strategies followed during their term: one query for both.
            "rounds": [r for r in rounds if r.kind == RoundKind.EVALUATION],
            "followup_rounds": [r for r in rounds if r.kind == RoundKind.FOLLOW_UP],
            # Practice surveys whose results are public (municipalities/selectors.py).
            "practice_surveys": survey_selectors.survey_list_practice_public(),
        },
    )


@cache_public_page
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
        # Followed during its term: link the progress dashboard.
        "has_progress": progress.followed_goals(strategy=strategy).exists(),
        "round": round_,
        "rounds": rounds,
        "nodes": nodes,
        "score_choices": Score.choices,
    }
    if round_ is not None:
        goal_totals = {}
        summaries, total = evaluation_selectors.strategy_summaries(
            round=round_, strategy=strategy, goals_out=goal_totals
        )
        goals = [goal for node in nodes for goal in node.section.goals.all()]
        ratings = evaluation_selectors.rating_map(round=round_, goals=goals)
        evaluated = evaluation_selectors.section_ids_evaluated(round=round_)
        for node in nodes:
            node.summary = summaries[node.section.pk]
            node.not_evaluated = node.section.pk not in evaluated
            for goal in node.section.goals.all():
                goal.rating = ratings.get(("goal", goal.pk))
                for sub_goal in goal.sub_goals.all():
                    sub_goal.rating = ratings.get(("sub", sub_goal.pk))
        title = gettext("Distribution of ratings: %(name)s") % {
            "name": localized(strategy, "name").text
        }
        context.update(
            {
                "total": total,
                "summary_rows": [n for n in nodes if n.depth == 0],
                "chart": distribution_svg(total.distribution, title=title),
                "chart_text": distribution_rows(total.distribution),
                "open_data_files": open_data.file_links(round=round_),
                "published_figures": evaluation_selectors.published_figure_list(
                    round=round_,
                    strategy=strategy,
                    precomputed=evaluation_selectors.Precomputed(
                        sections=summaries, totals={strategy.pk: total}, goals=goal_totals
                    ),
                ),
            }
        )
    if get_language() == TARGET:
        # Swedish texts saved against an older Finnish show "may be outdated" (one query).
        goals = [goal for node in nodes for goal in node.section.goals.all()]
        translation_outdated_mark(
            objects=[
                strategy,
                *(node.section for node in nodes),
                *goals,
                *(sub for goal in goals for sub in goal.sub_goals.all()),
                *(getattr(item, "rating", None) for item in goals),
                *(getattr(sub, "rating", None) for g in goals for sub in g.sub_goals.all()),
            ]
        )
    return render(request, "strategy/strategy_detail.html", context)


@cache_public_page
def goal_detail(request, pk):
    goal = get_object_or_404(
        Goal.objects.select_related("section__strategy").prefetch_related("sub_goals"), pk=pk
    )
    ratings = (
        Rating.objects.public()
        .filter(goal=goal)
        .select_related("round")
        .order_by("-round__summary_date")
    )
    sub_goal_ratings = (
        Rating.objects.public()
        .filter(sub_goal__goal=goal)
        .select_related("round", "sub_goal")
        .order_by("-round__summary_date", "sub_goal__order")
    )
    ratings, sub_goal_ratings = list(ratings), list(sub_goal_ratings)
    if get_language() == TARGET:
        # Swedish texts saved against an older Finnish show "may be outdated" (one query).
        translation_outdated_mark(
            objects=[goal, goal.section, *goal.sub_goals.all(), *ratings, *sub_goal_ratings]
        )
    return render(
        request,
        "strategy/goal_detail.html",
        {
            "goal": goal,
            "ratings": ratings,
            "sub_goal_ratings": sub_goal_ratings,
            "score_choices": Score.choices,
            # Officials, approvers and administrators also see how the ratings changed.
            "histories": goal_history_for_user(user=request.user, goal=goal),
            # Its actions and indicators, with their public follow-up.
            **goal_progress_context(goal=goal),
        },
    )


@cache_public_page
def goal_list(request):
    """Every goal of a round's strategies with its public rating: filter, sort, page, export."""
    rounds = list(evaluation_selectors.round_list())
    round_key = request.GET.get("round")
    if round_key:
        round_ = next((r for r in rounds if r.key == round_key), None)
        if round_ is None:
            raise Http404
    else:
        round_ = rounds[0] if rounds else None
    strategies = round_.strategies.all() if round_ else selectors.strategy_list()
    follow_up_filters = ("action_status", "indicator_state")
    if round_ is not None and any(request.GET.get(name) for name in follow_up_filters):
        # Follow-up filters: also the strategies followed during their term (not yet rated).
        strategies = selectors.strategy_list().filter(
            Q(pk__in=strategies) | Q(pk__in=progress.followed_strategy_ids())
        )
    sections = selectors.section_outline(strategies=strategies)
    goals = selectors.goal_list(round=round_, sections=sections)

    data = request.GET.copy()
    if round_ is not None:
        data["round"] = round_.key
    filterset = GoalFilter(data, goals, round=round_, rounds=rounds, sections=sections)
    valid = filterset.is_valid()
    table = GoalTable(filterset.qs if valid else goals.none(), request=request)
    # Only the table's own columns, ascending or descending: anything else is ignored.
    sort = request.GET.get(table.order_by_field, "")
    if sort.removeprefix("-") in table.columns.names():
        table.order_by = sort

    export_format = request.GET.get("_export")
    if export_format is not None:
        if not (valid and GoalTableExport.is_valid_format(export_format)):
            raise Http404
        name = slugify(gettext("goals"))
        filename = f"{name}-{round_.key}.{export_format}" if round_ else f"{name}.{export_format}"
        exporter = GoalTableExport(
            export_format, table, dataset_kwargs={"title": gettext("Goals")[:31]}
        )
        return exporter.response(filename=filename)

    try:
        table.paginate(page=request.GET.get("page", 1))
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404 from error
    context = {
        "round": round_,
        "rounds": rounds,
        "filterset": filterset,
        "table": table,
        "score_choices": Score.choices,
        "is_filtered": any(
            filterset.form.cleaned_data.get(name) not in (None, "")
            for name in filterset.filters
            if name != "round"
        )
        if valid
        else True,
    }
    return render(request, "strategy/goal_list.html", context, status=200 if valid else 400)
