"""CSV and JSON exports of the catalogue, with the same filters as the page."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import get_language

from cooperation_portal.links import absolute_url
from cooperation_portal.spreadsheets import csv_response

from . import selectors
from .filters import PracticeFilter
from .models import BestPractice

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = "Japan–EU Smart City Cooperation"
#: An export is a data set, not an unbounded dump: the filters narrow it further.
MAX_ROWS = 10_000

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


def _rows(request: HttpRequest) -> list[dict]:
    filterset = PracticeFilter(request.GET or None, queryset=selectors.published_practices())
    practices = filterset.qs.prefetch_related("sdgs")[:MAX_ROWS]
    return [_row(request, p) for p in practices]


def _row(request: HttpRequest, practice: BestPractice) -> dict:
    return {
        "slug": practice.slug,
        "url": absolute_url(practice.get_absolute_url()),
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


def _licence_headers[R: HttpResponse](response: R) -> R:
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    response["X-Robots-Tag"] = "noindex"
    return response


def export_csv(request: HttpRequest) -> HttpResponse:
    stamp = timezone.now().strftime("%Y%m%d")
    licence = f"{LICENCE} ({LICENCE_URL}), {ATTRIBUTION}"
    rows = (
        [";".join(map(str, v)) if isinstance(v, list) else v for v in row.values()] + [licence]
        for row in _rows(request)
    )
    response = csv_response(f"best-practices-{stamp}.csv", [*COLUMNS, "licence"], rows)
    return _licence_headers(response)


def export_json(request: HttpRequest) -> JsonResponse:
    payload = {
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "attribution": ATTRIBUTION,
        "language": get_language(),
        "generated_at": timezone.now().isoformat(),
        "source": settings.PORTAL_BASE_URL,
        "practices": _rows(request),
    }
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False, "indent": 1})
    return _licence_headers(response)
