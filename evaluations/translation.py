from modeltranslation.translator import TranslationOptions, register

from evaluations.models import EvaluationRound, Finding, Rating


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
