"""The admin is a client of the services: what it saves is recorded, notified and validated
like the same change made on the portal's pages."""

from datetime import UTC, timedelta
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.utils import translation

from accounts.models import Invitation
from exchanges.models import MeetingChange, Notification
from practices.models import BestPractice
from tests import factories

pytestmark = pytest.mark.django_db


class _FormFields(HTMLParser):
    """The fields a browser would submit from the page's main form (inputs, selects,
    textareas), as a dict of lists."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.setdefault(name, []).append(a.get("value") or "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data


def _form_of(client, url):
    parser = _FormFields()
    parser.feed(client.get(url).content.decode())
    return parser.data


def test_a_meeting_rescheduled_in_the_admin_is_recorded_and_notified(
    client, django_capture_on_commit_callbacks
):
    admin = factories.site_admin(email="root@example.org")
    guest = factories.officer("kamakura", email="misaki@example.org")
    meeting = factories.meeting(by=factories.coordinator())
    client.force_login(admin)
    url = f"/en/admin/exchanges/meeting/{meeting.pk}/change/"
    data = _form_of(client, url)
    later = (meeting.starts_at + timedelta(hours=1)).astimezone(UTC)
    data["starts_at_1"] = [f"{later:%H:%M:%S}"]
    data["ends_at_1"] = [f"{later + timedelta(hours=1):%H:%M:%S}"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting.refresh_from_db()
    assert meeting.starts_at == later
    assert meeting.sequence == 1
    assert MeetingChange.objects.filter(meeting=meeting, field="starts_at", by=admin).exists()
    assert Notification.objects.filter(recipient=guest, kind="meeting_changed").count() == 1
    assert any(m.to == [guest.email] and "Changed" in m.subject for m in mail.outbox)


def test_the_admin_refuses_what_the_service_refuses(client):
    client.force_login(factories.site_admin())
    meeting = factories.meeting(by=factories.coordinator())
    url = f"/en/admin/exchanges/meeting/{meeting.pk}/change/"
    data = _form_of(client, url)
    data["cities"], data["bodies"] = [], []
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with the service's message
    assert "Choose at least one participating city or body." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.cities.count() == 2


def test_an_invitation_made_in_the_admin_is_emailed(client, django_capture_on_commit_callbacks):
    client.force_login(factories.site_admin())
    kamakura = factories.city("kamakura")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/admin/accounts/invitation/add/",
            {"email": "new.officer@example.org", "full_name": "", "city": kamakura.pk,
             "body": "", "language": "ja"},
        )  # fmt: skip
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="new.officer@example.org")
    assert invitation.invited_by is not None
    [message] = mail.outbox
    assert message.to == ["new.officer@example.org"]
    with translation.override("ja"):
        assert invitation.get_accept_url().split("/")[-2] in message.body


def test_practices_are_read_only_in_the_admin(client):
    client.force_login(factories.site_admin())
    practice = factories.practice(title_en="Heat grid")
    url = f"/en/admin/practices/bestpractice/{practice.pk}/change/"
    assert client.get(url).status_code == 200  # it can be read
    response = client.post(url, {"title_en": "Changed behind the services' back"})
    assert response.status_code == 403
    assert BestPractice.objects.get(pk=practice.pk).title_en == "Heat grid"
    assert client.get("/en/admin/practices/bestpractice/add/").status_code == 403


def test_services_keep_the_other_languages_column_empty(client, django_capture_on_commit_callbacks):
    """modeltranslation writes an assignment to the untranslated name into the current
    language's column; the services never make one, so an English-only meeting created on a
    Japanese page has no Japanese title (it shows the English one, marked as such)."""
    officer = factories.officer("glasgow")
    with translation.override("ja"):
        meeting = factories.meeting(by=officer, title_en="Only in English", title_ja="")
    meeting.refresh_from_db()
    assert (meeting.title_en, meeting.title_ja) == ("Only in English", "")
