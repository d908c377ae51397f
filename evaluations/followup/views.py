"""The owners' follow-up pages: a unit's update form in a follow-up round, its spreadsheet,
and a unit's own operational actions. Approving, returning and reopening are the workflow's own
views (``workflow/views.py``), the same as for sections."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from evaluations.followup import spreadsheet as followup_spreadsheet
from evaluations.followup.forms import ActionUpdateForm, IndicatorValueForm, UnitActionForm
from evaluations.followup.selectors import (
    action_item_choices,
    follow_up_form,
    unit_action_groups,
    unit_detail,
)
from evaluations.followup.services import (
    VersionConflict,
    follow_up_save,
    follow_up_submit,
    unit_action_create,
)
from evaluations.workflow import permissions, services
from evaluations.workflow.forms import DecisionForm, SpreadsheetUploadForm
from evaluations.workflow.sheets import SpreadsheetError
from evaluations.workflow.views import _assignment_for, register_page, workflow_context
from luvn.formatting import person_name
from strategy.models import Unit


def _unit_assignment(request, pk):
    assignment = _assignment_for(request, pk)
    if assignment.unit_id is None:
        return assignment, redirect(assignment)
    return assignment, None


def _bound_forms(data, form):
    action_forms = [ActionUpdateForm(data, row=row) for row in form.action_rows]
    value_forms = [
        IndicatorValueForm(data, row=row) for row in form.indicators if row.other_round is None
    ]
    return action_forms, value_forms


@login_required
@require_http_methods(["GET", "POST"])
def follow_up(request, pk):
    assignment, elsewhere = _unit_assignment(request, pk)
    if elsewhere:
        return elsewhere
    return follow_up_page(request, assignment)


@login_required
@require_http_methods(["POST"])
def submit(request, pk):
    """Save the unit's update and submit it for approval (its own address)."""
    assignment, elsewhere = _unit_assignment(request, pk)
    if elsewhere:
        raise Http404
    return follow_up_page(request, assignment, submitting=True)


def follow_up_page(request, assignment, *, decision_form=None, status=200, submitting=False):
    """The unit's form; a POST saves (``submitting``: and submits), unless a decision that did
    not pass is shown again (``decision_form``, from the workflow's decision views)."""
    saving = request.method == "POST" and decision_form is None
    form = follow_up_form(assignment=assignment)
    action_forms = value_forms = None
    decision_form = decision_form or DecisionForm()

    if saving:
        if not permissions.can_edit(request.user, assignment):
            raise PermissionDenied(services.edit_refusal(assignment))
        action_forms, value_forms = _bound_forms(request.POST, form)
        valid = [f.is_valid() for f in [*action_forms, *value_forms]]
        if all(valid):
            actions = [f.to_input() for f in action_forms]
            values = [f.to_input() for f in value_forms]
            try:
                if not submitting:
                    saved = follow_up_save(
                        assignment=assignment, user=request.user, actions=actions, values=values
                    )
                    messages.success(
                        request, _("Draft saved: %(count)s changes.") % {"count": saved}
                    )
                else:
                    follow_up_submit(
                        assignment=assignment,
                        user=request.user,
                        actions=actions,
                        values=values,
                        rows=form.action_rows,
                    )
                    messages.success(request, _("The unit's update was submitted for approval."))
                return redirect(assignment)
            except VersionConflict as conflict:
                form, action_forms, value_forms = _conflict_forms(request, assignment, conflict)
                status = 409
            except ValidationError as error:
                by_key = {f.prefix: f for f in [*action_forms, *value_forms]}
                for key, errors in error.message_dict.items():
                    if key in by_key:
                        by_key[key].add_error(None, errors)
                    else:
                        messages.error(request, " ".join(errors))
                status = 400
        else:
            status = 400

    if action_forms is None:
        action_forms = [ActionUpdateForm(row=row) for row in form.action_rows]
        value_forms = [
            IndicatorValueForm(row=row) for row in form.indicators if row.other_round is None
        ]
    for f in action_forms:
        f.row.form = f
    for f in value_forms:
        f.row.form = f
    all_forms = [*action_forms, *value_forms]
    return render(
        request,
        "evaluations/work/follow_up.html",
        {
            "assignment": assignment,
            "form": form,
            "error_forms": [f for f in all_forms if f.errors],
            "conflicts": [f for f in all_forms if getattr(f, "conflict", None)],
            **workflow_context(request, assignment, decision_form=decision_form),
            "has_practice_targets": any(row.indicator.practice_targets for row in form.indicators),
        },
        status=status,
    )


