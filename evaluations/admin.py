from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from evaluations.models import EvaluationRound, Finding, Rating


@admin.register(EvaluationRound)
class EvaluationRoundAdmin(TranslationAdmin):
    list_display = ("name", "state", "rating_deadline", "summary_date", "council_date")
    list_filter = ("state",)
    search_fields = ("name_fi", "name_sv", "key")
    filter_horizontal = ("strategies",)


@admin.register(Rating)
class RatingAdmin(TranslationAdmin):
    list_display = ("__str__", "round", "score", "achieved", "updated_at")
    list_filter = ("round", "score", "achieved", "goal__section__strategy")
    list_select_related = ("round", "goal", "sub_goal")
    search_fields = ("goal__title_fi", "sub_goal__title_fi", "verbal_evaluation_fi")
    autocomplete_fields = ("goal", "sub_goal")
    readonly_fields = ("rated_by", "created_at", "updated_at")

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
