"""The door of an invitation-only portal: allauth's pages say so, offer no sign-up, and look
like the rest of the site (labelled fields, the portal's buttons), in English and Japanese."""

import re

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def _main(response) -> str:
    html = response.content.decode()
    return re.search(r"<main.*?</main>", html, re.S).group(0)


def _buttons(main: str) -> list[str]:
    return re.findall(r"<button\b[^>]*>", main)


def _assert_portal_buttons(main: str) -> None:
    buttons = _buttons(main)
    assert buttons
    for button in buttons:
        assert re.search(r'class="(button[^"]*|link-button)"', button), button


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        (
            "en",
            [
                "<h1>Log in</h1>",
                "Accounts are by invitation only: if you need one, ask your coordinator",
                '<button type="submit" class="button">Log in</button>',
            ],
        ),
        (
            "ja",
            [
                "<h1>ログイン</h1>",
                "アカウントは招待制です。アカウントが必要な場合は、担当のコーディネーターに招待を依頼してください。",
                '<button type="submit" class="button">ログイン</button>',
            ],
        ),
    ],
)
def test_the_login_page_says_invitation_only_without_a_sign_up_link(client, language, texts):
    response = client.get(f"/{language}/accounts/login/")
    assert response.status_code == 200
    main = _main(response)
    for text in texts:
        assert text in main
    html = response.content.decode()
    assert "signup" not in html and "sign up" not in html.lower()
    assert "Sign In" not in html
    # Every field has a visible label, without Django's trailing colon.
    assert '<label for="id_login">' in main and '<label for="id_password">' in main
    assert not re.search(r"<label[^>]*>[^<]*:</label>", main)
    _assert_portal_buttons(main)


def test_logging_in_still_works(client):
    officer = factories.officer("umea", email="elin@example.org")
    response = client.post(
        "/en/accounts/login/", {"login": "elin@example.org", "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/en/accounts/").wsgi_request.user == officer


def test_a_failed_log_in_keeps_the_page_and_says_why(client):
    response = client.post("/en/accounts/login/", {"login": "no@example.org", "password": "x"})
    assert response.status_code == 400
    main = _main(response)
    assert "The email address and/or password you specified are not correct." in main
    assert "Accounts are by invitation only" in main


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_sign_up_address_says_invitation_only(client, language):
    response = client.get(f"/{language}/accounts/signup/")
    main = _main(response)
    expected = {"en": "Accounts are by invitation only", "ja": "アカウントは招待制です"}
    assert f"<h1>{expected[language]}</h1>" in main
    assert "Sign Up Closed" not in main and "sign up is currently closed" not in main
    assert f'href="/{language}/accounts/login/"' in main


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Reset your password", "ask your coordinator", ">Send the link</button>"]),
        ("ja", ["パスワードの再設定", "コーディネーターにご相談", ">リンクを送信</button>"]),
    ],
)
def test_password_reset_points_to_the_coordinator_not_to_contact_us(client, language, expected):
    main = _main(client.get(f"/{language}/accounts/password/reset/"))
    for text in expected:
        assert text in main
    assert "contact us" not in main.lower()
    _assert_portal_buttons(main)

    done = _main(client.get(f"/{language}/accounts/password/reset/done/"))
    assert "contact us" not in done.lower()
    assert ("ask your coordinator" if language == "en" else "担当のコーディネーター") in done


@pytest.mark.parametrize(
    ("language", "question"),
    [("en", "Do you want to log out of the portal?"), ("ja", "ポータルからログアウトしますか")],
)
def test_the_log_out_confirmation_uses_the_portals_words_and_button(client, language, question):
    client.force_login(factories.officer("umea"))
    main = _main(client.get(f"/{language}/accounts/logout/"))
    assert question in main and "Sign Out" not in main
    _assert_portal_buttons(main)


def test_the_second_factor_page_has_the_portals_buttons(client):
    coordinator = factories.coordinator("isinnova")
    response = client.post(
        "/en/accounts/login/", {"login": coordinator.email, "password": factories.PASSWORD}
    )
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    main = _main(client.get(response["Location"]))
    assert '<label for="id_code">' in main
    _assert_portal_buttons(main)
    assert re.search(r'class="button button-secondary"\s+form="logout-from-stage"', main)


def test_the_password_change_page_has_the_portals_buttons(client):
    client.force_login(factories.officer("umea"))
    main = _main(client.get("/en/accounts/password/change/"))
    _assert_portal_buttons(main)
    assert '<label for="id_oldpassword">Current Password</label>' in main
