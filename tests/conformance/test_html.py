"""Every page of the portal is valid HTML according to the Nu Html Checker (W3C's validator).

The pages are those reachable in the browser tests' data (``seed_demo``): for the public, an
officer and a coordinator, in English and in Japanese, every page found by following the links
from the home page (a few of each URL pattern), plus what no link leads to: error pages, forms
sent back with errors, the unsubscribe and invitation pages. Every page template of the
project must be among them. The pages are saved and checked by one run of the checker (a JVM:
its start is the slow part); the test fails with the checker's own messages.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import SuspiciousOperation
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import Resolver404, resolve
from django.utils import translation
from django.views.defaults import bad_request, server_error

from accounts.models import Invitation, User
from cooperation_portal.management.commands.seed_demo import DEMO_PASSWORD
from exchanges.models import ActionPlan, Meeting, Milestone
from exchanges.notifications.emails import unsubscribe_token
from practices import onepager
from practices.models import BestPractice
from tests import factories
from tests.conformance.checkers import vnu

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-11-16T09:00:00Z")]

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
#: Followed links that are not pages, or not ours.
NOT_PAGES = re.compile(
    r"\.(ics|csv|json|xml|txt|pdf|png|jpg|svg)$|/feed/|/admin/|/static/|/media/|/files/"
)
#: Pages of each URL pattern checked per viewer and language: the list of practices has
#: hundreds of facet links, all the same template.
PER_PATTERN = 3

#: (who, e-mail for English, e-mail for Japanese)
VIEWERS = [
    ("public", None, None),
    ("officer", "officer.rotterdam@example.org", "officer.kamakura@example.org"),
    ("coordinator", "coordinator.isinnova@example.org", "coordinator.cao@example.org"),
]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _pattern(path: str, query: str) -> str:
    try:
        match = resolve(path)
    except Resolver404:
        return path
    keys = ",".join(sorted({pair.split("=", 1)[0] for pair in query.split("&") if pair}))
    return f"{match.route}?{keys}"


class Pages:
    """The pages collected so far: their HTML, who saw them, and the templates they used."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.where: dict[str, str] = {}
        self.templates: set[str] = set()

    def keep(self, label: str, response) -> None:
        assert response["Content-Type"].startswith("text/html"), (label, response["Content-Type"])
        name = f"page-{len(self.where):04d}.html"
        (self.folder / name).write_bytes(response.content)
        self.where[name] = label
        self.templates |= {t.name for t in response.templates if t.name}

    def keep_html(self, label: str, html: str, template: str) -> None:
        """HTML made without a request (the page WeasyPrint lays out as a PDF)."""
        name = f"page-{len(self.where):04d}.html"
        (self.folder / name).write_text(html)
        self.where[name] = label
        self.templates.add(template)


def _crawl(client: Client, who: str, language: str, pages: Pages) -> None:
    seen: set[str] = set()
    per_pattern: Counter[str] = Counter()
    queue = deque([f"/{language}/"])
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        parts = urlsplit(url)
        pattern = _pattern(parts.path, parts.query)
        if per_pattern[pattern] >= PER_PATTERN:
            continue
        per_pattern[pattern] += 1
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            if response.streaming:
                # Read to the end, as a server does: the test client then closes the file a
                # file answer (an image, a PDF) holds open.
                b"".join(response.streaming_content)  # type: ignore[attr-defined]
            continue
        pages.keep(f"{who} {url}", response)
        links = _Links()
        links.feed(response.content.decode())
        for href in links.hrefs:
            target = urlsplit(href)
            if target.scheme or target.netloc or not target.path.startswith(f"/{language}/"):
                continue
            if NOT_PAGES.search(target.path) or "logout" in target.path:
                continue
            queue.append(target.path + (f"?{target.query}" if target.query else ""))


def _invitation_url(language: str) -> str:
    invitation = next(
        (i for i in Invitation.objects.all() if i.status == Invitation.Status.PENDING), None
    ) or factories.InvitationFactory.create(
        invited_by=User.objects.get(email="coordinator.isinnova@example.org")
    )
    return invitation.get_accept_url().replace("/en/", f"/{language}/", 1)


