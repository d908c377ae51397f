from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.utils.translation import get_language

from evaluations.followup import public as progress
from evaluations.models import EvaluationRound, FigurePlace, RoundKind, RoundState
from evaluations.open_data import evaluation as open_data
from evaluations.reports import followup as followup_report
from evaluations.summaries import ratings as selectors
from luvn.page_cache import cache_public_page
from luvn.render_once import NotReady


@cache_public_page
def round_detail(request, key):
    round_ = get_object_or_404(
        selectors.round_list(kind=None).filter(state=RoundState.PUBLISHED), key=key
    )
    if round_.kind == RoundKind.FOLLOW_UP:
        return followup_round_detail(request, round_)
    strategies = round_.strategies.all()
    goal_totals = {}
    sections, totals = selectors.section_summaries(
        round=round_, strategies=strategies, goals_out=goal_totals
    )
    rows = [(strategy, totals[strategy.pk]) for strategy in strategies]
    precomputed = selectors.Precomputed(sections=sections, totals=totals, goals=goal_totals)
    evaluated = selectors.strategy_ids_evaluated(round=round_)
    for strategy, _total in rows:
        # No approved section: "not evaluated" rather than zero items and no mean.
        strategy.not_evaluated = strategy.pk not in evaluated
    context = {
        "round": round_,
        "rows": rows,
        "surveys": round_.surveys.all(),
        "open_data_files": open_data.file_links(round=round_),
        "evaluated_figures": [
            comparison
            for comparison in selectors.published_figure_list(round=round_, precomputed=precomputed)
            if comparison.figure.place == FigurePlace.EVALUATED
        ],
    }
    return render(request, "evaluations/round_detail.html", context)


def open_data_index(request):
    """The open data files of every published round."""
    rounds = [(r, open_data.file_links(round=r)) for r in selectors.round_list(kind=None)]
    return render(request, "evaluations/open_data.html", {"rounds": rounds})


def open_data_file(request, key, dataset, export_format):
    round_ = get_object_or_404(selectors.round_list(kind=None), key=key)
    if dataset not in open_data.DATASETS or export_format not in open_data.FORMATS:
        raise Http404
    spec = open_data.DATASETS[dataset]
    if round_.kind not in spec.round_kinds:
        raise Http404
    content = open_data.render(spec, export_format, round=round_, request=request)
    response = HttpResponse(content, content_type=open_data.FORMATS[export_format])
    filename = f"{round_.key}-{spec.slug}.{export_format}"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # Open data: any site may read it from a browser.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def round_report(request, key):
    """The round's evaluation summary as a PDF in the page's language (cached; see report.py)."""
    round_ = get_object_or_404(selectors.round_list(kind=None), key=key)
    language = get_language()
    kind = followup_report.round_report(round_)  # the evaluation summary or the follow-up report
    try:
        pdf = kind.pdf_cached(round=round_, language=language)
    except NotReady as not_ready:
        return report_preparing(request, round_, not_ready)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=kind.filename(round=round_, language=language)
    )
    return response


def report_preparing(request, round_, not_ready: NotReady):
    """Another worker is rendering this report: a "being prepared" page, 503 + Retry-After."""
    response = render(
        request,
        "evaluations/report_preparing.html",
        {"round_title": str(round_), "retry_after": not_ready.retry_after},
        status=503,
    )
    response["Retry-After"] = str(not_ready.retry_after)
    response["Cache-Control"] = "no-store"
    return response


# A published follow-up round's page: reached through the round's address (``round_detail``).
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
