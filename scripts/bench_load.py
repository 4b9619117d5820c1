"""Load benchmark: the portal as visitors get it, through gunicorn, measured with wrk.

Loads N synthetic practices (100,000 by default), 1,000 meetings and 1,000 milestones into a
database of its own, starts gunicorn as the README deploys it (``gunicorn.conf.py``, DEBUG off,
the Redis cache), and runs ``wrk`` against the "floor" view (``HttpResponse("ok")`` through the
same settings and middleware) and each page in alternation, so that every page is compared with
a floor measured right beside it. Prints req/s, p50 and p99 latency, the share of the floor and
every answer with an unexpected status (a 404 or 500 in a benchmark is a failure).

    make bench-load
    make bench-load BENCH_LOAD_ARGS="--practices 10000 --seconds 5"
    make bench-load BENCH_LOAD_ARGS="--in-process --only officer,coordinator"

``--in-process`` measures the same pages one request at a time through Django's test client
instead (p50/p95 latency and SQL per page, no gunicorn, no wrk): the signed-in pages' goal of
issue 15 is stated in process.

Needs ``wrk`` (Debian: ``apt-get install wrk``).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get(
    "BENCH_LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cooperation_portal_load"
)
REDIS_URL = os.environ.get("BENCH_LOAD_REDIS_URL", "redis://127.0.0.1:6379/9")
LOG = ROOT / "test-artifacts" / "bench-load-gunicorn.log"
SECRET_KEY = "bench-only-" + "k" * 50
ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "cooperation_portal.settings.bench",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "CACHE_KEY_PREFIX": "portal-load",
    "SECRET_KEY": SECRET_KEY,
    "DEBUG": "false",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "LOG_LEVEL": "WARNING",
}
os.environ.update(ENVIRONMENT)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from scripts.bench_data import ensure_database, load  # noqa: E402

#: wrk's Lua hooks: count the answers by status in every thread, and print them with the
#: latency percentiles once the run is over.
WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do total[status] = (total[status] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(total) do table.insert(parts, status .. "=" .. n) end
  io.write("STATUSES " .. table.concat(parts, ",") .. "\\n")
  io.write(string.format("RESULT %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99)))
end
"""


@dataclass
class Page:
    label: str
    path: str
    who: str = "public"  # public, officer or coordinator
    status: int = 200


@dataclass
class Run:
    rps: float
    p50_ms: float
    p99_ms: float
    unexpected: dict[int, int]


def pages(
    practice_slug: str, city_slug: str, milestone_pk: int, meeting_pk: int, workstream_pk: int
) -> list[Page]:
    return [
        Page("home", "/en/"),
        Page("cities", "/en/cities/"),
        Page("a city", f"/en/cities/{city_slug}/"),
        Page("catalogue", "/en/practices/"),
        Page("catalogue, theme, page 3", "/en/practices/?theme=energy&page=3"),
        Page("search 'insulation' (1 %)", "/en/practices/?q=insulation"),
        Page("search 'street' (10 %)", "/en/practices/?q=street"),
        Page("search '防災' (JA)", "/ja/practices/?q=%E9%98%B2%E7%81%BD"),
        Page("a practice", f"/en/practices/{practice_slug}/"),
        Page("public meetings", "/en/meetings/"),
        Page("a meeting", f"/en/meetings/{meeting_pk}/"),
        Page("public plan", "/en/action-plan/"),
        Page("RSS feed", "/en/practices/feed/"),
        Page("a 404 page", "/en/no-such-page/", status=404),
        Page("dashboard (officer)", "/en/accounts/", "officer"),
        Page("workspace (officer)", "/en/practices/workspace/", "officer"),
        Page("meetings (officer)", "/en/meetings/", "officer"),
        Page("plan (coordinator)", "/en/action-plan/", "coordinator"),
        Page("plan's milestones (public)", "/en/action-plan/milestones/"),
        Page("plan's milestones (coordinator)", "/en/action-plan/milestones/", "coordinator"),
        Page("plan's workstream (public)", f"/en/action-plan/workstreams/{workstream_pk}/"),
        Page(
            "plan's workstream, page 3 (coordinator)",
            f"/en/action-plan/workstreams/{workstream_pk}/?page=3",
            "coordinator",
        ),
        Page("a milestone (officer)", f"/en/action-plan/milestones/{milestone_pk}/", "officer"),
        Page("notifications (officer)", "/en/notifications/", "officer"),
    ]


