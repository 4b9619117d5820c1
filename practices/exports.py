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

from cooperation_portal.links import absolute_url

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
    filterset = PracticeFilter(request.GET or None, queryset=selectors.published_practices())
    if filterset.is_bound and not filterset.is_valid():
        return None
    cleaned = filterset.form.cleaned_data if filterset.is_bound else {}
    signature = repr(sorted((k, repr(v)) for k, v in cleaned.items()))
    digest = hashlib.sha256(signature.encode()).hexdigest()
    language = (get_language() or "en")[:2]
    return filterset, f"practices:export:{selectors.catalogue_version()}:{language}:{digest}"


def _practices(filterset: PracticeFilter) -> Iterator[BestPractice]:
    queryset = filterset.qs.prefetch_related("sdgs")[:MAX_ROWS]
    return queryset.iterator(chunk_size=CHUNK)


def _rows(practices: Iterable[BestPractice]) -> Iterator[dict[str, Any]]:
    # One reverse() for every row: the practice's address with its slug put in.
    marker = "slug-placeholder"
    url_template = absolute_url(reverse("practices:detail", kwargs={"slug": marker}))
    for practice in practices:
        yield {
            "slug": practice.slug,
            "url": url_template.replace(marker, practice.slug),
            "title_en": practice.title_en,
            "title_ja": practice.title_ja,
            "summary_en": practice.summary_en,
            "summary_ja": practice.summary_ja,
            "lead": str(practice.lead),
            "region": practice.region,
            "cities": [c.slug for c in practice.city_list()],
            "themes": [t.slug for t in practice.theme_list()],
            "sdgs": [g.number for g in practice.sdgs.all()],
            "stage": practice.stage,
            "start_year": practice.start_year,
            "end_year": practice.end_year,
            "published_at": practice.published_at.isoformat() if practice.published_at else None,
        }


def _csv(rows: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # a BOM, so that spreadsheet programs read the Japanese as UTF-8
    writer.writerow([*COLUMNS, "licence"])
    licence = f"{LICENCE} ({LICENCE_URL}), {ATTRIBUTION}"
    for n, row in enumerate(rows, start=1):
        writer.writerow(
            [";".join(map(str, v)) if isinstance(v, list) else v for v in row.values()] + [licence]
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
