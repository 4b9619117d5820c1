from modeltranslation.translator import TranslationOptions, register

from .models import AgendaItem, Decision, Meeting


@register(Meeting)
class MeetingTranslationOptions(TranslationOptions):
    fields = ("title", "description", "minutes")


@register(AgendaItem)
class AgendaItemTranslationOptions(TranslationOptions):
    fields = ("title",)


@register(Decision)
class DecisionTranslationOptions(TranslationOptions):
    fields = ("text",)
