"""Text built in code reads as Japanese on /ja/ pages: full-width label and list separators,
zones named (日本時間) rather than written as IANA ids (see locale/ja/GLOSSARY.md)."""

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.html import strip_tags

from cooperation_portal.text import join_list, labelled, zone_name
from tests import factories

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return " ".join(strip_tags(response.content.decode()).split())


def test_helpers_use_the_languages_own_punctuation() -> None:
    with translation.override("en"):
        assert labelled("Host", "Glasgow") == "Host: Glasgow"
        assert join_list(["Glasgow", "Kamakura"]) == "Glasgow, Kamakura"
        assert zone_name("Asia/Tokyo") == "Asia/Tokyo"
    with translation.override("ja"):
        assert labelled("主催", "グラスゴー") == "主催：グラスゴー"
        assert join_list(["グラスゴー", "鎌倉市"]) == "グラスゴー、鎌倉市"
        assert zone_name("Asia/Tokyo") == "日本時間"
        assert zone_name("Europe/Rome") == "イタリア時間"
        assert zone_name("Europe/London") == "英国時間"
        assert zone_name("America/Lima") == "America/Lima"  # not named: shown as it is


def test_the_join_list_filter_escapes_each_item() -> None:
    template = Template("{% load portal %}{{ names|join_list }}")
    with translation.override("ja"):
        html = template.render(Context({"names": ["<b>A</b>", "鎌倉市"]}))
    assert html == "&lt;b&gt;A&lt;/b&gt;、鎌倉市"


def test_the_meeting_list_writes_host_and_participants_with_full_width_separators(client):
    factories.meeting(host="glasgow", cities=("glasgow", "kamakura"))
    japanese = _text(client.get("/ja/meetings/"))
    assert "主催：グラスゴー" in japanese
    assert "参加者：グラスゴー、鎌倉市" in japanese
    assert "主催: " not in japanese
    english = _text(client.get("/en/meetings/"))
    assert "Host: Glasgow" in english
    assert "Participants: Glasgow, Kamakura" in english


def test_the_meeting_page_shows_the_host_with_a_full_width_colon(client):
    meeting = factories.meeting(host="glasgow", cities=("glasgow", "kamakura"))
    japanese = _text(client.get(f"/ja/meetings/{meeting.pk}/"))
    assert "主催：グラスゴー" in japanese
    assert "グラスゴー、鎌倉市" in japanese


def test_zones_are_named_in_japanese_text(client):
    client.force_login(factories.officer("kamakura"))
    page = _text(client.get("/ja/cities/kamakura/"))
    assert "日本時間" in page
    assert "Asia/Tokyo" not in page
    assert "時刻は日本時間で表示しています。" in page
    assert "イタリア時間" in _text(client.get("/ja/cities/parma/"))
    # English keeps the IANA id.
    assert "Times are shown in Asia/Tokyo" in _text(client.get("/en/cities/kamakura/"))


def test_the_viewers_own_time_is_labelled_without_anata(client):
    client.force_login(factories.officer("kamakura"))
    factories.meeting(host="glasgow", cities=("glasgow", "kamakura"))
    page = _text(client.get("/ja/meetings/"))
    assert "JST（ご自身）" in page
    assert "あなた" not in page


def test_the_japanese_login_page_uses_our_wording_over_allauths(client):
    """allauth's own Japanese (あなた, half-width ? and :) is overridden by our catalogue."""
    response = client.get("/ja/accounts/login/")
    assert response.status_code == 200
    page = _text(response)
    # Labels stand without a colon, as on the portal's own forms; none is half-width.
    assert "メールアドレス" in page
    assert "メールアドレス:" not in page
    assert "パスワードをお忘れの場合" in page
    assert "お忘れですか?" not in page
    # An invitation-only portal offers no sign-up (tests/accounts/test_login_pages.py).
    assert "アカウント登録" not in page
    refused = client.post("/ja/accounts/login/", {"login": "nobody@example.org", "password": "x"})
    assert refused.status_code == 400
    assert "メールアドレスもしくはパスワードが正しくありません。" in _text(refused)


def test_the_password_pages_speak_without_anata(client):
    client.force_login(factories.officer("kamakura"))
    change = _text(client.get("/ja/accounts/password/change/"))
    assert "ほかの個人情報と似たパスワードは使用できません。" in change
    assert "新しいパスワード（確認）" in change
    assert "新しいパスワード（確認）:" not in change
    assert "あなた" not in change
    assert "ログアウトしますか？" in _text(client.get("/ja/accounts/logout/"))  # noqa: RUF001
    # English is allauth's and Django's own.
    assert "Forgot your password?" in _text(client.get("/en/accounts/password/change/"))


def test_notes_in_parentheses_are_full_width_in_japanese() -> None:
    template = Template("{% load portal %}{{ year|in_parens }}")
    with translation.override("en"):
        assert template.render(Context({"year": "FY2021"})) == " (FY2021)"
    with translation.override("ja"):
        assert template.render(Context({"year": "2021年度"})) == "（2021年度）"
        assert template.render(Context({"year": "<i>"})) == "（&lt;i&gt;）"


def test_the_plan_and_the_map_list_read_as_japanese(client):
    from exchanges.meetings.demo import seed_meetings
    from exchanges.plan.demo import seed_plan

    coordinator = factories.coordinator()
    seed_plan(coordinator=coordinator)
    seed_meetings(coordinator=coordinator)  # held meetings: the map's list names who met whom
    plan = _text(client.get("/ja/action-plan/"))
    assert "年度）" in plan
    assert "年度 (" not in plan
    cities = _text(client.get("/ja/cities/"))
    assert "（会議1件）" in cities
    assert " (会議" not in cities
