"""One helper for counting SQL queries (after Zulip's ``assert_database_query_count``).

``assert_queries(n)`` fails with every statement listed when a block runs any other number
than ``n``, so a changed count says at once which query came or went.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


@contextmanager
def assert_queries(expected: int) -> Iterator[CaptureQueriesContext]:
    with CaptureQueriesContext(connection) as captured:
        yield captured
    if len(captured) != expected:
        statements = "\n".join(
            f"{number:>3}. {query['sql']}" for number, query in enumerate(captured, start=1)
        )
        pytest.fail(f"{len(captured)} queries, expected {expected}:\n{statements}", pytrace=False)


def count_queries(client, url: str, *, status: int = 200, cold: bool = True) -> int:
    """How many queries one GET of ``url`` runs (with the cache emptied first: the uncached
    path is the one that could grow with the rows)."""
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return len(captured)


def assert_page_queries(client, url: str, expected: int, *, status: int = 200) -> None:
    """One GET of ``url`` (cache emptied first) runs exactly ``expected`` queries."""
    cache.clear()
    with assert_queries(expected):
        response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
