import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_repeated_failed_logins_for_one_account_are_refused(client):
    """allauth's login_failed limit (5 per 5 minutes per address) on the real Redis cache."""
    factories.officer("brno", email="jana@example.org")
    for _attempt in range(5):
        response = client.post(
            "/en/accounts/login/", {"login": "jana@example.org", "password": "wrong-guess"}
        )
        assert response.status_code == 400
    # Now even the right password is refused, with a clear message and a 429.
    response = client.post(
        "/en/accounts/login/", {"login": "jana@example.org", "password": factories.PASSWORD}
    )
    assert response.status_code == 429
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_account(client):
    factories.officer("brno", email="jana@example.org")
    other = factories.officer("parma", email="marco@example.org")
    for _attempt in range(5):
        client.post("/en/accounts/login/", {"login": "jana@example.org", "password": "bad"})
    response = client.post(
        "/en/accounts/login/", {"login": "marco@example.org", "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


def test_the_refusal_is_in_japanese_on_ja_pages(client):
    factories.officer("kamakura", email="misaki@example.org")
    for _attempt in range(6):
        response = client.post(
            "/ja/accounts/login/", {"login": "misaki@example.org", "password": "bad"}
        )
    assert response.status_code == 429
    assert "ログイン失敗が連続しています" in response.content.decode()
