"""``make run`` serves where HOST and PORT say, and the links it puts in e-mails, calendar
files and exports point there too."""

import shutil
import subprocess
from pathlib import Path

import pytest

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
    assert f"manage.py runserver {served}" in commands
