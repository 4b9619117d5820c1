"""``/sitemap.xml``: an index of paged sitemaps, each page cached until the catalogue changes.

Django's i18n sitemaps build the list of (item, language) pairs for *every* item before taking
one page of it; at 100,000 practices that is every row, for every page and for the index. The
practices' sitemap here pages in the database instead (``_PagedPairs``), and reads only the
columns its URLs need.
"""

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.cache import cache
from django.db.models import Max, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from cities.models import City, CoordinatingBody

from .models import BestPractice
from .selectors import catalogue_version

SITEMAP_CACHE_SECONDS = 3600


class _Bilingual(Sitemap):
    """Every URL in English and Japanese, with hreflang alternates and an x-default."""

    i18n = True
    alternates = True
    x_default = True
    languages = ("en", "ja")


class _PagedPairs(Sequence[Any]):
    """The (item, language) pairs of a queryset, counted and sliced by the database."""

    def __init__(self, queryset: QuerySet, languages: Sequence[str]) -> None:
        self.queryset = queryset
        self.languages = list(languages)
        self._count: int | None = None

    def count(self, value: Any = None) -> int:
        """The number of pairs (Paginator asks with no argument)."""
        if self._count is None:
            self._count = self.queryset.count() * len(self.languages)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: Any) -> Any:
        width = len(self.languages)
        if not isinstance(index, slice):
            item = self.queryset[index // width]
            return (item, self.languages[index % width])
        start, stop, _step = index.indices(self.count())
        first, last = start // width, -(-stop // width)
        pairs = [(item, lang) for item in self.queryset[first:last] for lang in self.languages]
        offset = start - first * width
        return pairs[offset : offset + max(stop - start, 0)]


class PracticeSitemap(_Bilingual):
    changefreq = "weekly"
    priority = 0.8
    #: Practices per page, times two languages: about 300 KB of XML.
    limit = 1000

    def items(self) -> QuerySet[BestPractice]:
        return (
            BestPractice.objects.published()
            .only("pk", "slug", "updated_at", "revision_of")
            .order_by("pk")
        )

    def _items(self) -> Any:
        return _PagedPairs(self.items(), self.languages)

    def lastmod(self, item: BestPractice) -> datetime:
        return item.updated_at

    def get_latest_lastmod(self) -> datetime | None:
        return BestPractice.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class PageSitemap(_Bilingual):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["home", "cities:city_list", "practices:catalogue"]

    def location(self, item: str) -> str:
        return reverse(item)


class CitySitemap(_Bilingual):
    changefreq = "monthly"

    def items(self) -> list:
        return [*City.objects.all(), *CoordinatingBody.objects.all()]


SITEMAPS = {"pages": PageSitemap, "cities": CitySitemap, "practices": PracticeSitemap}


def _cached(view: Callable[..., Any], name: str) -> Callable[..., HttpResponse]:
    """``view``'s answer, kept per catalogue version, host and page (``?p=``)."""

    def cached_view(request: HttpRequest, section: str = "") -> HttpResponse:
        page = request.GET.get("p", "1")[:12]
        key = ":".join(
            ["sitemap", str(catalogue_version()), name, section, page, request.scheme or "",
             request.get_host()]
        )  # fmt: skip
        found = cache.get(key)
        if found is not None:
            response = HttpResponse(found, content_type="application/xml")
            response["X-Robots-Tag"] = "noindex, noodp, noarchive"
            return response
        kwargs: dict[str, Any] = {"sitemaps": SITEMAPS}
        if section:
            kwargs["section"] = section
        else:
            kwargs["sitemap_url_name"] = "sitemap_section"
        response = view(request, **kwargs)
        response.render()
        if response.status_code == 200:
            cache.set(key, response.content, SITEMAP_CACHE_SECONDS)
        return response

    return cached_view


sitemap_index = _cached(sitemap_views.index, "index")
sitemap_section = _cached(sitemap_views.sitemap, "section")
