from django.contrib import admin
from django.db import models
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)
from simple_history.admin import SimpleHistoryAdmin

from luvn.translation_admin import TranslationExchangeMixin
from strategy.models import (
    Action,
    Goal,
    Indicator,
    IndicatorTarget,
    Section,
    Strategy,
    SubGoal,
    Unit,
)


class SectionInline(TranslationTabularInline):
    model = Section
    fields = ("order", "number", "kind", "key", "title", "parent")
    extra = 0
    show_change_link = True


class GoalInline(TranslationStackedInline):
    model = Goal
    fields = ("order", "number", "title", "is_rated")
    extra = 0
    show_change_link = True


class SubGoalInline(TranslationTabularInline):
    model = SubGoal
    fields = ("order", "number", "title", "is_rated")
    extra = 0


@admin.register(Strategy)
class StrategyAdmin(TranslationExchangeMixin, TranslationAdmin):
    translation_scope = "strategy"
    list_display = ("name", "kind", "approved_by", "approved_on", "period_start", "period_end")
    list_filter = ("kind",)
    search_fields = ("name_fi", "name_sv", "key")
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(TranslationAdmin):
    list_display = ("__str__", "strategy", "kind", "parent", "order")
    list_filter = ("strategy", "kind")
    list_select_related = ("strategy", "parent")
    search_fields = ("title_fi", "title_sv", "key")
    autocomplete_fields = ("parent",)
    inlines = [GoalInline]


@admin.register(Goal)
class GoalAdmin(TranslationAdmin):
    list_display = ("__str__", "section", "is_rated", "order")
    list_filter = ("section__strategy", "is_rated")
    list_select_related = ("section",)
    search_fields = ("title_fi", "title_sv", "number")
    autocomplete_fields = ("section",)
    inlines = [SubGoalInline]


@admin.register(SubGoal)
class SubGoalAdmin(TranslationAdmin):
    list_display = ("__str__", "goal", "is_rated", "order")
    list_filter = ("goal__section__strategy", "is_rated")
    list_select_related = ("goal",)
    search_fields = ("title_fi", "title_sv", "number")
    autocomplete_fields = ("goal",)


@admin.register(Unit)
class UnitAdmin(TranslationAdmin):
    list_display = ("name", "kind", "parent", "order")
    list_filter = ("kind",)
    list_select_related = ("parent",)
    search_fields = ("name_fi", "name_sv", "key")
    autocomplete_fields = ("parent",)
    filter_horizontal = ("members",)


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ("__str__", "goal", "sub_goal", "unit", "kind", "planned_start", "planned_end")
    list_filter = ("kind", "unit", "goal__section__strategy")
    list_select_related = ("goal", "sub_goal", "unit")
    search_fields = ("title_fi", "title_sv", "goal__title_fi", "sub_goal__title_fi")
    autocomplete_fields = ("goal", "sub_goal", "unit", "owners")


class IndicatorTargetInline(admin.TabularInline):
    model = IndicatorTarget
    fields = ("date", "value")
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ("name", "unit", "direction", "unit_of_measure", "source")
    list_filter = ("direction", "unit")
    list_select_related = ("unit",)
    search_fields = ("name_fi", "name_sv", "key")
    autocomplete_fields = ("goals", "unit")
    inlines = [IndicatorTargetInline]
    # Source links typed without a scheme are https (Django 6's default, without the warning).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
