from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from municipalities.models import (
    Answer,
    Municipality,
    Question,
    Survey,
    SurveyResponse,
    SurveyTheme,
)


@admin.register(Municipality)
class MunicipalityAdmin(TranslationAdmin):
    list_display = ("name", "code", "language", "contact_email")
    search_fields = ("name_fi", "name_sv", "code")


class SurveyThemeInline(TranslationTabularInline):
    model = SurveyTheme
    fields = ("order", "key", "title", "published_mean", "published_question_count")
    extra = 0
    show_change_link = True


@admin.register(Survey)
class SurveyAdmin(TranslationAdmin):
    list_display = ("title", "kind", "round", "opens_on", "closes_on")
    list_filter = ("kind", "round")
    list_select_related = ("round",)
    search_fields = ("title_fi", "title_sv", "key")
    inlines = [SurveyThemeInline]


class QuestionInline(TranslationTabularInline):
    model = Question
    fields = ("order", "key", "kind", "text", "published_mean")
    extra = 0
    show_change_link = True


@admin.register(SurveyTheme)
class SurveyThemeAdmin(TranslationAdmin):
    list_display = ("title", "survey", "order")
    list_filter = ("survey",)
    list_select_related = ("survey",)
    search_fields = ("title_fi", "title_sv")
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(TranslationAdmin):
    list_display = ("__str__", "survey", "theme", "kind", "published_mean")
    list_filter = ("survey", "kind")
    list_select_related = ("survey", "theme")
    search_fields = ("text_fi", "text_sv", "key")
    autocomplete_fields = ("goal", "sub_goal")


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ("question", "score", "cannot_say", "text")
    extra = 0


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ("survey", "municipality", "status", "submitted_at")
    list_filter = ("survey", "status")
    list_select_related = ("survey", "municipality")
    inlines = [AnswerInline]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ("__str__", "score", "cannot_say")
    list_filter = ("response__survey",)
    list_select_related = ("response__survey", "response__municipality", "question")
