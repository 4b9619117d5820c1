"""E-mails as a mail program receives them: parsed from their bytes with the standard library's
strict policy (which raises on any defect), never from Django's objects.

Text a user typed (a practice title, a meeting title, a coordinator's comment) is in the
subject exactly as typed and is never markup in the HTML part, which is parsed with
``html.parser``; every Message-ID is unique and on the portal's domain; each category,
the daily digest included, has a List-Unsubscribe link that switches off that category only.
"""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from html.parser import HTMLParser

import pytest
from django.core import mail

from exchanges.meetings import services as meeting_services
from exchanges.models import Milestone, Notification, NotificationPreference
from exchanges.notifications import tasks
from exchanges.notifications.emails import build_message, read_unsubscribe_token
from exchanges.plan.demo import seed_plan
from practices import services as practice_services
from practices.transfers import services as transfer_services
from tests import factories

pytestmark = pytest.mark.django_db

#: What an officer might type, or paste from another page.
HOSTILE = (
    'Brno\'s "R&D" <a href="https://evil.example/">hub</a> '
    '<img src=x onerror="alert(1)"> & <script>alert(2)</script>'
)


class _Elements(HTMLParser):
    """The elements, attributes and text of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _received(message: mail.EmailMessage) -> EmailMessage:
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=email.policy.strict)
    assert isinstance(parsed, EmailMessage)
    assert not parsed.defects, parsed.defects
    return parsed


def _html(parsed: EmailMessage) -> _Elements:
    part = parsed.get_body(preferencelist=("html",))
    assert part is not None
    elements = _Elements()
    elements.feed(part.get_content())
    return elements


def _assert_text_not_markup(parsed: EmailMessage, typed: str) -> None:
    elements = _html(parsed)
    for tag, attributes in elements.tags:
        assert tag not in {"img", "script"}, (tag, attributes)
        assert "evil.example" not in (attributes.get("href") or ""), (tag, attributes)
        assert not any(name.startswith("on") for name in attributes), (tag, attributes)
    assert typed in " ".join("".join(elements.text).split())
    text = parsed.get_body(preferencelist=("plain",))
    assert text is not None and typed in text.get_content()


@pytest.fixture
def people(db):
    return {
        "coordinator": factories.coordinator("isinnova", email="giulia@example.org"),
        "glasgow": factories.officer("glasgow", email="fiona@example.org"),
        "kamakura": factories.officer(
            "kamakura", email="misaki@example.org", preferred_language="ja"
        ),
    }


def _to(address: str, word: str = "") -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if m.to == [address] and word in m.subject]


def test_a_typed_title_is_literal_in_the_subject_and_never_markup(
    people, django_capture_on_commit_callbacks
):
    author = people["glasgow"]
    with django_capture_on_commit_callbacks(execute=True):
        draft = factories.practice(status="draft", city="glasgow", author=author, title_en=HOSTILE)
        practice_services.practice_submit(practice=draft, by=author)
    (review,) = _to("giulia@example.org", "To review")
    received = _received(review)
    assert received["Subject"] == f"To review: {HOSTILE}"
    _assert_text_not_markup(received, HOSTILE)

    with django_capture_on_commit_callbacks(execute=True):
        practice_services.practice_send_back(
            practice=draft, by=people["coordinator"], comment=f"Please fix: {HOSTILE}"
        )
    (sent_back,) = _to("fiona@example.org", "Sent back")
    received = _received(sent_back)
    assert received["Subject"] == f"Sent back: {HOSTILE}"
    _assert_text_not_markup(received, f"Please fix: {HOSTILE}")


def test_transfer_mail_keeps_what_officers_typed_as_text(
    people, django_capture_on_commit_callbacks
):
    """The practice's title, the receiving city's reason and a comment in the thread, all typed
    by officers, reach the originating city and the coordinators as text, never as markup."""
    practice = factories.practice(city="glasgow", title_en=HOSTILE)
    with django_capture_on_commit_callbacks(execute=True):
        transfer = transfer_services.transfer_start(
            by=people["kamakura"],
            data=transfer_services.InterestData(
                practice=practice, city=factories.city("kamakura"), interest=f"Why: {HOSTILE}"
            ),
        )
    (interest,) = _to("fiona@example.org")
    received = _received(interest)
    # Whitespace compared collapsed: CPython's header folder can add spaces where it switches
    # between plain and encoded words in a long subject (the words themselves arrive intact).
    assert HOSTILE in " ".join(received["Subject"].split())
    _assert_text_not_markup(received, f"Why: {HOSTILE}")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        transfer_services.transfer_comment_add(
            transfer=transfer, by=people["glasgow"], text=f"Answer: {HOSTILE}"
        )
    (comment,) = _to("misaki@example.org")
    _assert_text_not_markup(_received(comment), f"Answer: {HOSTILE}")


def test_meeting_mail_in_japanese_keeps_the_title_as_typed(
    people, django_capture_on_commit_callbacks
):
    title = '鎌倉・グラスゴー <b>交流</b> "R&D"'
    with django_capture_on_commit_callbacks(execute=True):
        factories.meeting(by=people["coordinator"], title_ja=title)
    (invitation,) = _to("misaki@example.org")
    received = _received(invitation)
    assert received["Subject"].endswith(title), received["Subject"]
    _assert_text_not_markup(received, title)
    assert not [tag for tag, _attributes in _html(received).tags if tag == "b"]


def test_message_ids_are_unique_and_on_the_portals_domain(
    people, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        meeting = factories.meeting(by=people["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.meeting_cancel(meeting=meeting, by=people["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        seed_plan(coordinator=people["coordinator"])
    ids = [str(_received(m)["Message-ID"]).strip() for m in mail.outbox]
    assert len(ids) >= 6
    assert len(set(ids)) == len(ids), ids
    assert all(i.startswith("<") and i.endswith("@portal.example.org>") for i in ids), ids
    # Every link in them is on the portal's address too.
    for message in mail.outbox:
        received = _received(message)
        # The header may be folded onto a second line (RFC 5322 §2.2.3): read it unfolded.
        assert received["List-Unsubscribe"].strip().startswith("<https://portal.example.org/u/")
        hrefs = [a.get("href") or "" for tag, a in _html(received).tags if tag == "a"]
        assert hrefs and all(h.startswith("https://portal.example.org/") for h in hrefs), hrefs
    # A second delivery of the same row (a retry) is a new message too.
    row = Notification.objects.filter(kind="meeting_invitation")[0]
    assert (
        build_message(row).extra_headers["Message-ID"]
        != build_message(row).extra_headers["Message-ID"]
    )


def _unsubscribe_path(message: mail.EmailMessage) -> str:
    received = _received(message)
    link = received["List-Unsubscribe"].strip().strip("<>")
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


@pytest.mark.today("2026-11-16T09:00:00Z")
def test_each_category_and_the_digest_unsubscribe_only_themselves(
    client, people, django_capture_on_commit_callbacks
):
    misaki = people["kamakura"]
    NotificationPreference.objects.create(user=misaki, category="practices", mode="digest")
    with django_capture_on_commit_callbacks(execute=True):
        factories.meeting(by=people["coordinator"])  # a meeting e-mail
        seed_plan(coordinator=people["coordinator"])  # milestone e-mails
        practice = factories.practice(city="kamakura", author=misaki, status="submitted")
        practice_services.practice_publish(practice=practice, by=people["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_digests(hour=0)
    (digest,) = [m for m in _to("misaki@example.org") if "毎日のまとめ" in m.subject]
    meeting_mail = _to("misaki@example.org", "会議への招待")[0]
    milestone_mail = next(m for m in _to("misaki@example.org") if "AP-" in m.subject)

    expected = {"meetings": meeting_mail, "milestones": milestone_mail, "digest": digest}
    for category, message in expected.items():
        path = _unsubscribe_path(message)
        token = path.rstrip("/").rsplit("/", 1)[1]
        assert read_unsubscribe_token(token) == (misaki.pk, category)

    # The mail program's one-click POST on the digest's link stops the digest only.
    assert client.post(_unsubscribe_path(digest)).status_code == 200
    choices = dict(misaki.notification_preferences.values_list("category", "enabled"))
    assert choices == {"practices": True, "digest": False}
    # What would have waited for a digest is not mailed any more.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        other = factories.practice(city="kamakura", author=misaki, status="submitted")
        practice_services.practice_publish(practice=other, by=people["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_digests(hour=0)
    assert _to("misaki@example.org") == []
    assert Milestone.objects.exists()
