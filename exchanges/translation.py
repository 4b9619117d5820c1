from modeltranslation.translator import TranslationOptions, register

from .models import ActionPlan, AgendaItem, Decision, Meeting, Milestone, MilestoneKPI, Workstream


@register(Meeting)
class MeetingTranslationOptions(TranslationOptions):
    fields = ("title", "description", "minutes")


@register(AgendaItem)
class AgendaItemTranslationOptions(TranslationOptions):
    fields = ("title",)


@register(Decision)
class DecisionTranslationOptions(TranslationOptions):
    fields = ("text",)


@register(ActionPlan)
class ActionPlanTranslationOptions(TranslationOptions):
    fields = ("title", "objectives")


@register(Workstream)
class WorkstreamTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Milestone)
class MilestoneTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(MilestoneKPI)
class MilestoneKPITranslationOptions(TranslationOptions):
    fields = ("label",)


# The history tables need the per-language columns too: django-simple-history builds them
# before modeltranslation adds title_en / title_ja to the tracked models.
@register(ActionPlan.history.model)
class HistoricalActionPlanTranslationOptions(TranslationOptions):
    fields = ("title", "objectives")


@register(Milestone.history.model)
class HistoricalMilestoneTranslationOptions(TranslationOptions):
    fields = ("title", "description")
