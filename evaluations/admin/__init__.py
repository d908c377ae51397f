from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from evaluations.admin.coordination import AssignmentCoordinationMixin, RoundCoordinationMixin
from evaluations.admin.figures import PublishedFigureAdmin, RoundTextAdmin
from evaluations.admin.indicator_import import IndicatorImportAdminMixin
from evaluations.models import (
    ActionUpdate,
    Assignment,
    EvaluationRound,
    Finding,
    IndicatorValue,
    PublishedFigure,
    Rating,
    RoundText,
)
from luvn.translation_admin import TranslationExchangeMixin


@admin.register(EvaluationRound)
class EvaluationRoundAdmin(TranslationExchangeMixin, RoundCoordinationMixin, TranslationAdmin):
    translation_scope = "round"
    list_display = ("name", "state", "rating_deadline", "published_at", "summary_date")
    list_filter = ("state",)
    search_fields = ("name_fi", "name_sv", "key")
    filter_horizontal = ("strategies",)


@admin.register(Assignment)
class AssignmentAdmin(AssignmentCoordinationMixin, SimpleHistoryAdmin):
    """Administrators assign sections to officials and approvers here."""

    list_display = ("__str__", "round", "state", "submitted_at", "decided_at")
    list_filter = ("round", "state", "section__strategy", "unit")
    list_select_related = ("round", "section__strategy", "unit")
    search_fields = ("section__title_fi", "section__title_sv", "section__key", "unit__name_fi")
    autocomplete_fields = ("section", "unit")
    filter_horizontal = ("officials", "approvers")
    readonly_fields = ("submitted_by", "submitted_at", "decided_by", "decided_at", "updated_at")


@admin.register(Rating)
class RatingAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ("__str__", "round", "score", "is_tentative", "achieved", "updated_at")
    list_filter = ("round", "score", "is_tentative", "achieved", "goal__section__strategy")
    list_select_related = ("round", "goal", "sub_goal")
    search_fields = ("goal__title_fi", "sub_goal__title_fi", "verbal_evaluation_fi")
    autocomplete_fields = ("goal", "sub_goal")
    readonly_fields = ("rated_by", "version", "created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        obj.rated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Finding)
class FindingAdmin(TranslationAdmin):
    list_display = ("__str__", "round", "kind", "strategy", "section", "order")
    list_filter = ("round", "kind", "strategy")
    list_select_related = ("round", "strategy", "section")
    search_fields = ("text_fi", "text_sv")
    autocomplete_fields = ("section",)


@admin.register(ActionUpdate)
class ActionUpdateAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ("__str__", "round", "status", "updated_at")
    list_filter = ("round", "status", "action__unit")
    list_select_related = ("round", "action__goal", "action__sub_goal")
    search_fields = ("action__title_fi", "progress_fi")
    autocomplete_fields = ("action",)
    readonly_fields = ("updated_by", "version", "created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(IndicatorValue)
class IndicatorValueAdmin(IndicatorImportAdminMixin, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ("indicator", "date", "value", "round", "updated_at")
    list_filter = ("round", "indicator__unit")
    list_select_related = ("round", "indicator")
    search_fields = ("indicator__name_fi", "indicator__key")
    autocomplete_fields = ("indicator",)
    readonly_fields = ("entered_by", "version", "created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        obj.entered_by = request.user
        super().save_model(request, obj, form, change)


admin.site.register(PublishedFigure, PublishedFigureAdmin)
admin.site.register(RoundText, RoundTextAdmin)
