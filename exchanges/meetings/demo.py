"""Demo meetings for ``seed_demo``: the launch of 11 October 2021 with its agenda, minutes and
decisions, and a few upcoming meetings between European and Japanese cities."""

from datetime import UTC, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from cities.models import City, CoordinatingBody

from ..models import AgendaItem, Decision, Meeting

LAUNCH_MINUTES_EN = """The cooperation between the RUGGEDISED cities and the Japanese partner
cities was officially launched.

- ISINNOVA presented the cooperation it designed within RUGGEDISED.
- The Cabinet Office of Japan's Office for Promoting Regional Revitalization welcomed the launch.
- The project action plan and potential milestones were discussed."""

LAUNCH_MINUTES_JA = """RUGGEDISEDの都市と日本のパートナー都市の協力が正式に発足した。

- ISINNOVAが、RUGGEDISEDの一環として設計した本協力の概要を説明した。
- 内閣府地方創生推進事務局が発足を歓迎した。
- プロジェクトのアクションプランと想定されるマイルストーンについて議論した。"""


def _next_weekday(days_ahead: int, hour_utc: int) -> datetime:
    day = (timezone.now() + timedelta(days=days_ahead)).date()
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime.combine(day, time(hour_utc, 0), tzinfo=UTC)


@transaction.atomic
def seed_meetings(*, coordinator: User) -> int:
    if Meeting.objects.exists():
        return 0
    isinnova = CoordinatingBody.objects.get(slug="isinnova")
    cao = CoordinatingBody.objects.get(slug="cabinet-office-japan")
    cities = {c.slug: c for c in City.objects.all()}
    launch = Meeting.objects.create(
        title="Launch of the Japan–EU smart city cooperation",
        title_en="Launch of the Japan–EU smart city cooperation",
        title_ja="日EUスマートシティ協力の発足式",
        description="Virtual city-to-city meeting launching the cooperation programme.",
        description_en="Virtual city-to-city meeting launching the cooperation programme.",
        description_ja="協力プログラムを発足させるオンラインの都市間会議。",
        format="virtual",
        # 09:00 in Rome and Rotterdam, 16:00 in Japan: a morning in Europe, an afternoon in Japan.
        starts_at=datetime(2021, 10, 11, 7, 0, tzinfo=UTC),
        ends_at=datetime(2021, 10, 11, 8, 30, tzinfo=UTC),
        time_zone=isinnova.time_zone,
        host_body=isinnova,
        languages="en+ja",
        interpretation=True,
        visibility="public",
        status="held",
        minutes=LAUNCH_MINUTES_EN,
        minutes_en=LAUNCH_MINUTES_EN,
        minutes_ja=LAUNCH_MINUTES_JA,
        minutes_published_at=datetime(2021, 10, 25, 9, 0, tzinfo=UTC),
        created_by=coordinator,
    )
    launch.cities.set(cities.values())
    launch.bodies.set([isinnova, cao])
    agenda = [
        ("Official launch of the cooperation", "協力の正式な発足", 20, isinnova),
        ("The project action plan", "プロジェクトのアクションプラン", 35, isinnova),
        ("Potential milestones", "想定されるマイルストーン", 35, cao),
    ]
    for position, (en, ja, minutes, presenter) in enumerate(agenda, start=1):
        AgendaItem.objects.create(
            meeting=launch,
            position=position,
            title=en,
            title_en=en,
            title_ja=ja,
            duration_minutes=minutes,
            presenter_body=presenter,
        )
    decisions = [
        ("The cooperation programme is launched.", "協力プログラムを発足する。"),
        (
            "An action plan with milestones will be drafted by ISINNOVA and the Cabinet Office.",
            "ISINNOVAと内閣府がマイルストーンを含むアクションプランを作成する。",
        ),
        (
            "Cities exchange best practices in ICT, e-mobility and energy.",
            "各都市はICT・電動モビリティ・エネルギー分野のベストプラクティスを共有する。",
        ),
    ]
    for position, (en, ja) in enumerate(decisions, start=1):
        Decision.objects.create(meeting=launch, position=position, text=en, text_en=en, text_ja=ja)

    # host, guest, EN, JA, in how many days, hour: one meeting per row (left unformatted).
    upcoming = [
        ("glasgow", "kamakura", "E-mobility: charging hubs and on-demand transport",
         "電動モビリティ：充電ハブとオンデマンド交通", 14, 8),
        ("rotterdam", "hamamatsu", "Smart thermal grids and local renewable energy",
         "スマート熱グリッドと地域の再生可能エネルギー", 21, 7),
        ("umea", "tamana", "Digital services for older residents",
         "高齢者のためのデジタルサービス", 28, 7),
    ]  # fmt: skip
    for host_slug, guest_slug, title_en, title_ja, days, hour in upcoming:
        host = cities[host_slug]
        starts = _next_weekday(days, hour)
        meeting = Meeting.objects.create(
            title=title_en,
            title_en=title_en,
            title_ja=title_ja,
            format="virtual",
            online_link="https://meet.example.org/japan-eu",
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            time_zone=host.time_zone,
            host_city=host,
            languages="en+ja",
            interpretation=True,
            visibility="public",
            status="scheduled",
            created_by=coordinator,
        )
        meeting.cities.set([host, cities[guest_slug]])
        meeting.bodies.set([isinnova, cao])
        AgendaItem.objects.create(
            meeting=meeting,
            position=1,
            title="Welcome",
            title_en="Welcome",
            title_ja="開会",
            duration_minutes=10,
            presenter_body=isinnova,
        )
    return 1 + len(upcoming)
