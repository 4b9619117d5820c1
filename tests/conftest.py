import pytest
from django.core.cache import cache
from django.utils import translation

from . import factories


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
