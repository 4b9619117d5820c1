"""Junk at every form and every filter, as every role: no answer may be a 500.

The forms are found, not listed: each page a role can open is fetched, every ``<form>`` in it
is read (action, method, field names), and Hypothesis posts (or, for GET forms, queries) junk
in those fields: unicode, NUL, 1 MB strings, huge and negative numbers, far dates, unknown time
zones, bad slugs, repeated parameters. Answers of 500 or more are counted, and the count must be
zero. ``FUZZ_EXAMPLES`` (default 5) bounds the examples per form, and ``FUZZ_SEED`` (printed in
the header of every run) repeats a run.
"""

from __future__ import annotations

import os
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from exchanges.models import Milestone
from exchanges.notifications.emails import unsubscribe_token
from exchanges.plan.demo import seed_plan
from tests import factories
from tests.conftest import FUZZ_SEED

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))

SPECIAL = [
    "",
    "\x00",
    "a\x00b",
    "9999-12-31",
    "0001-01-01",
    "10000-01-01",
    "2101-01-01",
    "-1",
    "1e308",
    "NaN",
    "99999999999999999999999999",
    "-99999999999999999999999999",
    "Mars/Olympus_Mons",
    "../../etc/localtime",
    "city:atlantis",
    "body:",
    "city:" + "x" * 300,
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "🙂" * 50,
    "\u202e\ufeff\u200b",
    "25:61",
    "2026-02-30",
    "on",
    "List-Unsubscribe=One-Click",
]
BIG = ["A" * 1_000_000, "日" * 350_000]

_junk = st.one_of(
    st.text(max_size=40),
    st.sampled_from(SPECIAL),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
_form_value = st.one_of(_junk, st.lists(_junk, min_size=2, max_size=3))
# A 1 MB string in about one request in ten (a URL does not carry them: GET has none).
_post_values = st.tuples(st.integers(0, 9).map(lambda n: n == 0), st.sampled_from(BIG))


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._current: dict | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self._current = {
                "action": attributes.get("action") or "",
                "method": (attributes.get("method") or "get").lower(),
                "names": [],
            }
            self.forms.append(self._current)
        elif tag in ("input", "select", "textarea", "button") and self._current is not None:
            name = attributes.get("name")
            if name and name != "csrfmiddlewaretoken" and name not in self._current["names"]:
                self._current["names"].append(name)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


#: Forms whose success would end the run's own session, not a target for junk.
SKIPPED_ACTIONS = ("/accounts/logout/",)


def _discover(client, pages: list[str]) -> list[tuple[str, str, tuple[str, ...]]]:
    found: dict[tuple[str, str], tuple[str, ...]] = {}
    for page in pages:
        response = client.get(page)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _Forms()
        parser.feed(response.content.decode())
        for form in parser.forms:
            action = urlsplit(urljoin(page, form["action"])).path
            if any(action.endswith(skip) for skip in SKIPPED_ACTIONS) or not form["names"]:
                continue
            key = (form["method"], action)
            found[key] = tuple(dict.fromkeys([*found.get(key, ()), *form["names"]]))
    return [(method, action, names) for (method, action), names in sorted(found.items())]


@pytest.fixture
def world(db):
    coordinator = factories.coordinator("isinnova")
    officer = factories.officer("rotterdam")
    seed_plan(coordinator=coordinator)
    meeting = factories.meeting(by=coordinator, host="rotterdam", cities=("rotterdam", "kamakura"))
    draft = factories.practice(status="draft", city="rotterdam", author=officer)
    submitted = factories.practice(status="submitted", city="rotterdam", title_en="Submitted")
    published = factories.practice(city="rotterdam", title_en="Published one")
    invitation = factories.InvitationFactory.create(invited_by=coordinator)
    milestone = Milestone.objects.get(code="AP-2.2")
    plan = milestone.plan
    return {
        "anonymous": None,
        "officer": officer,
        "coordinator": coordinator,
        "admin": factories.site_admin(),
        "pages": [
            "/en/",
            "/ja/",
            "/en/accounts/login/",
            "/en/accounts/password/reset/",
            f"/en/accounts/invitations/accept/{invitation.token}/",
            f"/u/{unsubscribe_token(officer, 'meetings')}/",
            "/en/accounts/",
            "/en/accounts/preferences/",
            "/en/accounts/password/change/",
            "/en/accounts/invitations/",
            "/en/accounts/2fa/",
            "/en/practices/",
            "/en/practices/workspace/",
            "/en/practices/new/",
            "/en/practices/themes/",
            f"/en/practices/{draft.slug}/edit/",
            f"/en/practices/{submitted.slug}/",
            f"/en/practices/{published.slug}/",
            "/en/meetings/",
            "/en/meetings/new/",
            "/en/meetings/slots/",
            "/en/meetings/calendar/",
            f"/en/meetings/{meeting.pk}/",
            f"/en/meetings/{meeting.pk}/edit/",
            f"/en/meetings/{meeting.pk}/minutes/",
            "/en/action-plan/",
            "/en/action-plan/milestones/",
            "/en/action-plan/milestones/new/",
            f"/en/action-plan/milestones/{milestone.pk}/",
            f"/en/action-plan/milestones/{milestone.pk}/edit/",
            f"/en/action-plan/milestones/{milestone.pk}/progress/",
            f"/en/action-plan/{plan.pk}/edit/",
            "/en/notifications/",
            "/en/notifications/settings/",
            "/en/notifications/outbox/",
        ],
    }


@pytest.mark.parametrize("role", ["anonymous", "officer", "coordinator", "admin"])
def test_junk_in_every_form_and_filter_never_gives_a_500(client, world, role):
    user = world[role]
    if user is not None:
        client.force_login(user)
    targets = _discover(client, world["pages"])
    assert len(targets) >= (4 if role == "anonymous" else 15), targets
    client.raise_request_exception = False
    broken: list[str] = []

    for method, action, names in targets:
        _attack(client, user, method, action, names, broken)

    assert not broken, (
        f"{len(broken)} answers of 500 or more (FUZZ_SEED={FUZZ_SEED}):\n" + "\n".join(broken[:20])
    )


def _attack(client, user, method: str, action: str, names: tuple[str, ...], broken: list) -> None:
    """EXAMPLES requests of junk at one form, each 500 noted in ``broken``."""

    @seed(FUZZ_SEED)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(values=st.fixed_dictionaries(dict.fromkeys(names, _form_value)), big=_post_values)
    def attack(values: dict, big: tuple[bool, str]) -> None:
        if user is not None:
            client.force_login(user)
        else:
            client.logout()
        if method == "post":
            use_big, text = big
            if use_big:
                values = {**values, names[0]: text}
            response = client.post(action, values)
        else:
            response = client.get(action, values)
        if response.status_code >= 500:
            shown = {k: (v[:40] if isinstance(v, str) else v) for k, v in values.items()}
            broken.append(f"{method.upper()} {action} {shown!r} -> {response.status_code}")

    attack()