def _unlinked(client: Client, who: str, language: str, pages: Pages) -> None:
    """Pages no link leads to: errors, forms sent back with their errors, token pages."""
    base = f"/{language}"
    who_city = {"en": "rotterdam", "ja": "kamakura"}
    practice = BestPractice.objects.published().order_by("pk").first()
    assert practice is not None
    gets = [
        # No worker has made the PDF yet (the test holds the request back): the page says so.
        (f"{base}/practices/{practice.slug}/pdf/", 202),
        (f"{base}/no-such-page/", 404),
        (f"{base}/practices/?start_year=abc&page=x", 400),
        (f"{base}/meetings/?when=sometime", 400),
    ]
    if who == "public":
        user = User.objects.get(email="officer.glasgow@example.org")
        gets += [
            (f"/u/{unsubscribe_token(user, 'meetings')}/", 200),
            (f"{base}/accounts/password/reset/", 200),
            (f"{base}/accounts/login/", 200),
            (f"{base}/accounts/signup/", 200),
            (f"{base}/accounts/password/reset/done/", 200),
        ]
        gets += [
            (_invitation_url(language), 200),
            (f"{base}/accounts/invitations/accept/not-a-token/", 404),
        ]
    if who == "officer":
        others = BestPractice.objects.published().exclude(lead_city__slug=who_city[language])
        gets += [
            # Another city's practice: the editor says who may edit it (403).
            (f"{base}/practices/{others.order_by('pk').first().slug}/edit/", 403),
            (f"{base}/accounts/logout/", 200),
            (f"{base}/notifications/outbox/", 403),
            (_invitation_url(language), 409),
            (f"{base}/meetings/slots/?first_day=x&last_day=2030-02-31&duration=-1", 400),
        ]
    if who == "coordinator":
        waiting = BestPractice.objects.filter(status="submitted").order_by("pk").first()
        assert waiting is not None
        # A practice waiting for review cannot be edited: the editor says what to do (403).
        gets.append((f"{base}/practices/{(waiting.revision_of or waiting).slug}/edit/", 403))
    for url, status in gets:
        response = client.get(url)
        assert response.status_code == status, (who, url, response.status_code)
        pages.keep(f"{who} {url} ({status})", response)
    if who == "public":
        # allauth's second-factor page (with the portal's buttons), on the way in: a client
        # of its own, so that the public's stays signed out.
        stage = Client()
        response = stage.post(
            f"{base}/accounts/login/",
            {"login": "coordinator.isinnova@example.org", "password": DEMO_PASSWORD},
        )
        assert response.status_code == 302, response.status_code
        url = response["Location"]
        response = stage.get(url)
        assert response.status_code == 200 and "/2fa/authenticate/" in url, url
        pages.keep(f"{who} {url} (200)", response)
    if who == "public":
        # A body over the limit is refused before it is read (413), in the page's language.
        url = f"{base}/practices/"
        response = client.generic(
            "POST", url, b"x", "text/plain", CONTENT_LENGTH=str(50 * 1024 * 1024)
        )
        assert response.status_code == 413, (who, url, response.status_code)
        pages.keep(f"{who} POST {url} (413)", response)
    owned = Milestone.objects.filter(owner_cities__slug=who_city[language]).first()
    meeting = Meeting.objects.order_by("pk").first()
    plan = ActionPlan.objects.filter(is_current=True).first()
    assert owned is not None and meeting is not None and plan is not None
    posts = {
        "public": [
            (f"{base}/accounts/login/", {"login": "nobody@example.org", "password": "x"}),
            (_invitation_url(language), {"full_name": "", "password1": "a", "password2": "b"}),
        ],
        "officer": [
            (
                f"{base}/meetings/new/",
                {"title_en": "", "date": "2030-02-30", "start_time": "25:61"},
            ),
            (f"{base}/practices/new/", {"title_en": "", "start_year": "abc"}),
            (f"{base}/accounts/preferences/", {"time_zone": "Mars/Olympus"}),
            (f"{base}/notifications/settings/", {"meetings-mode": "weekly"}),
            (
                f"{base}/action-plan/milestones/{owned.pk}/progress/",
                {"status": "nonsense", "progress": "-5e", "completed_on": "2030-13-01"},
            ),
            (
                f"{base}/action-plan/milestones/{owned.pk}/quick-progress/",
                {"status": "nonsense", "progress": "-5e", "next": f"{base}/accounts/"},
            ),
        ],
        "coordinator": [
            (f"{base}/action-plan/milestones/new/", {"code": "", "due_date": "soon"}),
            (f"{base}/accounts/invitations/", {"email": "not an address"}),
            (f"{base}/meetings/{meeting.pk}/minutes/", {"decisions-TOTAL_FORMS": "x"}),
            (f"{base}/action-plan/{plan.pk}/edit/", {"period_start": "yesterday"}),
        ],
    }[who]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 400, (who, url, response.status_code)
        pages.keep(f"{who} POST {url} (400)", response)


