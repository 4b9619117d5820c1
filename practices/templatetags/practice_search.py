"""The words of a search marked in the results: ``{% marked_title practice %}``, with the
page's ``highlighter`` (``search.Highlighter``) when it has one."""

from typing import Any

from django import template
from django.template.defaultfilters import truncatechars
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

from practices.search import SUMMARY_LENGTH, Highlighter

register = template.Library()


def _highlighter(context: Any) -> Highlighter | None:
    found = context.get("highlighter")
    return found if isinstance(found, Highlighter) else None


@register.simple_tag(takes_context=True)
def marked_title(context: Any, practice: Any) -> SafeString:
    """The title shown, escaped, with the search's words in ``<mark>`` when there is one."""
    highlighter = _highlighter(context)
    if highlighter is None:
        return conditional_escape(practice.title)
    return highlighter.title(practice)


@register.simple_tag(takes_context=True)
def marked_summary(context: Any, practice: Any) -> SafeString:
    """The summary shown, shortened as a card shows it, marked like ``marked_title``."""
    highlighter = _highlighter(context)
    if highlighter is None:
        return conditional_escape(truncatechars(practice.summary, SUMMARY_LENGTH))
    return highlighter.summary(practice)
