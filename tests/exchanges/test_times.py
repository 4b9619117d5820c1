"""A meeting's time for viewers in Tokyo, London and Warsaw, on both sides of Europe's DST."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation
from django.utils.html import strip_tags

from exchanges.meetings.timefmt import meeting_time_text


def _text(start, zone, host_zone="Europe/London", host="Glasgow", language="en", minutes=60):
    with translation.override(language):
        return meeting_time_text(
            start,
            start + timedelta(minutes=minutes),
            host_zone=host_zone,
            host_label=host,
            viewer_zone=zone,
        )


WINTER = datetime(2027, 1, 12, 8, 0, tzinfo=UTC)  # before the European change of 28 March
SUMMER = datetime(2027, 7, 13, 7, 0, tzinfo=UTC)  # after it


# One case per row, the expected text under its zone (left unformatted): formatted, the longest
# expectations would pass the line length.
@pytest.mark.parametrize(
    ("start", "viewer", "expected"),
    [
        (WINTER, "Asia/Tokyo",
         "Tue 12 Jan 2027 · 08:00–09:00 GMT (Glasgow) · 17:00–18:00 JST (you)"),
        (WINTER, "Europe/London",
         "Tue 12 Jan 2027 · 08:00–09:00 GMT (Glasgow, you) · 17:00–18:00 JST"),
        (WINTER, "Europe/Warsaw",
         "Tue 12 Jan 2027 · 08:00–09:00 GMT (Glasgow) · 17:00–18:00 JST · 09:00–10:00 CET (you)"),
        (SUMMER, "Asia/Tokyo",
         "Tue 13 Jul 2027 · 08:00–09:00 BST (Glasgow) · 16:00–17:00 JST (you)"),
        (SUMMER, "Europe/London",
         "Tue 13 Jul 2027 · 08:00–09:00 BST (Glasgow, you) · 16:00–17:00 JST"),
        (SUMMER, "Europe/Warsaw",
         "Tue 13 Jul 2027 · 08:00–09:00 BST (Glasgow) · 16:00–17:00 JST · 09:00–10:00 CEST (you)"),
    ],
)  # fmt: skip
def test_three_zones_with_the_right_abbreviations(start, viewer, expected):
    assert _text(start, viewer) == expected


def test_the_launch_meeting_as_the_issue_shows_it():
    launch = datetime(2021, 10, 11, 7, 0, tzinfo=UTC)
    assert _text(launch, "Europe/London", "Europe/Amsterdam", "Rotterdam", minutes=90) == (
        "Mon 11 Oct 2021 · 09:00–10:30 CEST (Rotterdam) · 16:00–17:30 JST · 08:00–09:30 BST (you)"
    )


def test_a_date_that_differs_across_zones_is_shown():
    late = datetime(2027, 1, 12, 23, 0, tzinfo=UTC)
    text = _text(late, "Europe/Warsaw")
    assert text.startswith("Tue 12 Jan 2027 · 23:00–00:00 GMT (Glasgow)")
    assert "Wed 13 Jan · 08:00–09:00 JST" in text


def test_japanese_format():
    assert _text(WINTER, "Asia/Tokyo", language="ja") == (
        "2027年1月12日（火） · 08:00–09:00 GMT（Glasgow） · 17:00–18:00 JST（ご自身）"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("viewer", "fragment"),
    [
        ("kamakura", "17:00–18:00 JST (you)"),
        ("glasgow", "08:00–09:00 GMT (Glasgow, you)"),
        ("gdansk", "09:00–10:00 CET (you)"),
    ],
)
@pytest.mark.today("2026-11-16T09:00:00Z")  # a meeting on a fixed day in 2030
def test_the_meeting_page_shows_each_viewer_their_zone(client, viewer, fragment):
    from tests import factories

    meeting = factories.meeting(starts_at=datetime(2030, 1, 15, 8, 0, tzinfo=UTC))
    client.force_login(factories.officer(viewer))
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert fragment in " ".join(strip_tags(html).split())
