"""The security log, the leaks of the audit (decisions, e-mail management, unsubscribe), the
headers, and 4xx where there was a 500."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import Client
from django.utils import timezone

from accounts.models import SecurityEvent
from accounts.services import invitation_create
from cities.models import Membership
from exchanges.models import Decision, Milestone, NotificationPreference
from exchanges.notifications import services as notification_services
from exchanges.notifications.emails import unsubscribe_token
from exchanges.plan.demo import seed_plan
from tests import factories

pytestmark = pytest.mark.django_db
Kind = SecurityEvent.Kind


# --- The security log ----------------------------------------------------------------------


def test_log_ins_and_failures_are_logged_with_their_address(client):
    factories.officer("umea", email="elin@example.org")
    client.post(
        "/en/accounts/login/",
        {"login": "elin@example.org", "password": "wrong"},
        REMOTE_ADDR="198.51.100.4",
        HTTP_USER_AGENT="Test browser",
    )
    client.post(
        "/en/accounts/login/", {"login": "elin@example.org", "password": factories.PASSWORD}
    )
    failed = SecurityEvent.objects.get(kind=Kind.LOGIN_FAILED)
    assert (failed.actor_email, failed.ip, failed.user_agent) == (
        "elin@example.org",
        "198.51.100.4",
        "Test browser",
    )
    assert "wrong" not in str(failed.details)
    ok = SecurityEvent.objects.get(kind=Kind.LOGIN)
    assert ok.actor.email == "elin@example.org" and ok.ip == "127.0.0.1"


def test_invitations_roles_plan_and_publication_are_logged(
    client, django_capture_on_commit_callbacks
):
    coordinator = factories.coordinator("isinnova", email="giulia@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(email="new@example.org", by=coordinator, city=factories.city("parma"))
        seed_plan(coordinator=coordinator)
    practice = factories.practice(status="published", reviewer=coordinator)
    officer = factories.officer("glasgow")
    Membership.objects.filter(user=officer).delete()
    kinds = set(SecurityEvent.objects.values_list("kind", flat=True))
    assert {
        Kind.INVITATION_SENT,
        Kind.ROLE_GRANTED,
        Kind.ROLE_REMOVED,
        Kind.PLAN_CHANGED,
        Kind.MILESTONE_CHANGED,
        Kind.PRACTICE_PUBLISHED,
    } <= kinds
    published = SecurityEvent.objects.get(kind=Kind.PRACTICE_PUBLISHED)
    assert published.actor == coordinator and published.subject == practice.slug


def test_admin_rights_given_in_the_admin_are_logged_with_who_gave_them(client):
    admin = factories.site_admin(email="admin@example.org")
    officer = factories.officer("glasgow", email="fiona@example.org")
    client.force_login(admin)
    response = client.post(
        f"/en/admin/accounts/user/{officer.pk}/change/",
        {
            "email": officer.email,
            "full_name": officer.full_name,
            "preferred_language": "en",
            "time_zone": "",
            "is_active": "on",
            "is_staff": "on",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-0-id": officer.memberships.get().pk,
            "memberships-0-user": officer.pk,
            "memberships-0-city": factories.city("glasgow").pk,
            "memberships-0-job_title": "",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "09:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = SecurityEvent.objects.get(kind=Kind.ACCOUNT_FLAGS)
    assert event.actor == admin and event.subject == "fiona@example.org"
    assert event.details["changes"]["is_staff"] == [False, True]


def test_the_log_cannot_be_changed_or_deleted():
    officer = factories.officer("glasgow")
    event = SecurityEvent.objects.filter(
        kind=Kind.ROLE_GRANTED
    ).first() or SecurityEvent.objects.create(kind=Kind.LOGIN, actor=officer)
    event.subject = "changed"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        SecurityEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        SecurityEvent.objects.update(subject="x")
    # The database refuses it too, whatever the code does.
    for statement in (
        "UPDATE accounts_securityevent SET subject = 'x'",
        "DELETE FROM accounts_securityevent",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    # Deleting the person keeps the lines that name them.
    count = SecurityEvent.objects.count()
    officer.delete()
    assert SecurityEvent.objects.count() >= count


def test_the_log_is_read_only_in_the_admin_and_only_for_admins(client):
    admin = factories.site_admin()
    event = SecurityEvent.objects.create(kind=Kind.LOGIN, actor=admin, actor_email=admin.email)
    client.force_login(admin)
    assert client.get("/en/admin/accounts/securityevent/").status_code == 200
    assert client.get(f"/en/admin/accounts/securityevent/{event.pk}/change/").status_code == 200
    assert client.get("/en/admin/accounts/securityevent/add/").status_code == 403
    assert client.get(f"/en/admin/accounts/securityevent/{event.pk}/delete/").status_code == 403
    client.post(f"/en/admin/accounts/securityevent/{event.pk}/change/", {"subject": "x"})
    event.refresh_from_db()
    assert event.subject == ""
    staff = factories.UserFactory.create(is_staff=True)
    factories.enrol_totp(staff)
    client.force_login(staff)
    assert client.get("/en/admin/accounts/securityevent/").status_code == 403


# --- Leaks ---------------------------------------------------------------------------------


def test_decisions_of_an_internal_meeting_stay_with_its_participants(client):
    coordinator = factories.coordinator("isinnova")
    seed_plan(coordinator=coordinator)
    milestone = Milestone.objects.get(code="AP-2.2")
    meeting = factories.meeting(
        by=coordinator, host="glasgow", cities=("glasgow",), visibility="internal",
        title_en="Confidential budget talk",
    )  # fmt: skip
    Decision.objects.create(meeting=meeting, text_en="Cut the budget", milestone=milestone)
    Milestone.objects.filter(pk=milestone.pk).update(meeting=meeting)
    url = milestone.get_absolute_url()
    for viewer in (None, factories.officer("parma")):
        if viewer:
            client.force_login(viewer)
        html = client.get(url).content.decode()
        assert "Confidential budget talk" not in html and "Cut the budget" not in html
    client.force_login(factories.officer("glasgow"))
    html = client.get(url).content.decode()
    assert "Confidential budget talk" in html and "Cut the budget" in html


def test_e_mail_management_is_closed(client):
    officer = factories.officer("glasgow", email="fiona@example.org")
    factories.InvitationFactory(email="pending@example.org")
    client.force_login(officer)
    assert client.get("/en/accounts/email/").status_code == 404
    response = client.post(
        "/en/accounts/email/", {"action_add": "", "email": "pending@example.org"}
    )
    assert response.status_code == 404
    from allauth.account.models import EmailAddress

    assert not EmailAddress.objects.filter(email="pending@example.org").exists()


@pytest.fixture
def fiona(db):
    return factories.officer("glasgow", email="fiona@example.org")


def test_the_unsubscribe_page_asks_and_does_not_show_the_address(client, fiona):
    path = f"/u/{unsubscribe_token(fiona, 'meetings')}/"
    for method in (client.get, client.head):
        response = method(path)
        assert response.status_code == 200
        assert "fiona@example.org" not in response.content.decode()
        assert "no-store" in response["Cache-Control"]
    assert not NotificationPreference.objects.filter(user=fiona).exists()


def test_the_unsubscribe_buttons_pass_the_csrf_and_origin_checks(fiona):
    browser = Client(enforce_csrf_checks=True)
    path = f"/u/{unsubscribe_token(fiona, 'meetings')}/"
    page = browser.get(path)
    token = page.cookies["csrftoken"].value
    # Another site's page posting the form: refused.
    foreign = browser.post(
        path, {"csrfmiddlewaretoken": token, "resubscribe": "1"}, HTTP_ORIGIN="https://evil.example"
    )
    assert foreign.status_code == 403
    assert browser.post(path, {"resubscribe": "1"}).status_code == 403  # no CSRF token
    assert not NotificationPreference.objects.filter(user=fiona).exists()
    done = browser.post(path, {"csrfmiddlewaretoken": token}, HTTP_ORIGIN="http://testserver")
    assert done.status_code == 200
    assert not NotificationPreference.objects.get(user=fiona, category="meetings").enabled


def test_the_rfc_8058_one_click_post_works_without_a_token_and_only_unsubscribes(fiona):
    mailer = Client(enforce_csrf_checks=True)
    path = f"/u/{unsubscribe_token(fiona, 'practices')}/"
    body = "List-Unsubscribe=One-Click"
    response = mailer.post(path, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert not NotificationPreference.objects.get(user=fiona, category="practices").enabled
    again = mailer.post(
        path, body + "&resubscribe=1", content_type="application/x-www-form-urlencoded"
    )
    assert again.status_code == 200
    assert not NotificationPreference.objects.get(user=fiona, category="practices").enabled
    foreign = mailer.post(
        path, body, content_type="application/x-www-form-urlencoded",
        HTTP_ORIGIN="https://evil.example",
    )  # fmt: skip
    assert foreign.status_code == 403


def test_unsubscribe_links_expire_and_can_be_revoked(client, fiona):
    old = unsubscribe_token(fiona, "meetings", day=timezone.now().date() - timedelta(days=200))
    expired = client.get(f"/u/{old}/")
    assert expired.status_code == 410
    assert "expired" in expired.content.decode()
    current = unsubscribe_token(fiona, "meetings")
    assert client.get(f"/u/{current}/").status_code == 200
    client.force_login(fiona)
    assert client.post("/en/notifications/settings/links/revoke/").status_code == 302
    client.logout()
    assert client.get(f"/u/{current}/").status_code == 404
    assert client.get(f"/u/{unsubscribe_token(fiona, 'meetings')}/").status_code == 200
    assert SecurityEvent.objects.filter(kind=Kind.MAIL_LINKS_REVOKED, actor=fiona).exists()


def test_e_mails_carry_links_that_work(client, fiona, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification_services.notify(
            "meeting_invitation", [fiona], key="t", meeting=factories.meeting()
        )
    link = mail.outbox[-1].extra_headers["List-Unsubscribe"].strip("<>")
    assert client.get(link.split("127.0.0.1:8000", 1)[-1]).status_code == 200


# --- Headers -------------------------------------------------------------------------------


def test_content_security_policy_on_every_page(client):
    response = client.get("/en/")
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy
    assert "object-src 'none'" in policy and "default-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("style-src-attr")[0]


def test_signed_in_pages_are_private_public_pages_are_not(client):
    public = client.get("/en/practices/")
    # A public page may be kept and revalidated (ETag); it is "private" only because its
    # language form holds this visitor's own CSRF token, which no shared cache may hand on.
    assert "no-store" not in public["Cache-Control"]
    assert public.has_header("ETag")
    client.force_login(factories.officer("glasgow"))
    for url in ("/en/practices/", "/en/accounts/", "/en/notifications/"):
        control = client.get(url)["Cache-Control"]
        assert "private" in control and "no-store" in control, url


def test_every_cookie_is_secure_in_production(client, settings):
    settings.LANGUAGE_COOKIE_SECURE = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    factories.officer("umea", email="elin@example.org")
    response = client.post(
        "/en/accounts/login/", {"login": "elin@example.org", "password": factories.PASSWORD}
    )
    for name in ("sessionid", "django_language", "portal_device"):
        assert response.cookies[name]["secure"], name
    switched = client.post("/i18n/setlang/", {"language": "ja", "next": "/ja/"})
    assert switched.cookies["django_language"]["secure"]
    client.get("/en/accounts/login/")
    assert client.cookies["csrftoken"]["secure"]


# --- 4xx instead of 500 --------------------------------------------------------------------


def test_a_bad_host_header_is_a_400_page(client):
    response = client.get("/en/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/en/meetings/feed/%00abc.ics",
        "/en/action-plan/due-dates/%00.ics",
        "/en/practices/?q=%00",
        "/en/meetings/?city=%00",
        "/u/1-m-a-%00/",
    ],
)
def test_nul_bytes_are_a_400(client, url):
    assert client.get(url).status_code == 400


def test_an_oversized_body_is_refused_unread(client, tmp_path, settings):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    response = client.generic(
        "POST",
        "/en/accounts/login/",
        b"x" * 100,
        content_type="multipart/form-data; boundary=zz",
        CONTENT_LENGTH=str(100 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert list(tmp_path.iterdir()) == []
    client.force_login(factories.officer("glasgow"))
    assert (
        client.generic("POST", "/en/practices/new/", b"", CONTENT_LENGTH=str(13 * 1024 * 1024))
    ).status_code == 413
    assert client.generic("POST", "/en/practices/new/", b"a=1").status_code == 400
