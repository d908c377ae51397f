import simple_history
from modeltranslation.translator import TranslationOptions, register

from evaluations.models import Assignment, EvaluationRound, Finding, Rating


@register(EvaluationRound)
class EvaluationRoundTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("fi",)


@register(Rating)
class RatingTranslationOptions(TranslationOptions):
    fields = ("verbal_evaluation",)


@register(Finding)
class FindingTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = ("fi",)


# Change history is registered here, after the translation fields exist, so that the history
# keeps both languages' texts (the way django-simple-history documents for modeltranslation).
simple_history.register(Rating, excluded_fields=["created_at", "updated_at"])
simple_history.register(Assignment, excluded_fields=["updated_at"])
