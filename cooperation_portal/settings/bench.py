"""Settings of `make bench-load`: production's, plus the "floor" view that measures what the
framework costs before any page does any work. Nothing else differs."""

from .base import *  # noqa: F403

ROOT_URLCONF = "cooperation_portal.bench_urls"
