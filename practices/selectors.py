"""Reads of practices that pages share, with their joins done up front so that a page runs the
same number of queries whatever the number of rows."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, Max, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL

from accounts import permissions
from accounts.models import User
from cities.models import City, Region
from cooperation_portal import public_cache

from .models import BestPractice, PracticeImage, Status, SustainableDevelopmentGoal, Theme

#: Facets of the catalogue: URL parameter -> what is counted for it.
FACETS = {
    "theme": "themes__slug",
    "city": "cities__slug",
    "region": "region",
    "stage": "stage",
    "sdg": "sdgs__number",
    "year": "start_year",
}


def with_cards(queryset: QuerySet[BestPractice]) -> QuerySet[BestPractice]:
    """What a practice card shows: lead, themes, cities."""
    return queryset.select_related("lead_city", "lead_body").prefetch_related(
        # Lists rather than querysets: a template reading them clones nothing.
        Prefetch(
            "themes", queryset=Theme.objects.order_by("position"), to_attr="prefetched_themes"
        ),
        Prefetch("cities", queryset=City.objects.order_by("position"), to_attr="prefetched_cities"),
    )


def published_practices() -> QuerySet[BestPractice]:
    return with_cards(BestPractice.objects.published())


def practice_for_detail(queryset: QuerySet[BestPractice]) -> QuerySet[BestPractice]:
    return with_cards(queryset).prefetch_related(
        "sdgs",
        "results",
        "links",
        "attachments",
        "transitions__by",
        Prefetch("images", queryset=PracticeImage.objects.all(), to_attr="prefetched_images"),
    )


log = logging.getLogger(__name__)

CATALOGUE_VERSION_KEY = "practices:catalogue-version"
FACET_CACHE_SECONDS = 3600


def practice_by_old_slug(slug: str) -> BestPractice | None:
    """The practice that ``slug`` used to name, if any."""
    return BestPractice.objects.originals().filter(old_slugs__slug=slug).first()


def catalogue_version() -> int:
    """The number that changes whenever the published catalogue does (see below)."""
    return int(cache.get_or_set(CATALOGUE_VERSION_KEY, 1, None) or 1)


def catalogue_changed() -> None:
    """Called after any change to a published practice (see signals.py): a new version number
    makes every cached facet count stale at once, and a worker refills the counts of the
    unfiltered catalogue, so that its next visitor does not wait for them."""
    try:
        cache.incr(CATALOGUE_VERSION_KEY)
    except ValueError:
        cache.set(CATALOGUE_VERSION_KEY, 1, None)
    # A page kept after the commit but before the counts' new version would keep old counts.
    public_cache.pages_changed()
    from .tasks import warm_catalogue

    try:
        warm_catalogue.apply_async(retry=False)
    except Exception:  # a cache refill is a nicety; the page computes it anyway
        log.warning("Could not ask for the catalogue counts to be refilled", exc_info=True)


def facet_counts(filterset: Any, base: QuerySet[BestPractice]) -> dict[str, Any]:
    """For each facet, how many practices each value would give, with every *other* valid
    filter of the page applied (so choosing a second theme shows what it adds), and under
    ``"total"`` the number of practices with all filters applied.

    Counting over the whole catalogue is the costly part of the page at 100,000 practices,
    and it only changes when the catalogue does: the counts are cached per set of filters and
    per catalogue version (see ``catalogue_changed``).
    """
    cleaned = filterset.form.cleaned_data if filterset.is_bound else {}
    version = cache.get_or_set(CATALOGUE_VERSION_KEY, 1, None)
    signature = repr(sorted((k, repr(v)) for k, v in cleaned.items() if k != "sort"))
    key = f"practices:facets:{version}:{hashlib.sha256(signature.encode()).hexdigest()}"
    counts = cache.get(key)
    if counts is None:
        counts = _count_facets(filterset, cleaned, base)
        counts["total"] = filterset.qs.order_by().count()
        cache.set(key, counts, FACET_CACHE_SECONDS)
    return counts


def _count_facets(filterset: Any, cleaned: dict, base: QuerySet[BestPractice]) -> dict[str, dict]:
    """One query per facet, with the filterset's cleaned values (nothing validated twice)."""
    counts: dict[str, dict] = {}
    for facet, path in FACETS.items():
        subset = base
        for name, value in cleaned.items():
            if name not in (facet, "sort") and value not in (None, "", []):
                subset = filterset.filters[name].filter(subset, value)
        rows = (
            BestPractice.objects.filter(pk__in=subset.order_by().values("pk"))
            .exclude(**{f"{path}__isnull": True})
            .values(path)
            .annotate(n=Count("pk", distinct=True))
            .order_by()
        )
        counts[facet] = {row[path]: row["n"] for row in rows}
    return counts


