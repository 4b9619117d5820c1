"""English and Japanese everywhere: URL prefixes, the switcher, and a complete translation."""

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

from exchanges.models import Milestone
from tests import factories

PO_FILE = Path(settings.BASE_DIR) / "locale" / "ja" / "LC_MESSAGES" / "django.po"

# Every page so far, with who may see it; each must show Japanese interface text under /ja/.
PAGES = [
    ("/ja/", None),
    ("/ja/cities/", None),
    ("/ja/cities/glasgow/", None),
    ("/ja/bodies/cabinet-office-japan/", None),
    ("/ja/accounts/login/", None),
    ("/ja/accounts/password/reset/", None),
    ("/ja/accounts/", "officer"),
    ("/ja/accounts/preferences/", "officer"),
    ("/ja/accounts/password/change/", "officer"),
    ("/ja/accounts/invitations/", "coordinator"),
    ("/ja/practices/", None),
    ("/ja/practices/{practice}/", None),
    ("/ja/practices/workspace/", "officer"),
    ("/ja/practices/new/", "officer"),
    ("/ja/practices/themes/", "coordinator"),
    ("/ja/practices/{practice}/interest/", "officer"),
    ("/ja/transfers/", "officer"),
    ("/ja/transfers/{transfer}/", "coordinator"),
    ("/ja/transfers/{transfer}/plan/", "coordinator"),
    ("/ja/transfers/{transfer}/kpis/", "coordinator"),
    ("/ja/meetings/", None),
    ("/ja/meetings/{meeting}/", None),
    ("/ja/meetings/new/", "coordinator"),
    ("/ja/meetings/slots/", "coordinator"),
    ("/ja/meetings/calendar/", "officer"),
    ("/ja/action-plan/", None),
    ("/ja/action-plan/milestones/", None),
    ("/ja/action-plan/milestones/{milestone}/", "officer"),
    ("/ja/action-plan/ours/", "officer"),
    ("/ja/notifications/", "officer"),
    ("/ja/notifications/settings/", "officer"),
    ("/ja/notifications/outbox/", "coordinator"),
]

# Hiragana or katakana: kanji alone could be a city's name, kana is interface text.
KANA = re.compile(r"[\u3040-\u30ff]")


@pytest.fixture
def content(db):
    from exchanges.plan.demo import seed_plan
    from practices.transfers import services as transfers

    coordinator = factories.coordinator("cabinet-office-japan")
    seed_plan(coordinator=coordinator)
    practice = factories.practice(title_en="Heat grid", reviewer=coordinator)
    transfer = transfers.transfer_start(
        by=coordinator,
        data=transfers.InterestData(
            practice=practice, city=factories.city("tamana"), interest="温泉の排熱"
        ),
    )
    return {
        "practice": practice.slug,
        "transfer": transfer.pk,
        "meeting": factories.meeting(by=coordinator).pk,
        "milestone": Milestone.objects.first().pk,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "role"), PAGES)
def test_every_page_under_ja_renders_japanese_interface_text(client, content, url, role):
    if role:
        client.force_login(getattr(factories, role)())
    response = client.get(url.format(**content))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ja">' in html
    main = html.split('id="main"', 1)[1]
    assert KANA.search(main), f"no Japanese text in the main part of {url}"
    # The header's navigation is translated too.
    assert "都市" in html
    assert ("ログアウト" if role else "ログイン") in html


@pytest.mark.django_db
def test_the_root_redirects_by_accept_language(client):
    assert client.get("/", headers={"accept-language": "ja,en;q=0.5"}).url == "/ja/"
    assert client.get("/", headers={"accept-language": "en-GB,en;q=0.9"}).url == "/en/"
    assert client.get("/", headers={"accept-language": "fr"}).url == "/en/"


@pytest.mark.django_db
def test_the_language_switch_keeps_the_page_and_remembers_a_users_choice(client, officer):
    client.force_login(officer)
    response = client.post("/i18n/setlang/", {"language": "ja", "next": "/en/cities/umea/"})
    assert response.status_code == 302
    assert response.url == "/ja/cities/umea/"
    officer.refresh_from_db()
    assert officer.preferred_language == "ja"


@pytest.mark.django_db
def test_the_language_switch_works_for_visitors(client):
    response = client.post("/i18n/setlang/", {"language": "ja", "next": "/en/cities/"})
    assert response.url == "/ja/cities/"
    assert "ロッテルダム" in client.get(response.url).content.decode()


def test_the_japanese_translation_is_complete():
    catalogue = polib.pofile(str(PO_FILE))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:10]}"


def test_every_interface_string_in_the_code_is_in_the_catalogue(tmp_path, settings, monkeypatch):
    """makemessages on a scratch copy of the sources: a string the .po file lacks fails the test.

    A copy, because makemessages writes into any ``locale`` folder it finds under the working
    directory, and the committed catalogue must not change under a test."""
    source = tmp_path / "src"
    shutil.copytree(
        settings.BASE_DIR,
        source,
        ignore=shutil.ignore_patterns(
            ".*",
            "locale",
            "staticfiles",
            "media",
            "tests",
            "node_modules",
            "__pycache__",
            "*.sqlite3",
        ),
    )
    settings.LOCALE_PATHS = [source / "locale"]
    monkeypatch.chdir(source)
    call_command("makemessages", locale=["ja"], no_location=True, verbosity=0)
    extracted = polib.pofile(str(source / "locale" / "ja" / "LC_MESSAGES" / "django.po"))
    committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(PO_FILE)) if not e.obsolete}
    missing = [e.msgid for e in extracted if (e.msgctxt, e.msgid) not in committed]
    assert not missing, f"run `make messages` and translate: {missing[:10]}"
