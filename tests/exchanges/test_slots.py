from datetime import UTC, date, datetime, timedelta

import pytest

from cities.models import City
from exchanges.meetings.slots import Participant, find_slots

pytestmark = pytest.mark.django_db


def _participants(*slugs):
    return [Participant.of(City.objects.get(slug=s)) for s in slugs]


def _starts(result):
    return [slot.start for _day, slots in result.days for slot in slots]


def _local_hours(start, minutes, zone):
    import zoneinfo

    z = zoneinfo.ZoneInfo(zone)
    return start.astimezone(z).time(), (start + timedelta(minutes=minutes)).astimezone(z).time()


@pytest.mark.parametrize(
    ("day", "expected_utc"),
    [
        (date(2027, 1, 12), ["08:00"]),  # GMT: Kamakura 17:00–18:00, Glasgow 08:00–09:00
        (date(2027, 7, 13), ["07:00", "07:30", "08:00"]),  # BST: one more hour overlaps
    ],
)
def test_kamakura_and_glasgow_in_winter_and_summer(day, expected_utc):
    result = find_slots(_participants("kamakura", "glasgow"), day, day, timedelta(hours=1))
    starts = _starts(result)
    assert [f"{s:%H:%M}" for s in starts] == expected_utc
    for start in starts:
        for zone in ("Asia/Tokyo", "Europe/London"):
            begin, end = _local_hours(start, 60, zone)
            assert begin.hour >= 8 and (end.hour, end.minute) <= (18, 0), (zone, begin, end)


def test_a_japanese_public_holiday_is_skipped():
    # Monday 11 January 2027 is Coming of Age Day in Japan; Tuesday 12 is an ordinary day.
    result = find_slots(
        _participants("kamakura", "glasgow"),
        date(2027, 1, 11),
        date(2027, 1, 12),
        timedelta(hours=1),
    )
    assert {day for day, _slots in result.days} == {date(2027, 1, 12)}


def test_golden_week_and_obon_are_skipped():
    parts = _participants("hamamatsu", "rotterdam")
    golden_week = find_slots(parts, date(2027, 5, 3), date(2027, 5, 5), timedelta(hours=1))
    obon = find_slots(parts, date(2027, 8, 13), date(2027, 8, 13), timedelta(hours=1))
    assert not golden_week.found and not obon.found
    assert "Obon" in " ".join(why for slot in obon.nearest for _who, why in slot.conflicts)


def test_an_impossible_request_says_so_and_shows_who_is_outside():
    # Three hours is longer than the overlap of a Japanese and a British working day.
    result = find_slots(
        _participants("tamana", "glasgow"), date(2027, 1, 12), date(2027, 1, 14), timedelta(hours=3)
    )
    assert not result.found
    assert result.nearest
    best = result.nearest[0]
    assert len(best.conflicts) == 1
    assert "outside working hours" in best.conflicts[0][1]


def test_the_page_proposes_slots_and_links_to_the_form(client):
    from tests import factories

    client.force_login(factories.coordinator())
    response = client.get(
        "/en/meetings/slots/",
        {
            "participants": ["city:kamakura", "city:glasgow"],
            "first_day": "2027-01-11",
            "last_day": "2027-01-12",
            "duration": "60",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "17:00–18:00 JST" in html and "08:00–09:00 GMT" in html
    assert "/en/meetings/new/?date=2027-01-12" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {
                "participants": ["city:kamakura"],
                "first_day": "2027-01-11",
                "last_day": "2027-01-12",
                "duration": "60",
            },
            "Choose at least two participants",
        ),
        (
            {
                "participants": ["city:kamakura", "city:glasgow"],
                "first_day": "2027-01-12",
                "last_day": "2027-01-11",
                "duration": "60",
            },
            "cannot be before the first",
        ),
        (
            {
                "participants": ["city:kamakura", "city:glasgow"],
                "first_day": "2027-01-12",
                "last_day": "2027-01-13",
                "duration": "5",
            },
            "greater than or equal to 15",
        ),
    ],
)
def test_bad_slot_requests_are_400_with_a_message(client, params, message):
    from tests import factories

    client.force_login(factories.coordinator())
    response = client.get("/en/meetings/slots/", params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_public_cannot_use_the_slot_finder(client):
    assert client.get("/en/meetings/slots/").status_code == 302


def test_utc_days_cover_the_japanese_morning():
    day = date(2027, 1, 12)
    result = find_slots(_participants("kamakura", "tamana"), day, day, timedelta(hours=1))
    assert result.days[0][1][0].start == datetime(2027, 1, 12, 0, 0, tzinfo=UTC)  # 09:00 JST
