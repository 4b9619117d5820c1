from modeltranslation.translator import TranslationOptions, register

from .models import City, CoordinatingBody


@register(City)
class CityTranslationOptions(TranslationOptions):
    fields = ("name", "country", "subdivision", "profile")
    required_languages = ("en", "ja")


@register(CoordinatingBody)
class CoordinatingBodyTranslationOptions(TranslationOptions):
    fields = ("name", "short_name", "country", "seat", "programme_role")
    required_languages = ("en", "ja")