def _page_templates() -> set[str]:
    """Every template of a page (not a partial, an include, an e-mail or a layout)."""
    found = set()
    for path in TEMPLATES.rglob("*.html"):
        name = path.relative_to(TEMPLATES).as_posix()
        if name.startswith(("emails/", "includes/", "allauth/layouts/")) or path.name.startswith(
            "_"
        ):
            continue
        if name == "base.html":
            continue
        found.add(name)
    return found


def _paged_media_css(where: str, message: str) -> bool:
    """The one-pagers' running footer is CSS for paged media (CSS GCPM: ``running()``,
    ``element()``), which WeasyPrint lays out and the Nu checker's CSS grammar does not know."""
    return (
        "one-pager" in where
        and "CSS:" in message
        and ("running(" in message or "element(" in message)
    )


def test_every_page_is_valid_html(tmp_path, monkeypatch):
    call_command("seed_demo", force=True, verbosity=0)
    # A workstream the plan's page folds: its link, its own timeline and the page links of the
    # timeline and of the milestone list are crawled too.
    factories.long_workstream()
    # One-page PDFs are not made during the crawl: their links answer with the waiting page,
    # and the HTML each PDF is laid out from is checked below instead.
    monkeypatch.setattr(onepager, "_ask_for", lambda *args: None)
    pages = Pages(tmp_path)
    practice = BestPractice.objects.published().filter(transfers__isnull=False).first()
    assert practice is not None
    for language in ("en", "ja"):
        for kind, obj in (("practice", practice), ("transfer", practice.transfers.first())):
            assert obj is not None
            pages.keep_html(
                f"{kind} one-pager ({language})",
                onepager.render_html(kind, obj, language),
                f"practices/onepager_{kind}.html",
            )
    for who, english, japanese in VIEWERS:
        for language, email in (("en", english), ("ja", japanese)):
            client = Client()
            if email:
                client.force_login(User.objects.get(email=email))
            _crawl(client, who, language, pages)
            _unlinked(client, who, language, pages)
    # Django's handlers serve 400 (a suspicious request) and 500 with little or no context.
    for language in ("en", "ja"):
        request = RequestFactory().get(f"/{language}/")
        request.user = AnonymousUser()
        with translation.override(language):
            for template, response in (
                ("400.html", bad_request(request, SuspiciousOperation())),
                ("500.html", server_error(request)),
            ):
                name = f"page-{len(pages.where):04d}.html"
                (tmp_path / name).write_bytes(response.content)
                pages.where[name] = f"public /{language}/ ({template})"
                pages.templates.add(template)

    missing = _page_templates() - pages.templates
    assert not missing, f"page templates no checked page used: {sorted(missing)}"
    assert len(pages.where) > 100

    errors = vnu(sorted(tmp_path.glob("page-*.html")))
    report = {
        pages.where[name]: kept
        for name, messages in sorted(errors.items())
        if (kept := [m for m in messages if not _paged_media_css(pages.where[name], m)])
    }
    assert report == {}, "\n".join(
        f"{where}:\n  " + "\n  ".join(messages) for where, messages in report.items()
    )