# --- Data ----------------------------------------------------------------------------------


@dataclass
class Prepared:
    cookies: dict[str, str]  # who → Cookie header
    practice: str  # a practice's slug
    milestone: int
    meeting: int
    workstream: int


def prepare(practices: int) -> Prepared:
    """Load the data once (later runs top it up) and return what the pages need."""
    ensure_database()
    call_command("migrate", verbosity=0)
    rng = random.Random(2021)  # noqa: S311 - the same synthetic data on every run
    load(practices, rng)
    people = _people()
    _plan(people["coordinator"], target=1_000, rng=rng)
    _meetings(people["coordinator"], target=1_000, rng=rng)
    _notifications(people["officer"], target=200)
    from exchanges.models import Meeting, Milestone, Workstream
    from practices.models import BestPractice

    return Prepared(
        cookies={who: _session_cookie(user) for who, user in people.items()},
        practice=BestPractice.objects.published().order_by("pk")[0].slug,
        milestone=Milestone.objects.order_by("pk")[0].pk,
        meeting=Meeting.objects.filter(visibility="public").order_by("-starts_at")[0].pk,
        workstream=Workstream.objects.filter(plan__is_current=True).order_by("position")[0].pk,
    )


def _people() -> dict:
    from accounts.models import User
    from cities.models import City, CoordinatingBody, Membership

    officer, _ = User.objects.get_or_create(
        email="bench-load-officer@example.org", defaults={"full_name": "Load officer"}
    )
    Membership.objects.get_or_create(user=officer, city=City.objects.get(slug="kamakura"))
    coordinator, _ = User.objects.get_or_create(
        email="bench-load-coordinator@example.org", defaults={"full_name": "Load coordinator"}
    )
    Membership.objects.get_or_create(
        user=coordinator, body=CoordinatingBody.objects.get(slug="isinnova")
    )
    # An acting coordinator has a second factor (accounts.permissions.must_enrol_mfa).
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(coordinator, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    return {"officer": officer, "coordinator": coordinator}


def _session_cookie(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


@transaction.atomic
def _plan(coordinator, *, target: int, rng: random.Random) -> None:
    from cities.models import City
    from exchanges.models import Milestone
    from exchanges.notifications import services as notifications
    from exchanges.plan.demo import seed_plan

    with notifications.silenced():
        seed_plan(coordinator=coordinator)
    have = Milestone.objects.count()
    if have >= target:
        return
    plan = Milestone.objects.select_related("plan").first().plan  # type: ignore[union-attr]
    workstreams = list(plan.workstreams.all())
    cities = list(City.objects.all())
    made = Milestone.objects.bulk_create(
        Milestone(
            plan=plan,
            code=f"LOAD-{n}",
            title=f"Load milestone {n}",
            title_en=f"Load milestone {n}",
            title_ja=f"負荷試験のマイルストーン{n}",
            workstream=rng.choice(workstreams),
            start_date=date(2022, 1, 1) + timedelta(days=rng.randrange(900)),
            due_date=date(2025, 1, 1) + timedelta(days=rng.randrange(900)),
            status=rng.choice(["planned", "in_progress", "at_risk"]),
            progress=rng.randrange(0, 90),
            position=1000 + n,
        )
        for n in range(have, target)
    )
    through = Milestone.owner_cities.through
    through.objects.bulk_create(
        through(milestone_id=m.pk, city_id=c.pk) for m in made for c in rng.sample(cities, 2)
    )


@transaction.atomic
def _meetings(coordinator, *, target: int, rng: random.Random) -> None:
    from cities.models import City
    from exchanges.models import Meeting

    have = Meeting.objects.count()
    if have >= target:
        return
    cities = list(City.objects.all())
    start = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
    rows = []
    for n in range(have, target):
        host = rng.choice(cities)
        starts = start + timedelta(days=n % 700, hours=rng.choice([0, 1, 7]))
        rows.append(
            Meeting(
                title=f"Load meeting {n}",
                title_en=f"Load meeting {n}",
                title_ja=f"負荷試験の会議{n}",
                starts_at=starts,
                ends_at=starts + timedelta(hours=1),
                time_zone=host.time_zone,
                host_city=host,
                visibility="internal" if n % 4 == 0 else "public",
                created_by=coordinator,
            )
        )
    made = Meeting.objects.bulk_create(rows)
    through = Meeting.cities.through
    through.objects.bulk_create(
        through(meeting_id=m.pk, city_id=c.pk) for m in made for c in rng.sample(cities, 3)
    )


def _notifications(officer, *, target: int) -> None:
    from exchanges.models import Meeting, Notification

    have = Notification.objects.filter(recipient=officer).count()
    meetings = list(Meeting.objects.order_by("pk")[: target - have])
    Notification.objects.bulk_create(
        Notification(
            recipient=officer,
            kind="meeting_invitation",
            category="meetings",
            dedupe_key=f"bench-load:{m.pk}",
            meeting=m,
            status="sent",
        )
        for m in meetings
    )


# --- The server and the load ---------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(workers: int) -> tuple[subprocess.Popen, str]:
    call_command("collectstatic", interactive=False, verbosity=0)
    port = _free_port()
    env = {
        **os.environ,
        **ENVIRONMENT,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_ACCESS_LOG": "",
    }
    LOG.parent.mkdir(exist_ok=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
         "cooperation_portal.wsgi:application"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=LOG.open("wb"),
        start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/floor/", timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    return process, base
        except OSError:
            time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    raise SystemExit(f"gunicorn did not answer; see {LOG}")


def _get(url: str, cookie: str | None) -> None:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=300) as answer:  # noqa: S310
            answer.read()
    except urllib.error.HTTPError:
        pass  # the run itself reports an unexpected status


def wrk(url: str, *, cookie: str | None, seconds: int, expect: int, script: str) -> Run:
    # A long timeout: on a busy machine wrk would otherwise give up on slow answers after 2 s
    # and send new requests, while gunicorn still works through the old ones.
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--timeout", "30s", "--latency", "-s",
               script, url]  # fmt: skip
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    result = re.search(r"RESULT (\d+) (\d+) (\d+) (\d+)", output)
    statuses = re.search(r"STATUSES (\S*)", output)
    if result is None or statuses is None:
        raise SystemExit(f"wrk said:\n{output}")
    requests, duration_us, p50_us, p99_us = (int(value) for value in result.groups())
    counts = {
        int(status): int(n)
        for status, n in (pair.split("=") for pair in statuses.group(1).split(",") if pair)
    }
    return Run(
        rps=requests / (duration_us / 1e6),
        p50_ms=p50_us / 1000,
        p99_ms=p99_us / 1000,
        # No answer at all in the whole run is a failure too (status 0 in the table).
        unexpected={status: n for status, n in counts.items() if status != expect}
        or ({} if requests else {0: 1}),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=10, help="of each wrk run")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn sync workers")
    parser.add_argument(
        "--only",
        help="measure only the pages whose label contains this (or one of these, comma-separated)",
    )
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="latency per request through Django's test client instead of gunicorn and wrk",
    )
    parser.add_argument("--repeat", type=int, default=50, help="requests per page, in process")
    options = parser.parse_args()
    if options.in_process:
        data = prepare(options.practices)
        chosen = _chosen(
            pages(data.practice, "kamakura", data.milestone, data.meeting, data.workstream), options
        )
        return in_process(chosen, data.cookies, options.repeat, options.practices)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    print(f"Preparing {options.practices:,} practices, 1,000 meetings and 1,000 milestones…")
    data = prepare(options.practices)
    connection.close()
    process, base = start_gunicorn(options.workers)
    failures = 0
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
            handle.write(WRK_SCRIPT)
        script = handle.name
        cookies = data.cookies
        chosen = _chosen(
            pages(data.practice, "kamakura", data.milestone, data.meeting, data.workstream), options
        )
        # Warm up: one request of each page, waited for however long it takes, fills the
        # caches; then a short run loads the code in every worker.
        for page in chosen:
            _get(base + page.path, cookies.get(page.who))
        for page in [Page("floor", "/floor/"), *chosen]:
            wrk(base + page.path, cookie=cookies.get(page.who), seconds=3, expect=page.status,
                script=script)  # fmt: skip
        print(
            f"\ngunicorn, {options.workers} sync workers, DEBUG off; wrk -t2 -c8, "
            f"{options.seconds} s a run; {options.practices:,} practices\n"
        )
        print("| page | req/s | p50 ms | p99 ms | share of the floor | floor req/s | unexpected |")
        print("|---|---:|---:|---:|---:|---:|---|")
        for page in chosen:
            floor = wrk(base + "/floor/", cookie=None, seconds=options.seconds, expect=200,
                        script=script)  # fmt: skip
            run = wrk(base + page.path, cookie=cookies.get(page.who), seconds=options.seconds,
                      expect=page.status, script=script)  # fmt: skip
            unexpected = ", ".join(f"{n} × {status}" for status, n in run.unexpected.items())  # noqa: RUF001
            failures += sum(run.unexpected.values()) + sum(floor.unexpected.values())
            print(
                f"| {page.label} | {run.rps:,.0f} | {run.p50_ms:.1f} | {run.p99_ms:.1f} |"
                f" {100 * run.rps / max(floor.rps, 1e-9):.1f} % | {floor.rps:,.0f} |"
                f" {unexpected or '–'} |",
                flush=True,
            )
        os.unlink(script)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    if failures:
        print(f"\n{failures} answers had an unexpected status: the benchmark failed.")
        return 1
    print(f"\nDatabase: {connection.settings_dict['NAME']} (drop it when done)")
    return 0


