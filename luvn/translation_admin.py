"""Administrators' pages for Swedish translations: coverage, outdated texts, export and import.

They live in the admin under *Translations → Swedish translations* (the admin of
``TranslationSource``): the overview lists every strategy, round and survey with how much of its
text has Swedish; a scope's page lists what is missing and outdated and takes the translated
file back; the outdated page lists every outdated Swedish text. Strategies, rounds and surveys
also get admin actions to export and import. Who may do this is asked in one place:
``can_manage_translations``.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from luvn.models import TranslationSource
from luvn.translation_exchange import (
    CONTENT_TYPES,
    FORMATS,
    TranslationFileError,
    file_format_of,
    filename,
    translations_export,
    translations_import,
    translations_read,
)
from luvn.translation_forms import TranslationUploadForm
from luvn.translation_scopes import (
    SCOPES,
    translation_coverage,
    translation_coverage_list,
    translation_outdated_list,
)


def can_manage_translations(user) -> bool:
    """Administrators see coverage and outdated texts, export and import Swedish texts."""
    return bool(user.is_active and user.is_staff and user.has_perm("luvn.change_translationsource"))


def export_response(*, kind: str, pk: int, file_format: str) -> HttpResponse:
    coverage = translation_coverage(kind=kind, pk=pk)
    if coverage is None:
        raise Http404
    response = HttpResponse(
        translations_export(coverage=coverage, file_format=file_format),
        content_type=CONTENT_TYPES[file_format],
    )
    response["Content-Disposition"] = f'attachment; filename="{filename(coverage, file_format)}"'
    return response


@admin.register(TranslationSource)
class TranslationSourceAdmin(admin.ModelAdmin):
    """No rows to edit: the changelist is the coverage overview."""

    def has_module_permission(self, request):
        return can_manage_translations(request.user)

    def has_view_permission(self, request, obj=None):
        return can_manage_translations(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("outdated/", wrap(self.outdated_view), name="luvn_translations_outdated"),
            path("<str:kind>/<int:pk>/", wrap(self.scope_view), name="luvn_translations_scope"),
            path(
                "<str:kind>/<int:pk>/export/<str:file_format>/",
                wrap(self.export_view),
                name="luvn_translations_export",
            ),
            path(
                "<str:kind>/<int:pk>/import/",
                wrap(self.import_view),
                name="luvn_translations_import",
            ),
            *super().get_urls(),
        ]

    def _check(self, request, kind=None):
        if not can_manage_translations(request.user):
            raise PermissionDenied
        if kind is not None and kind not in SCOPES:
            raise Http404

    def _context(self, request, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **extra,
        }

    def changelist_view(self, request, extra_context=None):
        self._check(request)
        tables = [
            (SCOPES[kind].label, kind, translation_coverage_list(kind=kind))
            for kind in ("strategy", "round", "survey")
        ]
        return TemplateResponse(
            request,
            "admin/luvn/translations/overview.html",
            self._context(request, gettext("Swedish translations"), tables=tables),
        )

    def outdated_view(self, request):
        self._check(request)
        return TemplateResponse(
            request,
            "admin/luvn/translations/outdated.html",
            self._context(
                request, gettext("Outdated Swedish texts"), texts=translation_outdated_list()
            ),
        )

    def _scope_response(self, request, kind, pk, form=None, errors=(), status=200):
        coverage = translation_coverage(kind=kind, pk=pk)
        if coverage is None:
            raise Http404
        return TemplateResponse(
            request,
            "admin/luvn/translations/scope.html",
            self._context(
                request,
                gettext("Swedish translation of %(name)s") % {"name": coverage.obj},
                coverage=coverage,
                kind=kind,
                formats=FORMATS,
                form=form or TranslationUploadForm(),
                errors=errors,
            ),
            status=status,
        )

    def scope_view(self, request, kind, pk):
        self._check(request, kind)
        return self._scope_response(request, kind, pk)

    def export_view(self, request, kind, pk, file_format):
        self._check(request, kind)
        if file_format not in FORMATS:
            raise Http404
        return export_response(kind=kind, pk=pk, file_format=file_format)

    def import_view(self, request, kind, pk):
        self._check(request, kind)
        if request.method != "POST":
            return redirect("admin:luvn_translations_scope", kind=kind, pk=pk)
        form = TranslationUploadForm(request.POST, request.FILES)
        errors = []
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                entries = translations_read(upload=upload, file_format=file_format_of(upload.name))
                count = translations_import(kind=kind, pk=pk, entries=entries)
            except TranslationFileError as error:
                errors = error.errors
            else:
                self.message_user(
                    request,
                    gettext(
                        "The translations were imported: %(count)s Swedish texts changed, "
                        "%(units)s units read."
                    )
                    % {"count": count, "units": len(entries)},
                    messages.SUCCESS,
                )
                return redirect("admin:luvn_translations_scope", kind=kind, pk=pk)
        return self._scope_response(request, kind, pk, form=form, errors=errors, status=400)


class TranslationExchangeMixin:
    """Admin actions on strategies, rounds and surveys: export or import Swedish texts.

    Set ``translation_scope`` to ``"strategy"``, ``"round"`` or ``"survey"``.
    """

    translation_scope = ""

    def has_manage_translations_permission(self, request):
        return can_manage_translations(request.user)

    def get_actions(self, request):
        # Added here, not in ``actions``: the model admins keep their own list of actions.
        actions = super().get_actions(request)
        if self.has_manage_translations_permission(request):
            for name in ("export_swedish_xliff", "export_swedish_xlsx", "swedish_translation_page"):
                function = getattr(type(self), name)
                actions[name] = (function, name, function.short_description)
        return actions

    def _one(self, request, queryset):
        if not can_manage_translations(request.user):
            raise PermissionDenied
        if queryset.count() != 1:
            self.message_user(request, gettext("Select exactly one."), messages.ERROR)
            return None
        return queryset.get()

    @admin.action(
        description=_("Export missing and outdated Swedish texts (XLIFF)"),
        permissions=["manage_translations"],
    )
    def export_swedish_xliff(self, request, queryset):
        obj = self._one(request, queryset)
        if obj is None:
            return None
        return export_response(kind=self.translation_scope, pk=obj.pk, file_format="xliff")

    @admin.action(
        description=_("Export missing and outdated Swedish texts (XLSX)"),
        permissions=["manage_translations"],
    )
    def export_swedish_xlsx(self, request, queryset):
        obj = self._one(request, queryset)
        if obj is None:
            return None
        return export_response(kind=self.translation_scope, pk=obj.pk, file_format="xlsx")

    @admin.action(
        description=_("Swedish translation: coverage and import"),
        permissions=["manage_translations"],
    )
    def swedish_translation_page(self, request, queryset):
        obj = self._one(request, queryset)
        if obj is None:
            return None
        return redirect(
            reverse(
                "admin:luvn_translations_scope",
                kwargs={"kind": self.translation_scope, "pk": obj.pk},
            )
        )
