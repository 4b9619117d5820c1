"""The independent checkers of what the portal produces, run from the test suite.

None of them shares code with the libraries that write our output: the Nu Html Checker (W3C's
validator, Java) for pages, ical.js (Thunderbird's engine, node), libical (Evolution's and
many servers', C, through Debian's python3 and its GObject bindings) and vobject for calendar
files, jing for the Atom feed's RELAX NG grammar. ``make test`` installs the npm ones from
``package-lock.json``; ``.ci/run`` installs the Debian ones. A missing checker fails the test
with the command that installs it: these tests are never skipped.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
NODE_MODULES = ROOT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
SYSTEM_PYTHON = "/usr/bin/python3"
ATOM_SCHEMA = HERE / "atom.rnc"


def _need(path_or_command: str | Path, hint: str) -> str:
    found = (
        str(path_or_command)
        if Path(path_or_command).exists()
        else shutil.which(str(path_or_command))
    )
    if not found:
        pytest.fail(f"{path_or_command} is missing. {hint}", pytrace=False)
    return found


def _run(command: list[str], *, stdin: bytes | None = None, timeout: int = 300) -> str:
    done = subprocess.run(command, input=stdin, capture_output=True, timeout=timeout, check=False)
    if done.returncode != 0 and not done.stdout:
        pytest.fail(
            f"{' '.join(command[:3])} … failed ({done.returncode}):\n"
            + done.stderr.decode(errors="replace"),
            pytrace=False,
        )
    return done.stdout.decode()


# --- HTML: the Nu Html Checker -------------------------------------------------------------


def vnu(paths: list[Path]) -> dict[str, list[str]]:
    """The Nu Html Checker's errors for each file, run once for all of them (it is a JVM:
    starting it is the slow part). ``{file name: ["line 12: message «extract»", …]}``."""
    java = _need("java", "Install Debian's default-jre-headless (.ci/run does).")
    _need(VNU_JAR, "Run `make test` (it installs vnu-jar from package-lock.json).")
    done = subprocess.run(
        [java, "-Xss8m", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always"]
        + [str(p) for p in paths],
        capture_output=True,
        timeout=900,
        check=False,
    )
    try:
        report = json.loads(done.stderr)  # vnu writes its JSON report to standard error
    except json.JSONDecodeError:
        pytest.fail(f"The Nu Html Checker did not run:\n{done.stderr.decode()}", pytrace=False)
    found: dict[str, list[str]] = {}
    for message in report["messages"]:
        if message.get("type") != "error":
            continue
        name = Path(message.get("url", "")).name
        found.setdefault(name, []).append(
            f"line {message.get('lastLine', '?')}: {message['message']}"
            f" «{message.get('extract', '').strip()}»"
        )
    return found


# --- Calendars -----------------------------------------------------------------------------


def icaljs(ics: bytes) -> dict:
    """What ical.js reads in the file: METHOD and the events, times converted to UTC."""
    node = _need("node", "Install Debian's nodejs and npm (.ci/run does).")
    _need(NODE_MODULES / "ical.js", "Run `make test` (it installs ical.js).")
    script = HERE / "icaljs_events.mjs"
    done = subprocess.run(
        [node, str(script)], input=ics, capture_output=True, timeout=60, check=False, cwd=ROOT
    )
    if done.returncode != 0:
        pytest.fail(f"ical.js refused the file:\n{done.stderr.decode()}", pytrace=False)
    return json.loads(done.stdout)


def libical(ics: bytes) -> list[str]:
    """libical's parse errors and RFC 5546 restriction findings (an empty list: none)."""
    python = _need(
        SYSTEM_PYTHON, "libical's bindings are in Debian's python3 (apt-get install python3-gi)."
    )
    probe = subprocess.run(
        [python, "-c", "import gi; gi.require_version('ICalGLib', '3.0')"],
        capture_output=True,
        check=False,
    )
    if probe.returncode != 0:
        pytest.fail(
            "libical's GObject bindings are missing: apt-get install gir1.2-ical-3.0 python3-gi "
            f"(.ci/run does).\n{probe.stderr.decode()}",
            pytrace=False,
        )
    output = _run([python, str(HERE / "libical_check.py")], stdin=ics, timeout=60)
    return json.loads(output)


def vobject_read(ics: bytes) -> Any:
    """The calendar as vobject reads it, as a fresh program would: vobject keeps the first
    VTIMEZONE it sees for a TZID for the rest of the process (``registerTzinfo`` registers only
    unknown TZIDs), so without this a file would be read with another file's zone."""
    import vobject
    import vobject.icalendar

    registry = vars(vobject.icalendar)["__tzidMap"]
    for tzid in [t for t in registry if t != "UTC"]:
        del registry[tzid]
    return vobject.readOne(ics.decode())


# --- Feeds ---------------------------------------------------------------------------------


def jing(schema: Path, document: bytes, tmp_path: Path) -> list[str]:
    """jing's findings for ``document`` against the RELAX NG (compact syntax) ``schema``."""
    command = _need("jing", "Install Debian's jing (.ci/run does).")
    path = tmp_path / "document.xml"
    path.write_bytes(document)
    done = subprocess.run(
        [command, "-c", str(schema), str(path)], capture_output=True, timeout=120, check=False
    )
    # jing reports the document's errors on standard output; Debian's wrapper script warns on
    # standard error about optional jars it does not find, which says nothing of the document.
    found = [line for line in done.stdout.decode().splitlines() if line.strip()]
    if done.returncode != 0 and not found:
        pytest.fail(f"jing did not run:\n{done.stderr.decode()}", pytrace=False)
    return found
