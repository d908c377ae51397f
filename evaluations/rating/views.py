"""A section's rating form (save and submit) and its spreadsheet. Approving, returning and
reopening are the workflow's own views (``workflow/views.py``), which show this page again
when a decision does not pass."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from evaluations.followup import public as progress
from evaluations.rating import spreadsheet
from evaluations.rating.forms import RatingItemForm
from evaluations.rating.selectors import attach_history, block_items, goal_blocks
from evaluations.rating.services import assignment_submit, ratings_save
from evaluations.workflow import permissions, services
from evaluations.workflow.forms import DecisionForm, SpreadsheetUploadForm
from evaluations.workflow.services import VersionConflict
from evaluations.workflow.views import _assignment_for, register_page, workflow_context
from luvn.formatting import person_name
from luvn.translation_sources import TARGET, outdated_fields, translation_outdated_mark


@login_required
@require_http_methods(["GET", "POST"])
def rate(request, pk):
    assignment = _assignment_for(request, pk)
    if assignment.is_follow_up:
        return redirect(assignment)  # a unit's follow-up update has a form of its own
    return rate_page(request, assignment)


@login_required
@require_http_methods(["POST"])
def submit(request, pk):
    """Save the ratings and submit the section for approval (its own address)."""
    assignment = _assignment_for(request, pk)
    if assignment.is_follow_up:
        raise Http404
    return rate_page(request, assignment, submitting=True)


def rate_page(request, assignment, *, decision_form=None, status=200, submitting=False):
    """The form; a POST saves (``submitting``: and submits), unless a decision that did not
    pass is shown again (``decision_form``, from the workflow's decision views)."""
    saving = request.method == "POST" and decision_form is None
    # A save does not need the change history; the form shows it.
    blocks = goal_blocks(assignment=assignment, with_history=request.method == "GET")
    items = block_items(blocks)
    forms = None
    decision_form = decision_form or DecisionForm()

    if saving:
        if not permissions.can_edit(request.user, assignment):
            raise PermissionDenied(services.edit_refusal(assignment))
        forms = [RatingItemForm(request.POST, item=item) for item in items]
        valid = [form.is_valid() for form in forms]  # every form, so each shows its errors
        if all(valid):
            inputs = [form.to_input() for form in forms]
            try:
                if not submitting:
                    saved = ratings_save(assignment=assignment, user=request.user, inputs=inputs)
                    messages.success(
                        request,
                        _("Draft saved: %(count)s ratings changed.") % {"count": saved},
                    )
                else:
                    assignment_submit(
                        assignment=assignment, user=request.user, inputs=inputs, items=items
                    )
                    messages.success(request, _("The section was submitted for approval."))
                return redirect(assignment)
            except VersionConflict as conflict:
                blocks, forms = _conflict_forms(request, assignment, conflict)
                status = 409
            except ValidationError as error:
                by_key = {form.item.key: form for form in forms}
                for key, errors in error.error_dict.items():
                    by_key[key].add_error(None, errors)
                status = 400
        else:
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


def _conflict_forms(request, assignment, conflict: VersionConflict):
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
            saved = ratings_save(assignment=assignment, user=request.user, inputs=inputs)
        except spreadsheet.SpreadsheetError as error:
            errors = error.errors
        except VersionConflict as conflict:
            status = 409
            errors = [
                _(
                    "Row %(row)s: %(name)s changed this rating after you downloaded the file. "
                    "Download a new copy."
                )
                % {"row": c.input.row, "name": person_name(c.current.rated_by, absent=_("someone"))}
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


register_page(follow_up=False, page=rate_page)
