from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from evaluations.models import Assignment, EvaluationRound, Finding, Rating


@admin.register(EvaluationRound)
class EvaluationRoundAdmin(TranslationAdmin):
    list_display = ("name", "state", "rating_deadline", "summary_date", "council_date")
    list_filter = ("state",)
    search_fields = ("name_fi", "name_sv", "key")
    filter_horizontal = ("strategies",)


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    """Administrators assign sections to officials and approvers here."""

    list_display = ("section", "round", "state", "submitted_at", "decided_at")
    list_filter = ("round", "state", "section__strategy")
    list_select_related = ("round", "section__strategy")
    search_fields = ("section__title_fi", "section__title_sv", "section__key")
    autocomplete_fields = ("section",)
    filter_horizontal = ("officials", "approvers")
    readonly_fields = ("submitted_by", "submitted_at", "decided_by", "decided_at", "updated_at")


@admin.register(Rating)
class RatingAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ("__str__", "round", "score", "achieved", "updated_at")
    list_filter = ("round", "score", "achieved", "goal__section__strategy")
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
