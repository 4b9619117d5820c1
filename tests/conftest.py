import os
import random
from datetime import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.utils import translation

from . import factories

#: The seed of the property-based suite (tests/security/test_fuzz.py): FUZZ_SEED repeats a run.
FUZZ_SEED = int(os.environ.get("FUZZ_SEED") or random.SystemRandom().randrange(2**32))
# Processes started after this one (pytest-xdist's workers) use the seed printed here.
os.environ["FUZZ_SEED"] = str(FUZZ_SEED)


def pytest_report_header(config):
    return f"fuzz seed: {FUZZ_SEED} (FUZZ_SEED={FUZZ_SEED} repeats this run's junk)"


@pytest.fixture(autouse=True)
def _clock(request):
    """A test that depends on today's date says which day it is with
    ``@pytest.mark.today("2026-11-16T09:00:00Z")``, so it passes on any day it is run.

    ``TEST_NOW=2027-02-15T09:00:00Z make test`` runs every other test on another day: a test
    that then fails depends on the date without saying so.
    """
    marker = request.node.get_closest_marker("today")
    moment = marker.args[0] if marker else os.environ.get("TEST_NOW")
    if not moment:
        yield
        return
    with time_machine.travel(datetime.fromisoformat(moment), tick=True):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in Redis (a database of its own): start every test clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """The locale middleware leaves the last request's language active in the thread; reverse()
    in a test must not depend on which test ran before."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def officer(db):
    return factories.officer("rotterdam", full_name="Daan de Vries")


@pytest.fixture
def japanese_officer(db):
    return factories.officer("kamakura", full_name="高橋 美咲", preferred_language="ja")


@pytest.fixture
def coordinator(db):
    return factories.coordinator("isinnova", full_name="Giulia Rossi")


@pytest.fixture
def site_admin(db):
    return factories.site_admin(full_name="Admin")


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


def pytest_collection_modifyitems(config, items):
    """With pytest-xdist (``--dist loadgroup``), the tests that start Celery workers run one
    after another in one process (they kill workers at chosen moments: two at once would
    disturb each other's timing), and the browser tests share one Chromium."""
    for item in items:
        if item.get_closest_marker("worker"):
            item.add_marker(pytest.mark.xdist_group("worker"))
        elif item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))
