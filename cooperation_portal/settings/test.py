"""Settings for the test suite: the base settings on the machine's PostgreSQL and Redis.

Only what makes tests faster or deterministic differs; everything else is the real thing.
"""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cooperation_portal")
# A database number of its own, so flushing it between tests touches nothing else.
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")


def _own_redis_database(url: str, worker: str) -> str:
    """With pytest-xdist, each test process flushes its cache between tests: give process
    ``gwN`` its own pair of Redis databases (cache and the worker tests' broker), two below
    the previous process's (15/14, 13/12, …)."""
    from urllib.parse import urlparse

    parsed = urlparse(url)
    number = int((parsed.path or "/0").lstrip("/") or 0)
    return parsed._replace(path=f"/{(number - 2 * int(worker.removeprefix('gw'))) % 16}").geturl()


if os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ["REDIS_URL"] = _own_redis_database(
        os.environ["REDIS_URL"], os.environ["PYTEST_XDIST_WORKER"]
    )
os.environ.setdefault("SECRET_KEY", "test-only-key-" + "x" * 50)
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("LANGUAGE_COOKIE_SECURE", "false")
os.environ.setdefault("CACHE_KEY_PREFIX", "portal-test")
# Uploads, thumbnails and one-page PDFs go to a directory of this test process's own, which
# the worker processes it starts inherit through the environment; it is removed at exit.
if "MEDIA_ROOT" not in os.environ:
    import atexit
    import shutil
    import tempfile

    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="portal-test-media-")
    atexit.register(shutil.rmtree, os.environ["MEDIA_ROOT"], ignore_errors=True)
# Each test opens and closes its connections as pytest-django expects.
os.environ.setdefault("CONN_MAX_AGE", "0")

from .base import *  # noqa: E402, F403 - read after the environment above is set
from .base import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Views' tasks run in-process; tests of the worker itself start a real worker on Redis.
CELERY_TASK_ALWAYS_EAGER = True
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the app and project folders, as DEBUG does, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
