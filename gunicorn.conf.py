"""gunicorn's settings for the portal, as deployed (docker-compose) and as `make bench-load`
measures it. Each may be set in the environment.

Sync workers: a request holds its worker until it is answered, so a slow client or a slow page
blocks one worker, never the others. Each worker keeps one PostgreSQL connection open
(CONN_MAX_AGE): PostgreSQL must allow (workers per container) times (web containers), plus
the Celery processes.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# The application is imported once, before the workers are forked: they start at once and share
# its memory. (Django opens no database connection at import, so none is shared by mistake.)
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# A worker is replaced after this many requests (with jitter, not all at once): memory that
# grows slowly in a long-lived process is given back.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Bounds on what a request may send before the portal sees it (its body has the portal's own
# limit, MAX_REQUEST_BYTES).
limit_request_line = 8190
limit_request_fields = 100
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
# Behind the TLS proxy the README requires: trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server):  # gunicorn calls it once, in the master, before forking
    """A new deployment: the public pages kept by the previous one were rendered by other code
    and templates (cooperation_portal.public_cache), so none of them is served any more."""
    from django.conf import settings

    if not settings.PUBLIC_PAGE_CACHE_SECONDS:
        return
    from django.core.cache import cache

    from cooperation_portal.public_cache import pages_changed

    try:
        pages_changed()
    except Exception:  # Redis down: the workers render every page meanwhile
        server.log.warning("Could not drop the public pages kept before this start")
    finally:
        cache.close()  # no connection of the master's is shared with the forked workers
