from modeltranslation.translator import TranslationOptions, register

from .models import BestPractice, KeyResult, SustainableDevelopmentGoal, Theme


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(SustainableDevelopmentGoal)
class SDGTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(BestPractice)
class BestPracticeTranslationOptions(TranslationOptions):
    # Either language may be the original; "at least one" is checked by the form and service.
    fields = ("title", "summary", "body", "lessons_learned")
    required_languages = ()


@register(KeyResult)
class KeyResultTranslationOptions(TranslationOptions):
    fields = ("label",)
