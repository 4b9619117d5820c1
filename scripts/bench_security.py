"""What each anonymous URL costs, measured through gunicorn: time to the last byte and size.

    python scripts/bench_security.py load --size 100000     # the bench database, filled once
    python scripts/bench_security.py measure http://127.0.0.1:8011 --json after.json
    python scripts/bench_security.py table before.json after.json

``load`` fills the database of ``BENCH_DATABASE_URL`` (``portal_bench`` on the test server by
default) with ``scripts/bench_practices.py``'s synthetic practices, and adds the demo action
plan and a few meetings. ``measure`` asks a running server (gunicorn, started separately, on the
same database) for every anonymous URL, first with the cache emptied (cold), then again (warm),
and three sitemaps at once with the home page beside them. ``table`` prints a Markdown table of
two runs side by side. Requests go to 127.0.0.1 only and each is bounded by a timeout.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

URLS = [
    "/en/",
    "/en/cities/",
    "/en/cities/rotterdam/",
    "/en/bodies/isinnova/",
    "/en/practices/",
    "/en/practices/?q=city",
    "/en/practices/?theme=energy&page=3",
    "/en/practices/bench-1/",
    "/en/practices/feed/",
    "/en/practices/feed/atom/",
    "/en/practices/export.csv",
    "/en/practices/export.json",
    "/ja/practices/export.json?theme=energy",
    "/sitemap.xml",
    "/sitemap-practices.xml",
    "/sitemap-practices.xml?p=100",
    "/en/meetings/",
    "/en/meetings/public.ics",
    "/en/action-plan/",
    "/en/action-plan/milestones/",
    "/en/accounts/login/",
    "/healthz",
]
TIMEOUT = 300


def load(size: int) -> None:
    os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
    import random

    from scripts import bench_practices

    bench_practices.ensure_database()
    bench_practices.load(size, random.Random(11))  # noqa: S311 - synthetic data
    from allauth.mfa.totp.internal.auth import TOTP

    from accounts.models import User
    from cities.models import CoordinatingBody, Membership
    from exchanges.models import ActionPlan
    from exchanges.plan.demo import seed_plan

    if not ActionPlan.objects.exists():
        user = User.objects.create_user(email="bench.coordinator@example.org")
        Membership.objects.create(user=user, body=CoordinatingBody.objects.get(slug="isinnova"))
        TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        seed_plan(coordinator=user)
    print("bench database ready")


def _get(base: str, path: str) -> tuple[int, int, float]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(base + path, timeout=TIMEOUT) as response:  # noqa: S310
            size = len(response.read())
            status = response.status
    except urllib.error.HTTPError as error:
        size, status = len(error.read()), error.code
    return status, size, time.perf_counter() - started


def _flush_cache() -> None:
    import redis

    redis.Redis.from_url(os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")).flushdb()


def measure(base: str) -> dict:
    results: dict = {"urls": {}}
    for path in URLS:
        _flush_cache()
        cold = _get(base, path)
        warm = _get(base, path)
        results["urls"][path] = {"status": cold[0], "bytes": cold[1], "cold": cold[2],
                                 "warm": warm[2]}  # fmt: skip
        print(f"{path:45} {cold[0]} {cold[1]:>11,} B  cold {cold[2]:7.3f} s  warm {warm[2]:7.3f} s")
    _flush_cache()
    timings: dict[str, float] = {}

    def hit(name: str, path: str) -> None:
        timings[name] = _get(base, path)[2]

    threads = [
        threading.Thread(target=hit, args=(f"sitemap {n}", "/sitemap.xml")) for n in range(3)
    ]
    for thread in threads:
        thread.start()
    time.sleep(0.2)
    hit("home beside three sitemaps", "/en/")
    for thread in threads:
        thread.join()
    results["concurrent"] = timings
    print("three sitemaps at once, cold:", {k: round(v, 3) for k, v in timings.items()})
    return results


def table(before: dict, after: dict) -> str:
    lines = [
        "| URL (anonymous) | before: time (cold / warm) | before: size"
        " | after: time (cold / warm) | after: size |",
        "| --- | --- | --- | --- | --- |",
    ]  # fmt: skip
    for path in URLS:
        cells = [f"`{path}`"]
        for run in (before, after):
            row = run["urls"].get(path)
            if row is None or (row["status"] >= 400 and path.startswith("/sitemap-")):
                cells += ["(no such URL)", ""]
                continue
            status = "" if row["status"] == 200 else f" ({row['status']})"
            cells += [f"{row['cold']:.2f} s / {row['warm']:.2f} s{status}", f"{row['bytes']:,} B"]
        lines.append("| " + " | ".join(cells) + " |")
    for name, label in (("before", before), ("after", after)):
        concurrent = ", ".join(f"{k} {v:.2f} s" for k, v in label["concurrent"].items())
        lines.append(f"\n{name}, three cold /sitemap.xml at once: {concurrent}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    loading = sub.add_parser("load")
    loading.add_argument("--size", type=int, default=100_000)
    measuring = sub.add_parser("measure")
    measuring.add_argument("base")
    measuring.add_argument("--json", type=Path)
    tabling = sub.add_parser("table")
    tabling.add_argument("before", type=Path)
    tabling.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "load":
        load(args.size)
    elif args.command == "measure":
        results = measure(args.base.rstrip("/"))
        if args.json:
            args.json.write_text(json.dumps(results, indent=1))
    else:
        print(table(json.loads(args.before.read_text()), json.loads(args.after.read_text())))


if __name__ == "__main__":
    main()
