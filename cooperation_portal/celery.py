"""The Celery application: configured from Django's settings (``CELERY_*``)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cooperation_portal.settings.base")

app = Celery("cooperation_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The notification tasks live in a room of the exchanges app, not in ``exchanges/tasks.py``.
app.autodiscover_tasks(["exchanges.notifications"])
# The default app in every thread too (a thread without one would get a fresh, unconfigured
# app from celery.shared_task).
app.set_default()