def _chosen(every: list[Page], options: argparse.Namespace) -> list[Page]:
    if not options.only:
        return every
    wanted = [part for part in options.only.split(",") if part]
    return [p for p in every if any(part in p.label for part in wanted)]


def in_process(chosen: list[Page], cookies: dict[str, str], repeat: int, practices: int) -> int:
    """Each page ``repeat`` times, one request at a time, after one warming request."""
    import statistics

    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest pages name
    from cooperation_portal.public_cache import pages_changed

    # As gunicorn's on_starting does: pages kept by an earlier run were rendered by the code of
    # then (a run of another branch on the same Redis would otherwise measure its pages).
    pages_changed()
    print(
        f"\nIn process (Django's test client), {repeat} requests a page; {practices:,} practices\n"
    )
    print("| page | p50 ms | p95 ms | SQL queries | slowest query ms | bytes |")
    print("|---|---:|---:|---:|---:|---:|")
    failures = 0
    for page in chosen:
        client = Client(HTTP_HOST="127.0.0.1")
        if page.who in cookies:
            name, _, value = cookies[page.who].partition("=")
            client.cookies[name] = value
        client.get(page.path)
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(page.path)
            timings.append((time.perf_counter() - started) * 1000)
            failures += response.status_code != page.status
        with CaptureQueriesContext(connection) as queries:
            size = len(client.get(page.path).content)
        slowest = max((float(q["time"]) * 1000 for q in queries.captured_queries), default=0.0)
        timings.sort()
        p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
        print(
            f"| {page.label} | {statistics.median(timings):.1f} | {p95:.1f} |"
            f" {len(queries.captured_queries)} | {slowest:.1f} | {size:,} |",
            flush=True,
        )
    if failures:
        print(f"\n{failures} answers had an unexpected status: the benchmark failed.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
