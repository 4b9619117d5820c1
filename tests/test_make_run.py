"""``make run`` serves where HOST and PORT say, and the links it puts in e-mails, calendar
files and exports point there too."""

import os
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.services import free_port, wait_for

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("host", "port", "served", "url"),
    [
        ("127.0.0.1", "8000", "127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("localhost", "9123", "localhost:9123", "http://localhost:9123"),
        ("::1", "8443", "[::1]:8443", "http://[::1]:8443"),
    ],
)
def test_make_run_sets_the_portal_address_from_host_and_port(host, port, served, url):
    make = shutil.which("make")
    assert make, "make is needed"
    done = subprocess.run(
        [make, "-n", "run", f"HOST={host}", f"PORT={port}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    commands = " ".join(done.stdout.replace("\\\n", " ").split())
    assert f"PORTAL_BASE_URL=${{PORTAL_BASE_URL:-{url}}}" in commands
    assert f"manage.py seed_demo --migrate --serve {served}" in commands


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own server
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def test_make_run_seeds_once_and_serves_from_the_same_process(tmp_path):
    """What ``make run`` runs, on a fresh SQLite file and no services: the first process
    migrates and seeds, then becomes runserver's reloader; the process the reloader starts only
    serves (it would seed again after every code change otherwise)."""
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "EMAIL_", "CELERY_"))
    }
    env |= {
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "PORTAL_BASE_URL": f"http://127.0.0.1:{port}",
    }
    log = tmp_path / "run.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "seed_demo", "--migrate", "--serve", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for(
            lambda: _answers(f"http://127.0.0.1:{port}/en/") or process.poll() is not None,
            timeout=180,
            what="the first page",
        )
        text = log.read_text()
        assert process.poll() is None, text
        assert text.count("Demo data is ready.") == 1, text
        assert f"Serving the portal at http://127.0.0.1:{port}/" in text
        assert "System check identified no issues" in text  # runserver still checks
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
