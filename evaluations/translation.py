import simple_history
from modeltranslation.translator import TranslationOptions, register

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


@register(EvaluationRound)
class EvaluationRoundTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("fi",)


@register(Rating)
class RatingTranslationOptions(TranslationOptions):
    fields = ("verbal_evaluation",)


@register(ActionUpdate)
class ActionUpdateTranslationOptions(TranslationOptions):
    fields = ("progress",)


@register(IndicatorValue)
class IndicatorValueTranslationOptions(TranslationOptions):
    fields = ("note",)


@register(PublishedFigure)
class PublishedFigureTranslationOptions(TranslationOptions):
    fields = ("label", "source_note")


@register(RoundText)
class RoundTextTranslationOptions(TranslationOptions):
    fields = ("date_text", "title", "text")


@register(Finding)
class FindingTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = ("fi",)


# Change history is registered here, after the translation fields exist, so that the history
# keeps both languages' texts (the way django-simple-history documents for modeltranslation).
simple_history.register(Rating, excluded_fields=["created_at", "updated_at"])
simple_history.register(Assignment, excluded_fields=["updated_at"])
simple_history.register(ActionUpdate, excluded_fields=["created_at", "updated_at"])
simple_history.register(IndicatorValue, excluded_fields=["created_at", "updated_at"])