def _conflict_forms(request, assignment, conflict: VersionConflict):
    """The forms again, keeping what the person typed, now based on the other's version."""
    form = follow_up_form(assignment=assignment)
    data = request.POST.copy()
    theirs = {c.input.row.key: c.current for c in conflict.conflicts}
    for key, current in theirs.items():
        data[f"{key}-version"] = current.version
        if key.startswith("action-"):
            initial = {
                "status": current.status,
                "progress_fi": current.progress_fi or "",
                "progress_sv": current.progress_sv or "",
            }
        else:
            from evaluations.followup.forms import decimal_comma

            initial = {
                "value": decimal_comma(current.value),
                "note_fi": current.note_fi or "",
                "note_sv": current.note_sv or "",
            }
        for name, value in initial.items():
            data[f"initial-{key}-{name}"] = value
    action_forms, value_forms = _bound_forms(data, form)
    for f in [*action_forms, *value_forms]:
        f.conflict = theirs.get(f.prefix)
        if f.conflict is not None:
            who = getattr(f.conflict, "updated_by", None) or getattr(f.conflict, "entered_by", None)
            f.conflict_name = person_name(who, absent=_("someone"))
    return form, action_forms, value_forms


@login_required
def sheet_download(request, pk):
    assignment, elsewhere = _unit_assignment(request, pk)
    if elsewhere:
        raise Http404
    form = follow_up_form(assignment=assignment, with_history=False)
    content = followup_spreadsheet.sheet_write(assignment=assignment, form=form)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"{assignment.round.key}-{assignment.unit.key}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["POST"])
def sheet_upload(request, pk):
    assignment, elsewhere = _unit_assignment(request, pk)
    if elsewhere:
        raise Http404
    if not permissions.can_edit(request.user, assignment):
        raise PermissionDenied(services.edit_refusal(assignment))
    upload_form = SpreadsheetUploadForm(request.POST, request.FILES)
    errors, status = [], 400
    if upload_form.is_valid():
        form = follow_up_form(assignment=assignment, with_history=False)
        try:
            actions, values = followup_spreadsheet.sheet_read(
                upload=upload_form.cleaned_data["file"], form=form
            )
            saved = follow_up_save(
                assignment=assignment, user=request.user, actions=actions, values=values
            )
        except SpreadsheetError as error:
            errors = error.errors
        except VersionConflict as conflict:
            status = 409
            errors = [
                _(
                    "Row %(row)s: %(name)s changed this after you downloaded the file. "
                    "Download a new copy."
                )
                % {
                    "row": c.input.line,
                    "name": person_name(
                        getattr(c.current, "updated_by", None)
                        or getattr(c.current, "entered_by", None),
                        absent=_("someone"),
                    ),
                }
                for c in conflict.conflicts
            ]
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Spreadsheet saved: %(count)s changes.") % {"count": saved})
            return redirect(assignment)
    return render(
        request,
        "evaluations/work/upload.html",
        {"assignment": assignment, "upload_form": upload_form, "errors": errors},
        status=status,
    )


# A unit's own operational actions -----------------------------------------------------------


def _unit(key) -> Unit:
    try:
        return unit_detail(key=key)
    except Unit.DoesNotExist:
        raise Http404 from None


def _unit_page(request, unit, action_form, status=200):
    return render(
        request,
        "evaluations/work/unit.html",
        {
            "unit": unit,
            "groups": unit_action_groups(unit=unit),
            "action_form": action_form,
            "can_add": action_form is not None,
        },
        status=status,
    )


@login_required
def unit_actions(request, key):
    """The unit's actions under the change promises, and the form to add its own."""
    unit = _unit(key)
    can_add = permissions.can_add_unit_action(request.user, unit)
    if not can_add and not request.user.has_perm("evaluations.view_all_assignments"):
        raise PermissionDenied(_("You are not an official of this unit."))
    form = UnitActionForm(item_choices=action_item_choices()) if can_add else None
    return _unit_page(request, unit, form)


@login_required
@require_http_methods(["POST"])
def unit_action_add(request, key):
    unit = _unit(key)
    if not permissions.can_add_unit_action(request.user, unit):
        raise PermissionDenied(_("Only the unit's officials can add its actions."))
    form = UnitActionForm(request.POST, item_choices=action_item_choices())
    if form.is_valid():
        data = form.cleaned_data
        try:
            unit_action_create(unit=unit, user=request.user, **data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The action was added."))
            return redirect("work:unit", key=unit.key)
    return _unit_page(request, unit, form, status=400)


register_page(follow_up=True, page=follow_up_page)
