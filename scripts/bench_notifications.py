"""Benchmark of notification delivery: one meeting for 1,000 recipients.

Starts an SMTP sink on 127.0.0.1 and one Celery worker at its default concurrency on the
machine's Redis, schedules a meeting whose participants are 1,000 officers, and measures the
time from the commit to the last e-mail accepted by the sink, with duplicates and missing ones.
Runs on the benchmark database (``cooperation_portal_bench``, see bench_practices.py).

    python scripts/bench_notifications.py [--recipients 1000]
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
import uuid
from collections import Counter
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cooperation_portal_bench"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cooperation_portal.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from cooperation_portal.celery import app as celery_app  # noqa: E402
from tests.services import SmtpSink, Worker, wait_for  # noqa: E402

BROKER = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/13")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=1000)
    options = parser.parse_args()

    from scripts.bench_practices import ensure_database

    ensure_database()
    call_command("migrate", verbosity=0)
    from accounts.models import User
    from cities.models import City, CoordinatingBody, Membership
    from exchanges.meetings import services
    from exchanges.models import Meeting, Notification

    brno = City.objects.get(slug="brno")
    existing = User.objects.filter(email__startswith="bench-").count()
    if existing < options.recipients:
        users = User.objects.bulk_create(
            User(
                email=f"bench-{n}@example.org",
                full_name=f"Bench {n}",
                preferred_language="ja" if n % 3 == 0 else "en",
                password="!",  # noqa: S106 - an unusable password, not a secret
            )
            for n in range(existing, options.recipients)
        )
        Membership.objects.bulk_create(Membership(user=u, city=brno) for u in users)
    organiser, _created = User.objects.get_or_create(email="bench-organiser@example.org")
    Membership.objects.get_or_create(user=organiser, body=CoordinatingBody.objects.first())
    # A coordinator schedules meetings only with a second factor enrolled.
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=organiser, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(organiser, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")

    # The sink's own log (a line per SMTP command) would cost this machine more than the sink.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    celery_app.conf.update(broker_url=BROKER, task_always_eager=False, task_default_queue=queue)
    sink = SmtpSink().start()
    settings = connection.settings_dict
    database = (
        f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    )
    worker = Worker(broker=BROKER, smtp=sink.url, database=database, queue=queue, concurrency=0)
    worker.args = [a for a in worker.args if not a.startswith("--concurrency")]  # the default
    worker.start()
    try:
        data = services.MeetingData(
            title_en="Benchmark meeting",
            title_ja="ベンチマーク会議",
            starts_at=timezone.now() + timedelta(days=30),
            ends_at=timezone.now() + timedelta(days=30, hours=1),
            time_zone="Europe/Prague",
            host_city=brno,
            cities=[brno],
        )
        services.meeting_create(by=organiser, data=data)  # commits, then enqueues
        committed = time.perf_counter()
        expected = User.objects.filter(memberships__city=brno, is_active=True).count()
        wait_for(
            lambda: len(sink.received()) >= expected,
            timeout=600,
            interval=0.02,
            what=f"{expected} e-mails",
        )
        elapsed = time.perf_counter() - committed
        time.sleep(2)  # anything arriving late would be a duplicate
        counts = Counter(m["To"] for m in sink.received())
        duplicates = sum(n - 1 for n in counts.values() if n > 1)
        missing = expected - len(counts)
        print(f"recipients: {expected}")
        print(
            f"commit → last e-mail accepted: {elapsed:.1f} s ({expected / elapsed:.0f} e-mails/s)"
        )
        print(f"duplicates: {duplicates}, missing: {missing}")
        print(f"worker concurrency: default ({os.cpu_count()} CPUs)")
    finally:
        worker.stop()
        sink.stop()
        Notification.objects.filter(meeting__title_en="Benchmark meeting").delete()
        Meeting.objects.filter(title_en="Benchmark meeting").delete()


if __name__ == "__main__":
    main()
