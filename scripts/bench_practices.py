"""Benchmark of the best-practice catalogue and search on PostgreSQL.

Loads N synthetic practices in English and Japanese into a database of its own
(``cooperation_portal_bench`` on the test server unless BENCH_DATABASE_URL says otherwise),
indexed exactly as the portal indexes them (practices.search.index_documents, the same
configurations and weights), then requests pages through Django's test client and reports
p50/p95 latency and the SQL query count per page, for each N.

    make bench                      # N = 1,000 / 10,000 / 100,000
    python scripts/bench_practices.py --sizes 1000 5000 --repeat 20
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import TypedDict

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cooperation_portal_bench"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cooperation_portal.settings.test")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from scripts.bench_data import ensure_database, load  # noqa: E402

CASES = [
    ("catalogue, page 1", "/en/practices/", {}),
    ("catalogue, theme filter, page 3", "/ja/practices/", {"theme": "energy", "page": "3"}),
    ("search EN 'buses'", "/en/practices/", {"q": "buses"}),
    ("search EN 'insulation'", "/en/practices/", {"q": "insulation"}),
    ("search JA '防災'", "/ja/practices/", {"q": "防災"}),
    ("search JA '交通'", "/ja/practices/", {"q": "交通"}),
    ("search JA '断熱' + theme", "/ja/practices/", {"q": "断熱", "theme": "energy"}),
    ("search EN 'street' (~10 % of texts)", "/en/practices/", {"q": "street"}),
    ("search JA '整備' (~10 % of texts)", "/ja/practices/", {"q": "整備"}),
    ("search EN 'city' (in every text)", "/en/practices/", {"q": "city"}),
]


def _percentiles(timings: list[float]) -> tuple[float, float]:
    timings = sorted(timings)
    return statistics.median(timings), timings[max(0, round(0.95 * len(timings)) - 1)]


class Measurement(TypedDict):
    warm: tuple[float, float]
    cold: tuple[float, float]
    queries: int
    cached_queries: int
    search_sql_ms: float
    results: int


def measure(client: Client, url: str, params: dict, repeat: int) -> Measurement:
    """Warm: facet counts cached, as for every visitor but the first after a change.
    Cold: the cache emptied before each request.

    Django's test environment is not set up, so templates render as in production (the test
    instrumentation copies every template's context, which costs several milliseconds)."""
    warm, cold = [], []
    client.get(url, params)
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url, params)
        warm.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    for _ in range(max(5, repeat // 3)):
        cache.clear()
        started = time.perf_counter()
        client.get(url, params)
        cold.append((time.perf_counter() - started) * 1000)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    with CaptureQueriesContext(connection) as cached_queries:
        client.get(url, params)
    search_sql = [
        float(q["time"]) * 1000 for q in queries.captured_queries if "ts_rank" in q["sql"]
    ]
    return {
        "warm": _percentiles(warm),
        "cold": _percentiles(cold),
        "queries": len(queries),
        "cached_queries": len(cached_queries),
        "search_sql_ms": max(search_sql) if search_sql else 0.0,
        "results": _results(url, params),
    }


def _results(url: str, params: dict) -> int:
    from django.http import QueryDict
    from django.utils import translation
    from django.utils.http import urlencode

    from practices import selectors
    from practices.filters import PracticeFilter

    data = QueryDict(urlencode(params)) if params else None
    with translation.override(url.split("/")[1]):
        return PracticeFilter(data, queryset=selectors.published_practices()).qs.count()


def explain_search(q: str) -> str:
    from practices import search
    from practices.models import BestPractice

    queryset = search.search(BestPractice.objects.published(), q).order_by("-rank")[:20]
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--explain", action="store_true", help="print the search plans")
    options = parser.parse_args()
    ensure_database()
    rng = random.Random(2021)  # noqa: S311 - the same synthetic data on every run
    client = Client(HTTP_HOST="127.0.0.1")
    print(
        "| N | page | p50 ms | p95 ms | cold p50 | cold p95 | queries (cold/warm) |"
        " search SQL ms | results |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|"
    )
    for size in sorted(options.sizes):
        load(size, rng)
        for label, url, params in CASES:
            m = measure(client, url, params, options.repeat)
            print(
                f"| {size:,} | {label} | {m['warm'][0]:.1f} | {m['warm'][1]:.1f} |"
                f" {m['cold'][0]:.1f} | {m['cold'][1]:.1f} |"
                f" {m['queries']}/{m['cached_queries']} | {m['search_sql_ms']:.1f} |"
                f" {m['results']:,} |",
                flush=True,
            )
        if options.explain:
            for q in ("buses", "防災"):
                print(explain_search(q))
    print("Database:", connection.settings_dict["NAME"], "(drop it when done)")


if __name__ == "__main__":
    main()
