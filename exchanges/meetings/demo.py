"""Demo meetings for ``seed_demo``: the launch of 11 October 2021 with its agenda, minutes and
decisions, and a few upcoming meetings between European and Japanese cities."""

from datetime import UTC, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from cities.models import City, CoordinatingBody
from practices.models import Theme

from ..models import AgendaItem, Decision, Meeting

LAUNCH_MINUTES_EN = """The cooperation between the RUGGEDISED cities and the Japanese partner
cities was officially launched.

- ISINNOVA presented the cooperation it designed within RUGGEDISED.
- The Cabinet Office of Japan's Office for Promoting Regional Revitalization welcomed the launch.
- The project action plan and potential milestones were discussed."""

LAUNCH_MINUTES_JA = """RUGGEDISEDの都市と日本のパートナー都市の協力が正式に発足した。

- ISINNOVAが、RUGGEDISEDの一環として設計した本協力の概要を説明した。
- 内閣府地方創生推進事務局が発足を歓迎した。
- プロジェクトの行動計画と想定されるマイルストーンについて議論した。"""


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
        ("The project action plan", "プロジェクトの行動計画", 35, isinnova),
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
            "ISINNOVAと内閣府がマイルストーンを含む行動計画を作成する。",
        ),
        (
            "Cities exchange best practices in ICT, e-mobility and energy.",
            "各都市はICT・電動モビリティ・エネルギー分野の事例を共有する。",
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
        meeting.themes.set(Theme.objects.filter(slug__in=UPCOMING_THEMES[host_slug]))
    held = _seed_held(coordinator=coordinator, cities=cities, bodies=[isinnova, cao])
    review = _seed_review(coordinator=coordinator, cities=cities, host=isinnova, cao=cao)
    return 1 + len(upcoming) + held + review


UPCOMING_THEMES = {
    "glasgow": ["e-mobility"],
    "rotterdam": ["energy", "buildings-districts"],
    "umea": ["digital-platforms-data", "citizen-engagement"],
}

# host, guest, EN, JA, how many days ago, themes, internal, minutes (EN, JA) or None: the pairs'
# meetings so far (one internal, one still without minutes), left unformatted as a table.
HELD = [
    ("parma", "tamana", "Charging hubs for small cities", "小都市のための充電ハブ", 500,
     ["e-mobility"], False,
     ("Parma presented its charging hubs; Tamana will study two sites.",
      "パルマが充電ハブを紹介し、玉名市は2か所の候補地を検討することとした。")),
    ("rotterdam", "hamamatsu", "Thermal grid study: first results",
     "熱グリッド調査：初期結果", 300, ["energy", "buildings-districts"], False,
     ("The feasibility study for a Hamamatsu district was presented and discussed.",
      "浜松市の地区における実現可能性調査の結果を報告し、意見交換を行った。")),
    ("glasgow", "tamana", "E-mobility study visit: debrief", "電動モビリティ視察の振り返り",
     240, ["e-mobility"], False,
     ("Tamana shared what it learnt in Glasgow and its plan for on-demand buses.",
      "玉名市がグラスゴーでの学びとオンデマンドバスの計画を共有した。")),
    ("gdansk", "kamakura", "Disaster-preparedness app: data exchange",
     "防災アプリ：データ連携", 150, ["resilience-climate-adaptation"], True,
     ("The two cities agreed on a shared format for evacuation-site data.",
      "避難所データの共通形式について両市で合意した。")),
    ("umea", "kamakura", "Citizen panels: lessons from two cities", "市民パネル：2都市の教訓",
     90, ["citizen-engagement"], False,
     ("Both panels' results were compared; a joint note will follow.",
      "両市の市民パネルの結果を比較し、共同メモを作成することとした。")),
    ("brno", "hamamatsu", "Renewable supply for public buildings",
     "公共施設への再生可能エネルギー供給", 35, ["energy"], False, None),
]  # fmt: skip


def _past_weekday(days_ago: int, hour_utc: int) -> datetime:
    day = (timezone.now() - timedelta(days=days_ago)).date()
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return datetime.combine(day, time(hour_utc, 0), tzinfo=UTC)


def _seed_held(*, coordinator: User, cities: dict, bodies: list) -> int:
    """Meetings the pairs have held (relative to today, so the figures and dashboards have a
    recent past whenever the demo is made)."""
    for host_slug, guest_slug, title_en, title_ja, days_ago, themes, internal, minutes in HELD:
        host = cities[host_slug]
        starts = _past_weekday(days_ago, 7)
        meeting = Meeting.objects.create(
            title=title_en,
            title_en=title_en,
            title_ja=title_ja,
            format="virtual",
            starts_at=starts,
            ends_at=starts + timedelta(hours=1, minutes=30),
            time_zone=host.time_zone,
            host_city=host,
            languages="en+ja",
            interpretation=True,
            visibility="internal" if internal else "public",
            # Without minutes the meeting stays "scheduled": held, minutes still to write.
            status="held" if minutes else "scheduled",
            minutes=minutes[0] if minutes else "",
            minutes_en=minutes[0] if minutes else "",
            minutes_ja=minutes[1] if minutes else "",
            minutes_published_at=starts + timedelta(days=7) if minutes else None,
            created_by=coordinator,
        )
        meeting.cities.set([host, cities[guest_slug]])
        meeting.bodies.set(bodies)
        meeting.themes.set(Theme.objects.filter(slug__in=themes))
    return len(HELD)


def _seed_review(
    *, coordinator: User, cities: dict, host: CoordinatingBody, cao: CoordinatingBody
) -> int:
    """An internal review of the pairs with every city, within the next fortnight: each
    officer has a meeting to answer on their dashboard."""
    starts = _next_weekday(9, 7)
    review = Meeting.objects.create(
        title="Programme review: the pairs' next steps",
        title_en="Programme review: the pairs' next steps",
        title_ja="プログラムレビュー：各ペアの次のステップ",
        format="virtual",
        online_link="https://meet.example.org/japan-eu-review",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1, minutes=30),
        time_zone=host.time_zone,
        host_body=host,
        languages="en+ja",
        interpretation=True,
        visibility="internal",
        status="scheduled",
        created_by=coordinator,
    )
    review.cities.set(cities.values())
    review.bodies.set([host, cao])
    return 1
