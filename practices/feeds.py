from datetime import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import BestPractice


class LatestPracticesFeed(Feed):
    """Newly published practices, in the language of the URL (/en/… or /ja/…): with no
    ``language`` attribute, Django's Feed declares the active language."""

    title = _("Best practices · Japan–EU Smart City Cooperation")
    description = _("Newly published best practices of the Japanese and European partner cities.")

    def link(self) -> str:
        return reverse("practices:catalogue")

    def feed_url(self) -> str:
        return reverse("practices:feed_rss")

    def items(self) -> list[BestPractice]:
        return list(selectors.published_practices().order_by("-published_at")[:30])

    def item_title(self, item: BestPractice) -> str:
        return escape(item.title)

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


class LatestPracticesAtomFeed(LatestPracticesFeed):
    feed_type = Atom1Feed
    subtitle = LatestPracticesFeed.description

    def feed_url(self) -> str:
        return reverse("practices:feed_atom")
