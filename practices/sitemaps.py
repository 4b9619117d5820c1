from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from cities.models import City, CoordinatingBody

from .models import BestPractice


class _Bilingual(Sitemap):
    """Every URL in English and Japanese, with hreflang alternates and an x-default."""

    i18n = True
    alternates = True
    x_default = True
    languages = ("en", "ja")


class PracticeSitemap(_Bilingual):
    changefreq = "weekly"
    priority = 0.8

    def items(self) -> QuerySet[BestPractice]:
        return BestPractice.objects.published().order_by("pk")

    def lastmod(self, item: BestPractice) -> datetime:
        return item.updated_at


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
