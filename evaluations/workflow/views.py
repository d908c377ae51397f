"""The officials' and approvers' pages: My work, a section's rating form, the spreadsheet."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from evaluations.followup import public as progress
from evaluations.followup.selectors import units_for_member
from evaluations.models import Assignment
from evaluations.rating import spreadsheet
from evaluations.rating.forms import DecisionForm, RatingItemForm, SpreadsheetUploadForm
from evaluations.workflow import permissions, services
from evaluations.workflow.selectors import (
    assignment_list_for_user,
    assignment_queryset,
    attach_history,
    block_items,
    goal_blocks,
)
from evaluations.workflow.services import RatingConflict
from luvn.translation_sources import TARGET, outdated_fields, translation_outdated_mark


def _assignment_for(request, pk) -> Assignment:
    assignment = get_object_or_404(assignment_queryset(viewer=request.user), pk=pk)
    if not permissions.can_view(request.user, assignment):
        raise PermissionDenied(_("This section is not assigned to you."))
    return assignment


@login_required
def my_work(request):
    progress = assignment_list_for_user(user=request.user)
    return render(
        request,
        "evaluations/work/my_work.html",
        {
            "progress": progress,
            "can_coordinate": permissions.can_coordinate(request.user),
            "units": units_for_member(user=request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def rate(request, pk):
    assignment = _assignment_for(request, pk)
    if assignment.unit_id is not None:
        return redirect(assignment)  # a unit's follow-up update has a form of its own
    # A save does not need the change history; the form shows it.
    blocks = goal_blocks(assignment=assignment, with_history=request.method == "GET")
    items = block_items(blocks)
    forms, decision_form, status = None, DecisionForm(), 200
    action = request.POST.get("action") if request.method == "POST" else None

    if action in {"save", "submit"}:
        if not permissions.can_edit(request.user, assignment):
            raise PermissionDenied(services.edit_refusal(assignment))
        forms = [RatingItemForm(request.POST, item=item) for item in items]
        valid = [form.is_valid() for form in forms]  # every form, so each shows its errors
        if all(valid):
            inputs = [form.to_input() for form in forms]
            try:
                if action == "save":
                    saved = services.ratings_save(
                        assignment=assignment, user=request.user, inputs=inputs
                    )
                    messages.success(
                        request,
                        _("Draft saved: %(count)s ratings changed.") % {"count": saved},
                    )
                else:
                    services.assignment_submit(
                        assignment=assignment, user=request.user, inputs=inputs, items=items
                    )
                    messages.success(request, _("The section was submitted for approval."))
                return redirect(assignment)
            except RatingConflict as conflict:
                blocks, forms = _conflict_forms(request, assignment, conflict)
                status = 409
            except ValidationError as error:
                by_key = {form.item.key: form for form in forms}
                for key, errors in error.error_dict.items():
                    by_key[key].add_error(None, errors)
                status = 400
        else:
            status = 400
    elif action in {"approve", "return", "reopen"}:
        decision_form, response = decide(request, assignment, action)
        if response is not None:
            return response
        status = 400
    elif request.method == "POST":
        messages.error(request, _("Unknown action."))
        status = 400

    if forms is None:
        forms = [RatingItemForm(item=item) for item in items]
    if request.method == "POST":
        attach_history(blocks, round=assignment.round)
    forms_by_key = {}
    # An official whose Swedish text is older than their Finnish is told so, and a Swedish
    # page marks the section's title (one query; none when there is no Swedish to ask about).
    translation_outdated_mark(
        objects=[
            assignment.section if get_language() == TARGET else None,
            *(form.item.rating for form in forms if form.item.rating),
        ]
    )
    for form in forms:
        form.item.form = form  # the template reaches each item's form through the item
        form.item.swedish_outdated = "verbal_evaluation" in outdated_fields(form.item.rating)
        forms_by_key[form.item.key] = form
    # Beside each goal, the evidence gathered during the term: its actions and indicators.
    progress.attach_evidence(blocks)
    return render(
        request,
        "evaluations/work/rate.html",
        {
            "assignment": assignment,
            "blocks": blocks,
            "forms_by_key": forms_by_key,
            "has_errors": any(form.errors for form in forms),
            "conflicts": [form for form in forms if getattr(form, "conflict", None)],
            **workflow_context(request, assignment, decision_form=decision_form),
        },
        status=status,
    )


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


def decide(request, assignment: Assignment, action: str):
    """Approve, return or reopen a section or a unit's update (the same services serve both).

    Returns the decision form and a redirect when done, or None when the form is to be shown
    again with its errors."""
    decision_form = DecisionForm(request.POST)
    if not decision_form.is_valid():
        return decision_form, None
    comment = decision_form.cleaned_data["comment"]
    try:
        if action == "approve":
            services.assignment_approve(assignment=assignment, user=request.user)
        elif action == "return":
            services.assignment_return(assignment=assignment, user=request.user, comment=comment)
        else:
            services.assignment_reopen(assignment=assignment, user=request.user, comment=comment)
    except ValidationError as error:
        decision_form.add_error(None, error)
        return decision_form, None
    messages.success(request, DECISION_MESSAGES[action][1 if assignment.unit_id else 0])
    return decision_form, redirect(assignment)


def _conflict_forms(request, assignment, conflict: RatingConflict):
    """The forms again, keeping what the person typed, now based on what the other saved.

    Saving once more then replaces the other person's version knowingly.
    """
    blocks = goal_blocks(assignment=assignment, with_history=False)
    data = request.POST.copy()
    theirs = {c.input.item.key: c.current for c in conflict.conflicts}
    for key, current in theirs.items():
        data[f"{key}-version"] = current.version
        values = {
            "score": current.score or "",
            "achieved": current.achieved,
            "verbal_evaluation_fi": current.verbal_evaluation_fi or "",
            "verbal_evaluation_sv": current.verbal_evaluation_sv or "",
        }
        for name, value in values.items():
            data[f"initial-{key}-{name}"] = value
    forms = []
    for item in block_items(blocks):
        form = RatingItemForm(data, item=item)
        form.conflict = theirs.get(item.key)
        forms.append(form)
    return blocks, forms


@login_required
def sheet_download(request, pk):
    assignment = _assignment_for(request, pk)
    if assignment.unit_id is not None:
        return redirect("work:follow_up_sheet", pk=assignment.pk)
    items = block_items(goal_blocks(assignment=assignment, with_history=False))
    content = spreadsheet.sheet_write(assignment=assignment, items=items)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"{assignment.round.key}-{assignment.section.key}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["POST"])
def sheet_upload(request, pk):
    assignment = _assignment_for(request, pk)
    if assignment.unit_id is not None:
        raise Http404
    if not permissions.can_edit(request.user, assignment):
        raise PermissionDenied(services.edit_refusal(assignment))
    form = SpreadsheetUploadForm(request.POST, request.FILES)
    errors, status = [], 400
    if form.is_valid():
        items = block_items(goal_blocks(assignment=assignment, with_history=False))
        try:
            inputs = spreadsheet.sheet_read(upload=form.cleaned_data["file"], items=items)
            saved = services.ratings_save(assignment=assignment, user=request.user, inputs=inputs)
        except spreadsheet.SpreadsheetError as error:
            errors = error.errors
        except RatingConflict as conflict:
            status = 409
            errors = [
                _(
                    "Row %(row)s: %(name)s changed this rating after you downloaded the file. "
                    "Download a new copy."
                )
                % {"row": c.input.row, "name": _person(c.current.rated_by)}
                for c in conflict.conflicts
            ]
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _("Spreadsheet saved: %(count)s ratings changed.") % {"count": saved},
            )
            return redirect(assignment)
    return render(
        request,
        "evaluations/work/upload.html",
        {"assignment": assignment, "upload_form": form, "errors": errors},
        status=status,
    )


def _person(user) -> str:
    if user is None:
        return _("someone")
    return user.get_full_name() or user.get_username()
