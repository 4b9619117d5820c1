"""Each role reaching, or being refused, each page that exists."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/en/",
    "/en/cities/",
    "/en/cities/hamamatsu/",
    "/en/bodies/isinnova/",
    "/en/practices/",
    "/en/meetings/",
    "/en/action-plan/",
    "/en/action-plan/milestones/",
]
MEMBERS = [
    "/en/accounts/",
    "/en/accounts/preferences/",
    "/en/accounts/password/change/",
    "/en/practices/workspace/",
    "/en/practices/new/",
    "/en/transfers/",
    "/en/meetings/new/",
    "/en/meetings/slots/",
    "/en/meetings/calendar/",
    "/en/action-plan/ours/",
    "/en/action-plan/export.csv",
    "/en/notifications/",
    "/en/notifications/settings/",
]
COORDINATORS = [
    "/en/accounts/invitations/",
    "/en/practices/themes/",
    "/en/action-plan/milestones/new/",
    "/en/notifications/outbox/",
]
ADMIN = ["/en/admin/"]

# role -> expected status for each group
EXPECTED = {
    "anonymous": {"public": 200, "members": 302, "coordinators": 302, "admin": 302},
    "officer": {"public": 200, "members": 200, "coordinators": 403, "admin": 302},
    "coordinator": {"public": 200, "members": 200, "coordinators": 200, "admin": 302},
    "site_admin": {"public": 200, "members": 200, "coordinators": 200, "admin": 200},
}


def _user(role):
    return {
        "anonymous": lambda: None,
        "officer": lambda: factories.officer("glasgow"),
        "coordinator": lambda: factories.coordinator("cabinet-office-japan"),
        "site_admin": factories.site_admin,
    }[role]()


@pytest.mark.parametrize("role", list(EXPECTED))
@pytest.mark.parametrize(
    ("group", "urls"),
    [("public", PUBLIC), ("members", MEMBERS), ("coordinators", COORDINATORS), ("admin", ADMIN)],
)
def test_page_access_by_role(client, role, group, urls):
    from exchanges.plan.demo import seed_plan

    seed_plan(coordinator=factories.coordinator("isinnova"))
    user = _user(role)
    if user:
        client.force_login(user)
    for url in urls:
        response = client.get(url)
        assert response.status_code == EXPECTED[role][group], (role, url)
        if response.status_code == 302:
            # The admin sends people to its own log-in, which hands over to allauth's.
            assert "/accounts/login/" in response.url or "/admin/login/" in response.url


def test_officer_names_are_for_members_only(client):
    factories.officer("parma", full_name="Marco Bianchi")
    assert "Marco Bianchi" not in client.get("/en/cities/parma/").content.decode()
    client.force_login(factories.officer("brno"))
    assert "Marco Bianchi" in client.get("/en/cities/parma/").content.decode()


def test_an_unknown_city_is_a_404_page(client):
    response = client.get("/en/cities/atlantis/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_public_sign_up_is_closed(client):
    response = client.post(
        "/en/accounts/signup/",
        {"email": "me@example.org", "password1": "long-password-1", "password2": "long-password-1"},
    )
    assert response.status_code == 200
    assert "Accounts are by invitation only" in response.content.decode()
    from accounts.models import User

    assert not User.objects.filter(email="me@example.org").exists()


def test_the_admin_login_goes_through_the_rate_limited_login(client):
    response = client.get("/en/admin/login/")
    assert response.status_code == 302
    assert response.url.startswith("/en/accounts/login/")


def test_log_in_and_out(client):
    user = factories.officer("umea", email="elin@example.org")
    response = client.post(
        "/en/accounts/login/", {"login": "ELIN@example.org", "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == "/en/accounts/"
    assert client.get("/en/accounts/").context["user"] == user
    client.post("/en/accounts/logout/")
    assert client.get("/en/accounts/").status_code == 302


def test_a_wrong_password_is_a_400_with_a_message(client):
    factories.officer("umea", email="elin@example.org")
    response = client.post("/en/accounts/login/", {"login": "elin@example.org", "password": "no"})
    assert response.status_code == 400
    assert "not correct" in response.content.decode()


def test_log_in_lands_on_the_users_language(client):
    factories.officer("tamana", email="ken@example.org", preferred_language="ja")
    response = client.post(
        "/en/accounts/login/", {"login": "ken@example.org", "password": factories.PASSWORD}
    )
    assert response.url == "/ja/accounts/"
    assert response.cookies["django_language"].value == "ja"


def test_password_reset_by_email(client):
    import re

    from django.core import mail

    factories.officer("parma", email="marco@example.org")
    response = client.post("/en/accounts/password/reset/", {"email": "marco@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = str(mail.outbox[0].body)
    link = re.search(r"http://\S+/accounts/password/reset/key/\S+/", body).group(0)
    path = "/" + link.split("/", 3)[3]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    new = "parma-smart-city-2027"
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
        {"password1": new, "password2": new},
    )
    assert done.status_code == 302
    client.logout()
    login = client.post("/en/accounts/login/", {"login": "marco@example.org", "password": new})
    assert login.status_code == 302
