"""The workflow's views shared by both kinds of work: the assignment as its viewer may see it,
what the form pages show of the workflow, and one POST view per decision (approve, return,
reopen)."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from evaluations.models import Assignment
from evaluations.workflow import permissions, services
from evaluations.workflow.forms import DecisionForm, SpreadsheetUploadForm
from evaluations.workflow.selectors import assignment_queryset


def _assignment_for(request, pk) -> Assignment:
    assignment = get_object_or_404(assignment_queryset(viewer=request.user), pk=pk)
    if not permissions.can_view(request.user, assignment):
        raise PermissionDenied(_("This section is not assigned to you."))
    return assignment


def workflow_context(request, assignment: Assignment, *, decision_form) -> dict:
    """What the rating form and a unit's follow-up form both show of the workflow: whether the
    person may edit (and if not, why), decide or reopen, and the spreadsheet upload."""
    can_edit = permissions.can_edit(request.user, assignment)
    return {
        "decision_form": decision_form,
        "can_edit": can_edit,
        "edit_refusal": "" if can_edit else services.edit_refusal(assignment),
        "can_decide": permissions.can_decide(request.user, assignment),
        "can_reopen": permissions.can_reopen(request.user, assignment),
        "upload_form": SpreadsheetUploadForm(),
    }


DECISION_MESSAGES = {
    # (section / unit): what the person who decided is told
    "approve": (
        gettext_lazy("The section was approved."),
        gettext_lazy("The unit's update was approved."),
    ),
    "return": (
        gettext_lazy("The section was returned to the officials."),
        gettext_lazy("The unit's update was returned to the officials."),
    ),
    "reopen": (
        gettext_lazy("The section was reopened for changes."),
        gettext_lazy("The unit's update was reopened for changes."),
    ),
}


# The page of each kind of work (a section's rating form, a unit's follow-up form), shown
# again with a decision that did not pass; each kind registers its own (``register_page``).
_PAGES: dict[bool, Callable] = {}


def register_page(*, follow_up: bool, page: Callable) -> None:
    """``page(request, assignment, *, decision_form, status)`` renders the kind's form page."""
    _PAGES[follow_up] = page


class Decision(View):
    """Approve, return or reopen a section's ratings or a unit's update: one view per decision,
    the same for both kinds. The service asks whether the person may (``permissions``)."""

    http_method_names = ["post"]
    decision = ""

    def decide(self, *, assignment: Assignment, user, comment: str) -> None:
        raise NotImplementedError

    def post(self, request, pk):
        assignment = _assignment_for(request, pk)
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                self.decide(
                    assignment=assignment, user=request.user, comment=form.cleaned_data["comment"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                kind = 1 if assignment.is_follow_up else 0
                messages.success(request, DECISION_MESSAGES[self.decision][kind])
                return redirect(assignment)
        page = _PAGES[assignment.is_follow_up]
        return page(request, assignment, decision_form=form, status=400)


class Approve(Decision):
    decision = "approve"

    def decide(self, *, assignment, user, comment):
        services.assignment_approve(assignment=assignment, user=user)


class Return(Decision):
    decision = "return"

    def decide(self, *, assignment, user, comment):
        services.assignment_return(assignment=assignment, user=user, comment=comment)


class Reopen(Decision):
    decision = "reopen"

    def decide(self, *, assignment, user, comment):
        services.assignment_reopen(assignment=assignment, user=user, comment=comment)
