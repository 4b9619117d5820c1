"""One door with a second factor: the admin's own log-in is gone, coordinators and admins enrol
before anything else, and failed log-ins slow an attacker without locking the owner out."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import PermissionDenied

from accounts import permissions
from exchanges.plan import services as plan_services
from exchanges.plan.demo import seed_plan
from practices import services as practice_services
from tests import factories

from .totp import totp

pytestmark = pytest.mark.django_db


def test_the_admin_login_sends_visitors_to_the_portals_login(client):
    response = client.get("/en/admin/login/?next=/en/admin/accounts/user/")
    assert response.status_code == 302
    assert response.url.startswith("/en/accounts/login/")
    assert "next=/en/admin/accounts/user/" in response.url


def test_the_admin_login_form_cannot_sign_anyone_in(client):
    admin = factories.site_admin(email="admin@example.org")
    for _attempt in range(3):
        response = client.post(
            "/en/admin/login/", {"username": admin.email, "password": factories.PASSWORD}
        )
        assert response.status_code == 302
        assert response.url.startswith("/en/accounts/login/")
    assert SESSION_KEY not in client.session
    assert client.get("/en/admin/").status_code == 302


def test_a_signed_in_officer_gets_no_admin_form(client):
    client.force_login(factories.officer("glasgow"))
    response = client.get("/en/admin/login/")
    assert response.status_code == 403
    assert b'name="password"' not in response.content
    assert client.get("/en/admin/").status_code == 302


def test_the_admin_login_lets_an_enrolled_admin_through(client):
    client.force_login(factories.site_admin())
    response = client.get("/en/admin/login/?next=/en/admin/accounts/user/")
    assert response.status_code == 302 and response.url == "/en/admin/accounts/user/"
    evil = client.get("/en/admin/login/?next=https://evil.example/")
    assert evil.url == "/en/admin/"


# Per role: where the first page a person opens after log-in takes them.
@pytest.mark.parametrize(
    ("role", "url", "status", "to_enrolment"),
    [
        ("officer", "/en/accounts/", 200, False),
        ("officer", "/en/practices/new/", 200, False),
        ("coordinator_without_mfa", "/en/accounts/", 302, True),
        ("coordinator_without_mfa", "/en/accounts/invitations/", 302, True),
        ("coordinator_without_mfa", "/en/action-plan/milestones/new/", 302, True),
        ("coordinator_without_mfa", "/en/", 302, True),
        ("coordinator", "/en/accounts/invitations/", 200, False),
        ("admin_without_mfa", "/en/admin/", 302, True),
        ("admin_without_mfa", "/en/accounts/invitations/", 302, True),
        ("admin", "/en/admin/", 200, False),
    ],
)
def test_who_must_enrol_first(client, role, url, status, to_enrolment):
    seed_plan(coordinator=factories.coordinator("cabinet-office-japan"))
    user = {
        "officer": lambda: factories.officer("glasgow"),
        "coordinator_without_mfa": lambda: factories.coordinator("isinnova", mfa=False),
        "coordinator": lambda: factories.coordinator("isinnova"),
        "admin_without_mfa": lambda: factories.site_admin(mfa=False),
        "admin": factories.site_admin,
    }[role]()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == status, (role, url)
    if to_enrolment:
        assert response.url == "/en/accounts/2fa/"
        page = client.get(response.url)
        assert page.status_code == 200
        assert "Set one up to continue" in page.content.decode()


def test_a_coordinator_without_mfa_cannot_act_as_coordinator(client):
    seed_plan(coordinator=factories.coordinator("cabinet-office-japan"))
    unenrolled = factories.coordinator("isinnova", mfa=False)
    assert permissions.must_enrol_mfa(unenrolled)
    assert not permissions.is_coordinator(unenrolled)
    client.force_login(unenrolled)
    practice = factories.practice(status="submitted", city="parma")
    # Through the pages: refused before any view runs, nothing done.
    assert client.post(f"/en/practices/{practice.slug}/publish/").status_code == 403
    practice.refresh_from_db()
    assert practice.status == "submitted"
    # Through the services: refused like anyone without the role.
    with pytest.raises(PermissionDenied):
        practice_services.practice_publish(practice=practice, by=unenrolled)
    from exchanges.models import ActionPlan

    current = ActionPlan.objects.get(is_current=True)
    with pytest.raises(PermissionDenied):
        plan_services.plan_update(
            plan=current,
            by=unenrolled,
            data=plan_services.PlanData(
                title_en="Taken over",
                title_ja="",
                period_start=current.period_start,
                period_end=current.period_end,
            ),
        )
    # Enrolling makes them a coordinator.
    factories.enrol_totp(unenrolled)
    unenrolled.refresh_from_db()
    permissions.forget_second_factor(unenrolled)
    assert permissions.is_coordinator(unenrolled)


def test_officers_work_without_mfa_and_may_enrol(client):
    officer = factories.officer("glasgow")
    assert not permissions.must_enrol_mfa(officer)
    client.force_login(officer)
    assert client.get("/en/accounts/2fa/").status_code == 200
    assert client.get("/en/practices/workspace/").status_code == 200


def _login(client, email, password, **extra):
    return client.post("/en/accounts/login/", {"login": email, "password": password}, **extra)


def test_log_in_with_a_password_and_an_authenticator_code(client):
    factories.coordinator("isinnova", email="giulia@example.org")
    response = _login(client, "giulia@example.org", factories.PASSWORD)
    assert response.status_code == 302 and response.url.startswith("/en/accounts/2fa/authenticate")
    assert SESSION_KEY not in client.session  # the password alone is not enough
    wrong = client.post(response.url, {"code": "000000"})
    assert wrong.status_code in (200, 400) and SESSION_KEY not in client.session
    done = client.post(response.url, {"code": totp(factories.TOTP_SECRET)})
    assert done.status_code == 302
    assert SESSION_KEY in client.session
    assert client.get("/en/accounts/invitations/").status_code == 200


def test_an_attacker_cannot_lock_the_owner_out(client):
    """Five wrong passwords from one address stop that address, not the owner elsewhere, and
    not the owner's own browser at the same address."""
    from django.test import Client

    factories.officer("brno", email="jana@example.org")
    owner = Client()
    assert _login(owner, "jana@example.org", factories.PASSWORD).status_code == 302  # device
    owner.post("/en/accounts/logout/")  # (Client.logout() would drop every cookie)
    attacker = {"REMOTE_ADDR": "203.0.113.9"}
    for _attempt in range(5):
        assert _login(client, "jana@example.org", "guess", **attacker).status_code == 400
    refused = _login(client, "jana@example.org", factories.PASSWORD, **attacker)
    assert refused.status_code == 429
    # The owner from another address, with no device cookie: let in.
    elsewhere = Client()
    assert _login(elsewhere, "jana@example.org", factories.PASSWORD).status_code == 302
    # The owner's known browser, even from the attacker's address: let in.
    at_attackers_address = _login(owner, "jana@example.org", factories.PASSWORD, **attacker)
    assert at_attackers_address.status_code == 302


def test_behind_a_proxy_each_visitor_has_their_own_bucket(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    factories.officer("brno", email="jana@example.org")
    for _attempt in range(5):
        _login(client, "jana@example.org", "guess", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert (
        _login(
            client, "jana@example.org", factories.PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7"
        ).status_code
        == 429
    )
    other = _login(
        client, "jana@example.org", factories.PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.8"
    )
    assert other.status_code == 302
    # Without the setting, both would be the proxy's one address.


def test_many_addresses_meet_a_ceiling_per_account(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed_account": "6/h/key",
    }
    factories.officer("brno", email="jana@example.org")
    for n in range(6):
        _login(client, "jana@example.org", "guess", REMOTE_ADDR=f"192.0.2.{n + 1}")
    fresh = _login(client, "jana@example.org", factories.PASSWORD, REMOTE_ADDR="192.0.2.99")
    assert fresh.status_code == 429
