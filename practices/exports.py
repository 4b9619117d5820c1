"""CSV and JSON exports of the catalogue, with the same filters as the page.

An export is streamed row by row (the first bytes leave at once, memory stays flat) and kept
in the cache per set of filters, language and format until the published catalogue changes
(``selectors.catalogue_version``), so asking again for the same data costs a cache read.
"""

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from cities.models import City, CoordinatingBody
from cooperation_portal.links import absolute_url
from cooperation_portal.spreadsheets import safe_cell

from . import selectors
from .filters import PracticeFilter
from .models import BestPractice

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = "Japan–EU Smart City Cooperation"
#: An export is a data set, not an unbounded dump: the filters narrow it further.
MAX_ROWS = 10_000
#: Rows read from the database at a time (with their themes, cities and SDGs).
CHUNK = 1000
EXPORT_CACHE_SECONDS = 3600
#: Exports larger than this are streamed every time rather than kept.
MAX_CACHED_BYTES = 32 * 1024 * 1024

COLUMNS = [
    "slug",
    "url",
    "title_en",
    "title_ja",
    "summary_en",
    "summary_ja",
    "lead",
    "region",
    "cities",
    "themes",
    "sdgs",
    "stage",
    "start_year",
    "end_year",
    "published_at",
]


def _filtered(request: HttpRequest) -> tuple[PracticeFilter, str] | None:
    """The filterset and the cache key of this export, or None when a filter is invalid."""
    filterset = PracticeFilter(request.GET or None, queryset=BestPractice.objects.published())
    if filterset.is_bound and not filterset.is_valid():
        return None
    cleaned = filterset.form.cleaned_data if filterset.is_bound else {}
    signature = repr(sorted((k, repr(v)) for k, v in cleaned.items()))
    digest = hashlib.sha256(signature.encode()).hexdigest()
    language = (get_language() or "en")[:2]
    return filterset, f"practices:export:{selectors.catalogue_version()}:{language}:{digest}"


#: The columns read for a row (no model instances: at 10,000 rows they cost seconds).
_FIELDS = (
    "pk", "slug", "title_en", "title_ja", "summary_en", "summary_ja", "lead_city_id",
    "lead_body_id", "region", "stage", "start_year", "end_year", "published_at",
)  # fmt: skip


def _practices(filterset: PracticeFilter) -> Iterator[list[dict[str, Any]]]:
    """The filtered practices as lists of plain rows, CHUNK at a time."""
    rows = filterset.qs.values(*_FIELDS)[:MAX_ROWS].iterator(chunk_size=CHUNK)
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _related(ids: list[int]) -> dict[str, dict[int, list[Any]]]:
    """For these practices, their themes, cities (by slug, in the programme's order) and SDGs:
    three queries on the link tables."""
    links = {
        "themes": BestPractice.themes.through.objects.filter(bestpractice_id__in=ids)
        .order_by("theme__position", "theme__slug")
        .values_list("bestpractice_id", "theme__slug"),
        "cities": BestPractice.cities.through.objects.filter(bestpractice_id__in=ids)
        .order_by("city__position")
        .values_list("bestpractice_id", "city__slug"),
        "sdgs": BestPractice.sdgs.through.objects.filter(bestpractice_id__in=ids)
        .order_by("sustainabledevelopmentgoal__number")
        .values_list("bestpractice_id", "sustainabledevelopmentgoal__number"),
    }
    found: dict[str, dict[int, list[Any]]] = {}
    for name, pairs in links.items():
        table: dict[int, list[Any]] = {}
        for practice_id, value in pairs:
            table.setdefault(practice_id, []).append(value)
        found[name] = table
    return found


def _rows(chunks: Iterable[list[dict[str, Any]]]) -> Iterator[dict[str, Any]]:
    # One reverse() for every row: the practice's address with its slug put in.
    marker = "slug-placeholder"
    url_template = absolute_url(reverse("practices:detail", kwargs={"slug": marker}))
    # The leads' names in the current language, as str() of a city or body gives them.
    cities = {c.pk: str(c) for c in City.objects.all()}
    bodies = {b.pk: str(b) for b in CoordinatingBody.objects.all()}
    for chunk in chunks:
        related = _related([row["pk"] for row in chunk])
        for row in chunk:
            pk = row["pk"]
            lead = cities.get(row["lead_city_id"]) or bodies.get(row["lead_body_id"]) or ""
            published = row["published_at"]
            yield {
                "slug": row["slug"],
                "url": url_template.replace(marker, row["slug"]),
                "title_en": row["title_en"],
                "title_ja": row["title_ja"],
                "summary_en": row["summary_en"],
                "summary_ja": row["summary_ja"],
                "lead": lead,
                "region": row["region"],
                "cities": related["cities"].get(pk, []),
                "themes": related["themes"].get(pk, []),
                "sdgs": related["sdgs"].get(pk, []),
                "stage": row["stage"],
                "start_year": row["start_year"],
                "end_year": row["end_year"],
                "published_at": published.isoformat() if published else None,
            }


def _csv(rows: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # a BOM, so that spreadsheet programs read the Japanese as UTF-8
    writer.writerow([*COLUMNS, "licence"])
    licence = f"{LICENCE} ({LICENCE_URL}), {ATTRIBUTION}"
    for n, row in enumerate(rows, start=1):
        # Every cell a spreadsheet could run as a formula is neutralised (see spreadsheets).
        writer.writerow(
            [safe_cell(";".join(map(str, v)) if isinstance(v, list) else v) for v in row.values()]
            + [licence]
        )
        if n % 200 == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def _json(rows: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    head = {
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "attribution": ATTRIBUTION,
        "language": get_language(),
        "generated_at": timezone.now().isoformat(),
        "source": settings.PORTAL_BASE_URL,
    }
    opening = json.dumps(head, ensure_ascii=False, indent=1)[:-2]  # without the closing "\n}"
    yield (opening + ',\n "practices": [').encode()
    separator = "\n  "
    for row in rows:
        yield (separator + json.dumps(row, ensure_ascii=False)).encode()
        separator = ",\n  "
    yield b"\n ]\n}\n"


def _kept(key: str, chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Pass ``chunks`` on, and keep the whole export once it was sent to the end."""
    sent: list[bytes] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size <= MAX_CACHED_BYTES:
            sent.append(chunk)
        yield chunk
    if size <= MAX_CACHED_BYTES:
        cache.set(key, b"".join(sent), EXPORT_CACHE_SECONDS)


def _export(request: HttpRequest, kind: str) -> HttpResponse | StreamingHttpResponse:
    found = _filtered(request)
    if found is None:
        return HttpResponseBadRequest(
            "A filter of this export is not valid.", content_type="text/plain; charset=utf-8"
        )
    filterset, key = found
    key = f"{key}:{kind}"
    body = cache.get(key)
    if body is not None:
        chunks: Iterator[bytes] = iter([body])
    else:
        rows = _rows(_practices(filterset))
        chunks = _kept(key, _csv(rows) if kind == "csv" else _json(rows))
    if kind == "csv":
        response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
        stamp = timezone.now().strftime("%Y%m%d")
        response["Content-Disposition"] = f'attachment; filename="best-practices-{stamp}.csv"'
    else:
        response = StreamingHttpResponse(chunks, content_type="application/json")
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    response["X-Robots-Tag"] = "noindex"
    return response


def export_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    return _export(request, "csv")


def export_json(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    return _export(request, "json")
