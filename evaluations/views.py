from django.shortcuts import get_object_or_404, render

from evaluations import selectors
from evaluations.models import RoundState


def round_detail(request, key):
    round_ = get_object_or_404(selectors.round_list().filter(state=RoundState.PUBLISHED), key=key)
    rows = []
    for strategy in round_.strategies.all():
        _sections, total = selectors.strategy_summaries(round=round_, strategy=strategy)
        rows.append((strategy, total))
    context = {"round": round_, "rows": rows, "surveys": round_.surveys.all()}
    return render(request, "evaluations/round_detail.html", context)