def facet_options() -> dict[str, list]:
    """The themes, cities and SDGs the facets are labelled with (both languages), cached with
    the catalogue version: they change when a coordinator adds a theme."""
    version = cache.get_or_set(CATALOGUE_VERSION_KEY, 1, None)
    key = f"practices:facet-options:{version}"
    options = cache.get(key)
    if options is None:
        options = {
            "themes": list(Theme.objects.all()),
            "cities": list(City.objects.all()),
            "sdgs": list(SustainableDevelopmentGoal.objects.all()),
        }
        cache.set(key, options, FACET_CACHE_SECONDS)
    return options


#: Related practices are looked for among the other region's newest published practices only,
#: so that a practice page costs the same whether a theme is common or rare.
RELATED_CANDIDATES = 500


def related_from_other_region(practice: BestPractice, limit: int = 4) -> list[BestPractice]:
    """Published practices on the other side of the programme that share a theme: the newest
    ``limit`` among the other region's ``RELATED_CANDIDATES`` newest practices. A practice
    older than those is not offered, whatever it shares; the catalogue's theme filter lists
    them all.

    The ids are chosen from indexes alone (the other region's newest from
    ``practice_region_newest``, each tested with an EXISTS on the link table's unique index),
    so only the ``limit`` rows shown are read from the table: the query costs the same whether
    a theme is common or rare. Django cannot write a LIMIT inside FROM, hence the SQL."""
    theme_ids = [t.pk for t in practice.theme_list()]
    if not theme_ids:
        return []
    other = Region.JAPAN if practice.region == Region.EUROPE else Region.EUROPE
    if connection.vendor != "postgresql":  # the SQLite of ``make run``: a few rows
        sharing = BestPractice.themes.through.objects.filter(theme__in=theme_ids)
        return list(
            published_practices()
            .filter(region=other, pk__in=sharing.values("bestpractice_id"))
            .exclude(pk=practice.pk)
            .order_by("-published_at", "-pk")[:limit]
        )
    table = BestPractice._meta.db_table
    links = BestPractice.themes.through._meta.db_table
    chosen = RawSQL(  # noqa: S611 - parameters only; the names are our tables
        f"SELECT c.id FROM (SELECT id, published_at FROM {table}"  # noqa: S608 - our tables
        " WHERE status = %s AND revision_of_id IS NULL AND region = %s"
        " ORDER BY published_at DESC, id DESC LIMIT %s) c"
        f" WHERE c.id <> %s AND EXISTS (SELECT 1 FROM {links} t"
        "  WHERE t.bestpractice_id = c.id AND t.theme_id = ANY(%s))"
        " ORDER BY c.published_at DESC, c.id DESC LIMIT %s",
        [Status.PUBLISHED, other, RELATED_CANDIDATES, practice.pk, theme_ids, limit],
    )
    return list(published_practices().filter(pk__in=chosen).order_by("-published_at", "-pk"))


def published_total() -> int:
    """How many practices are published, cached with the catalogue version (the home page's
    number; counting 100,000 rows takes tens of milliseconds)."""
    version = cache.get_or_set(CATALOGUE_VERSION_KEY, 1, None)
    key = f"practices:published-total:{version}"
    total = cache.get(key)
    if total is None:
        total = BestPractice.objects.published().count()
        cache.set(key, total, FACET_CACHE_SECONDS)
    return int(total)


#: How many of their published practices an officer's "My practices" lists: a city may lead
#: thousands; the catalogue, filtered by the city, lists them all.
PUBLISHED_SHOWN = 20


def workspace(user: User) -> dict[str, Any]:
    """An officer's own city's practices in progress and their newest published ones (with
    ``published_total`` and ``cities``, for the catalogue link to the rest); for coordinators,
    the review queue and every draft."""
    base = with_cards(BestPractice.objects.select_related("revision_of"))
    in_progress = Q(status__in=[Status.DRAFT, Status.SUBMITTED])
    if permissions.is_coordinator(user):
        mine = base.filter(in_progress).order_by("-updated_at")
        return {
            "to_review": list(mine.filter(status=Status.SUBMITTED)),
            "drafts": list(mine.filter(status=Status.DRAFT)),
            "published": [],
            "published_total": 0,
            "cities": [],
        }
    cities = permissions.officer_city_ids(user)
    team = Q(lead_city__in=cities) | Q(revision_of__lead_city__in=cities) | Q(author=user)
    published, total = _newest_published(user, cities, base)
    return {
        "to_review": [],
        "drafts": list(base.filter(team & in_progress).order_by("-updated_at")),
        "published": published,
        "published_total": total,
        "cities": list(City.objects.filter(pk__in=cities).order_by("name")),
    }


