"""Admin for the documents' published figures and texts, with the list of all differences
between the printed figures and the figures computed from the ratings."""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from evaluations.models import EvaluationRound
from evaluations.summaries import ratings as selectors


def _comparisons():
    rounds = EvaluationRound.objects.filter(published_figures__isnull=False).distinct()
    return selectors.published_figure_list(round=None, rounds=rounds)


class DiffersFilter(admin.SimpleListFilter):
    title = _("compared with the computed figure")
    parameter_name = "compared"

    def lookups(self, request, model_admin):
        return [
            ("differs", _("differs")),
            ("not_recorded", _("not recorded in the items")),
            ("published_only", _("published figure only")),
            ("same", _("same")),
        ]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        tests = {
            "differs": lambda c: c.differs,
            "not_recorded": lambda c: c.not_recorded,
            "published_only": lambda c: not c.computable,
            "same": lambda c: c.computable and not c.not_recorded and not c.differs,
        }
        test = tests.get(self.value())
        if test is None:
            return queryset
        return queryset.filter(pk__in=[c.figure.pk for c in _comparisons() if test(c)])


class PublishedFigureAdmin(TranslationAdmin):
    list_display = ("__str__", "round", "place", "kind", "strategy", "section", "goal", "survey")
    list_filter = (DiffersFilter, "round", "place", "kind", "strategy")
    list_select_related = ("round", "strategy", "section", "goal", "survey")
    search_fields = ("label_fi", "label_sv", "source_note_fi")
    autocomplete_fields = ("section", "goal")
    change_list_template = "admin/evaluations/publishedfigure/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.differences_view)
        return [
            path("differences/", view, name="evaluations_publishedfigure_differences"),
            *super().get_urls(),
        ]

    def differences_view(self, request):
        """Every printed figure that differs from the computed one, or that the items do not
        record, with both values and the note."""
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        differences = [c for c in _comparisons() if c.differs or c.not_recorded]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Differences between printed and computed figures"),
            "opts": self.model._meta,
            "differences": differences,
        }
        return TemplateResponse(
            request, "admin/evaluations/publishedfigure/differences.html", context
        )


class RoundTextAdmin(TranslationAdmin):
    list_display = ("__str__", "round", "kind", "date", "survey", "order")
    list_filter = ("round", "kind")
    list_select_related = ("round", "survey")
    search_fields = ("title_fi", "text_fi", "title_sv", "text_sv")
