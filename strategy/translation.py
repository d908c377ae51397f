import simple_history
from modeltranslation.translator import TranslationOptions, register

from strategy.models import Action, Goal, Indicator, Section, Strategy, SubGoal, Unit


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


@register(Unit)
class UnitTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("fi",)


@register(Action)
class ActionTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(Indicator)
class IndicatorTranslationOptions(TranslationOptions):
    fields = ("name", "description", "unit_of_measure", "source", "intended_effect")
    required_languages = ("fi",)


# History after the translation fields exist, so it keeps both languages (see evaluations).
simple_history.register(Action)
simple_history.register(Indicator)
