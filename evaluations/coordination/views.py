"""The coordinator's dashboard of a round, and its XLSX export."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from evaluations.coordination.selectors import (
    coordinator_dashboard,
    dashboard_xlsx,
    round_default_for_coordinator,
    round_list_for_coordinator,
)
from evaluations.models import AssignmentState
from evaluations.workflow import permissions


def _dashboard(request):
    if not permissions.can_coordinate(request.user):
        raise PermissionDenied(_("Only administrators see the coordinator's dashboard."))
    rounds = list(round_list_for_coordinator())
    key = request.GET.get("round")
    if key:
        round_ = next((r for r in rounds if r.key == key), None)
        if round_ is None:
            raise Http404
    else:
        round_ = round_default_for_coordinator()
    try:
        strategy_id = int(request.GET.get("strategy") or 0)
    except ValueError:
        strategy_id = 0
    state = request.GET.get("state", "")
    if state not in AssignmentState.values:
        state = ""
    overdue_only = request.GET.get("overdue") == "1"
    dashboard = coordinator_dashboard(
        round=round_, strategy_id=strategy_id, state=state, overdue_only=overdue_only
    )
    filters = {"strategy": strategy_id, "state": state, "overdue": overdue_only}
    return dashboard, rounds, filters


@login_required
def dashboard(request):
    board, rounds, filters = _dashboard(request)
    return render(
        request,
        "evaluations/coordinator/dashboard.html",
        {
            "dashboard": board,
            "rounds": rounds,
            "filters": filters,
            "states": AssignmentState.choices,
            "query": request.GET.urlencode(),
        },
    )


@login_required
def dashboard_export(request):
    board, _rounds, _filters = _dashboard(request)
    if board.round is None:
        raise Http404
    content = dashboard_xlsx(dashboard=board, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"{board.round.key}-tilanne.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
