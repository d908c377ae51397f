from django.shortcuts import get_object_or_404, render

from evaluations import selectors
from evaluations.models import RoundState


def round_detail(request, key):
    round_ = get_object_or_404(selectors.round_list().filter(state=RoundState.PUBLISHED), key=key)
    strategies = round_.strategies.all()
    totals = selectors.strategy_totals(round=round_, strategies=strategies)
    rows = [(strategy, totals[strategy.pk]) for strategy in strategies]
    context = {"round": round_, "rows": rows, "surveys": round_.surveys.all()}
    return render(request, "evaluations/round_detail.html", context)
