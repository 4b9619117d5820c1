from modeltranslation.translator import TranslationOptions, register

from .models import (
    BestPractice,
    KeyResult,
    PracticeImage,
    SustainableDevelopmentGoal,
    Theme,
    TransferKPI,
)


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(SustainableDevelopmentGoal)
class SDGTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(BestPractice)
class BestPracticeTranslationOptions(TranslationOptions):
    # Either language may be the original; "at least one" is checked by the form and service.
    fields = (
        "title",
        "summary",
        "problem",
        "solution",
        "partners",
        "costs",
        "outcomes",
        "transferability",
        "lessons_learned",
    )
    required_languages = ()


@register(KeyResult)
class KeyResultTranslationOptions(TranslationOptions):
    fields = ("label",)


@register(PracticeImage)
class PracticeImageTranslationOptions(TranslationOptions):
    # At least one language is required; the service checks it.
    fields = ("alt_text",)
    required_languages = ()


@register(TransferKPI)
class TransferKPITranslationOptions(TranslationOptions):
    fields = ("label",)
