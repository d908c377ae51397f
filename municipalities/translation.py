from modeltranslation.translator import TranslationOptions, register

from municipalities.models import Municipality, Question, QuestionOption, Survey, SurveyTheme


@register(Municipality)
class MunicipalityTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("fi", "sv")


@register(Survey)
class SurveyTranslationOptions(TranslationOptions):
    fields = ("title", "description", "target_group")
    required_languages = ("fi",)


@register(SurveyTheme)
class SurveyThemeTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("fi",)


@register(Question)
class QuestionTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = ("fi",)


@register(QuestionOption)
class QuestionOptionTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = ("fi",)
