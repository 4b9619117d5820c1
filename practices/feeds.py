"""RSS and Atom feeds of newly published practices.

Titles are sent as typed (``Brno's``, ``R&D``; the feed generator escapes them for XML once);
an RSS title that would look like HTML to a reader is escaped once as HTML (``rss_title``).
Summaries are sent as HTML (how readers take an RSS description and an Atom ``type="html"``
summary), so they are escaped once as HTML first and read as plain text. A practice written
only in the other language is shown in it, and its entry says so with ``xml:lang``.
"""

import re
from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import BestPractice

#: What makes a reader take an RSS text for HTML: a tag or an entity reference.
_LOOKS_LIKE_HTML = re.compile(r"[<>]|&#?\w+;")


def rss_title(text: str) -> str:
    """An RSS item title that every reader shows as typed. RSS 2.0 does not say whether a
    title is text or HTML, so readers guess (feedparser, and the readers built on it, take it
    for HTML when it holds a tag or an entity). A title that would look like HTML is escaped
    once, which every such reader renders back to the typed text and which is never live
    markup; any other title (``Brno's R&D``) is sent as it is, read the same either way."""
    return escape(text) if _LOOKS_LIKE_HTML.search(text) else text


class _EntryLanguage:
    """``xml:lang`` on an item or entry whose text is in another language than the feed's."""

    feed: dict[str, Any]

    def item_attributes(self, item: dict[str, Any]) -> dict[str, str]:
        attributes = super().item_attributes(item)  # type: ignore[misc]
        language = item.get("language")
        if language and language != self.feed["language"]:
            attributes["xml:lang"] = language
        return attributes


class RssFeed(_EntryLanguage, Rss201rev2Feed):
    pass


class AtomFeed(_EntryLanguage, Atom1Feed):
    pass


class LatestPracticesFeed(Feed):
    """Newly published practices, in the language of the URL (/en/… or /ja/…): with no
    ``language`` attribute, Django's Feed declares the active language."""

    feed_type: type = RssFeed
    title = _("Best practices · Japan–EU Smart City Cooperation")
    description = _("Newly published best practices of the Japanese and European partner cities.")

    def link(self) -> str:
        return reverse("practices:catalogue")

    def feed_url(self) -> str:
        return reverse("practices:feed_rss")

    def items(self) -> list[BestPractice]:
        return list(selectors.published_practices().order_by("-published_at")[:30])

    def item_title(self, item: BestPractice) -> str:
        return rss_title(str(item.title))

    def item_description(self, item: BestPractice) -> str:
        # Readers render a description as HTML: escape it, so the summary stays plain text.
        return escape(item.summary)

    def item_pubdate(self, item: BestPractice) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: BestPractice) -> datetime:
        return item.updated_at

    def item_categories(self, item: BestPractice) -> list[str]:
        return [t.name for t in item.theme_list()]

    def item_author_name(self, item: BestPractice) -> str:
        return str(item.lead)

    def item_extra_kwargs(self, item: BestPractice) -> dict[str, Any]:
        """The language the practice's title is shown in: the feed's, or the other one when it
        is written only in that (modeltranslation's fallback)."""
        language = get_language()
        if not getattr(item, f"title_{language}", ""):
            language = "ja" if language == "en" else "en"
        return {"language": language}


class LatestPracticesAtomFeed(LatestPracticesFeed):
    feed_type = AtomFeed
    subtitle = LatestPracticesFeed.description

    def item_title(self, item: BestPractice) -> str:
        # An Atom title without a type is text (RFC 4287, 3.1.1.1): readers show it as such.
        return str(item.title)

    def feed_url(self) -> str:
        return reverse("practices:feed_atom")
