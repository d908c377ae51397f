from modeltranslation.translator import TranslationOptions, register

from strategy.models import Goal, Section, Strategy, SubGoal


@register(Strategy)
class StrategyTranslationOptions(TranslationOptions):
    fields = ("name", "description", "mission", "values", "approved_by")
    required_languages = ("fi",)


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("fi",)


@register(Goal)
class GoalTranslationOptions(TranslationOptions):
    fields = ("title", "description", "expected_effects")
    required_languages = ("fi",)


@register(SubGoal)
class SubGoalTranslationOptions(TranslationOptions):
    fields = ("title",)
    required_languages = ("fi",)
