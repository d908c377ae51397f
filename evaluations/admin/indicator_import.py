"""The admin's page for importing indicator values from a file into a follow-up round
(*Indicator values → Import from a file*)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.followup.indicator_import import (
    ImportFileError,
    indicator_values_from_file,
    indicator_values_import,
)
from evaluations.models import EvaluationRound, RoundKind
from evaluations.workflow import permissions


class IndicatorImportForm(forms.Form):
    round = forms.ModelChoiceField(
        label=gettext_lazy("Follow-up round"),
        queryset=EvaluationRound.objects.filter(kind=RoundKind.FOLLOW_UP),
        help_text=gettext_lazy("The round the values are reported in."),
    )
    file = forms.FileField(
        label=gettext_lazy("File (.csv or .xlsx)"),
        help_text=gettext_lazy(
            "Columns indicator, period, value and optionally note; or THL Sotkanet's CSV export "
            "(indicator, region, year, gender, value), of which the county's rows are taken. "
            "At most 10 MB."
        ),
    )
    region = forms.CharField(
        label=gettext_lazy("Sotkanet region"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Only for another region than Länsi-Uusimaa."),
    )


def import_view(model_admin, request):
    if not permissions.can_import_indicator_values(request.user):
        raise PermissionDenied(_("Only an administrator can import indicator values."))
    errors, status = [], 200
    if request.method == "POST":
        form = IndicatorImportForm(request.POST, request.FILES)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                rows = indicator_values_from_file(
                    upload=data["file"],
                    filename=data["file"].name,
                    round=data["round"],
                    region=data["region"],
                )
                count = indicator_values_import(round=data["round"], rows=rows, user=request.user)
            except ImportFileError as error:
                errors = error.errors
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(
                    request,
                    _("%(count)s values imported into %(round)s (%(rows)s rows in the file).")
                    % {"count": count, "round": data["round"], "rows": len(rows)},
                )
                return redirect("admin:evaluations_indicatorvalue_changelist")
    else:
        form = IndicatorImportForm()
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Import indicator values from a file"),
        "form": form,
        "errors": errors,
    }
    return TemplateResponse(
        request, "admin/evaluations/indicatorvalue/import.html", context, status=status
    )


class IndicatorImportAdminMixin:
    """Adds *Import from a file* to the indicator values' admin."""

    def get_urls(self):
        from django.urls import path

        urls = [
            path(
                "import/",
                self.admin_site.admin_view(lambda request: import_view(self, request)),
                name="evaluations_indicatorvalue_import",
            )
        ]
        return urls + super().get_urls()