def _newest_published(
    user: User, cities: frozenset[int], base: QuerySet[BestPractice]
) -> tuple[list[BestPractice], int]:
    """The newest ``PUBLISHED_SHOWN`` practices that the officer's cities lead or that they
    wrote, and how many there are. The newest of each kind come from its own index walk (the
    partial index ``practice_lead_city_newest`` and the author's), so a city that leads
    10,000 practices costs the same as one that leads ten."""
    published = BestPractice.objects.filter(status=Status.PUBLISHED, revision_of__isnull=True)
    order = ("-published_at", "-pk")
    newest = [
        *published.filter(lead_city__in=cities)
        .order_by(*order)
        .values_list("pk", "published_at")[:PUBLISHED_SHOWN],
        *published.filter(author=user)
        .order_by(*order)
        .values_list("pk", "published_at")[:PUBLISHED_SHOWN],
    ]
    chosen = sorted(set(newest), key=lambda row: (row[1], row[0]), reverse=True)[:PUBLISHED_SHOWN]
    rows = list(base.filter(pk__in=[pk for pk, _ in chosen]).order_by(*order)) if chosen else []
    # Counted once per catalogue version (a publication, an archiving) and set of cities:
    # counting a city's 10,000 practices takes tens of milliseconds.
    version = cache.get_or_set(CATALOGUE_VERSION_KEY, 1, None)
    key = f"practices:published-of:{user.pk}:{','.join(map(str, sorted(cities)))}:{version}"
    total = cache.get(key)
    if total is None:
        total = published.filter(Q(lead_city__in=cities) | Q(author=user)).count()
        cache.set(key, total, FACET_CACHE_SECONDS)
    return rows, int(total)


# --- Dashboards and figures ----------------------------------------------------------------


def review_queue() -> list[BestPractice]:
    """Submitted practices and revisions, the longest waiting first, each with
    ``submitted_at``: when it was last submitted."""
    return list(
        with_cards(BestPractice.objects.select_related("revision_of", "author"))
        .filter(status=Status.SUBMITTED)
        .annotate(
            submitted_at=Max("transitions__at", filter=Q(transitions__to_status=Status.SUBMITTED))
        )
        .order_by(F("submitted_at").asc(nulls_first=True), "pk")
    )


def by_status_for(user: User) -> dict[str, Any]:
    """An officer's practices (their cities' and their own) by status: drafts (with what a
    coordinator sent back, in ``review_comment``), submitted, published."""
    found = workspace(user)
    drafts = found["drafts"]
    return {
        "sent_back": [p for p in drafts if p.status == Status.DRAFT and p.review_comment],
        "draft": [p for p in drafts if p.status == Status.DRAFT and not p.review_comment],
        "submitted": [p for p in drafts if p.status == Status.SUBMITTED],
        "published": found["published"],
        "published_total": found["published_total"],
    }


def by_theme_and_city() -> tuple[list[Theme], list[City], dict[tuple[int, int], int]]:
    """Published practices counted by theme and lead city: (themes, cities, counts). Two
    queries for the labels, one for the counts, cached with the catalogue version: counting
    100,000 practices takes a while, and the numbers change only with the catalogue."""
    version = cache.get_or_set(CATALOGUE_VERSION_KEY, 1, None)
    key = f"practices:by-theme-and-city:{version}"
    counts = cache.get(key)
    if counts is None:
        # Each (practice, theme) link is unique: count links, no DISTINCT over practices.
        counts = {
            (row["theme_id"], row["bestpractice__lead_city_id"]): row["n"]
            for row in BestPractice.themes.through.objects.filter(
                bestpractice__in=BestPractice.objects.published().filter(lead_city__isnull=False)
            )
            .values("theme_id", "bestpractice__lead_city_id")
            .annotate(n=Count("*"))
            .order_by()
        }
        cache.set(key, counts, FACET_CACHE_SECONDS)
    return list(Theme.objects.all()), list(City.objects.all()), counts
