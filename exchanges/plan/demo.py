"""The demo action plan for ``seed_demo``: the plan discussed at the launch, with a dozen
milestones across workstreams and owners in both regions (some done, one at risk, one overdue)."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from cities.models import City, CoordinatingBody
from practices.models import Theme

from ..models import ActionPlan, Meeting, Milestone
from . import services

WORKSTREAMS = [
    ("Knowledge exchange", "知識交流"),
    ("ICT and data", "ICTとデータ"),
    ("E-mobility", "電動モビリティ"),
    ("Energy", "エネルギー"),
    ("Citizen engagement", "市民参加"),
]

# code, workstream, EN, JA, owners, start, due, status, progress, completed, depends on.
# A table, one milestone per row (left unformatted): formatted, each value would take a line.
MILESTONES = [
    ("AP-1.1", 0, "City-to-city meeting calendar agreed", "都市間会議の年間予定の合意",
     ["isinnova", "cabinet-office-japan"], date(2021, 10, 11), date(2021, 12, 17), "done", 100,
     date(2021, 12, 10), []),
    ("AP-1.2", 0, "Pairing of European and Japanese cities", "欧州・日本の都市のペアリング",
     ["isinnova", "rotterdam", "hamamatsu"], date(2021, 11, 1), date(2022, 3, 31), "done", 100,
     date(2022, 3, 25), ["AP-1.1"]),
    ("AP-1.3", 0, "Joint report on lessons learned", "学んだ教訓に関する共同報告書",
     ["isinnova", "cabinet-office-japan"], date(2025, 4, 1), date(2027, 3, 31), "in_progress", 40,
     None, ["AP-2.2", "AP-3.2", "AP-4.2"]),
    ("AP-2.1", 1, "Open data catalogues compared", "オープンデータカタログの比較",
     ["brno", "hamamatsu"], date(2022, 4, 1), date(2022, 12, 16), "done", 100,
     date(2023, 1, 20), []),
    ("AP-2.2", 1, "Shared urban data model for pilots", "実証のための共通都市データモデル",
     ["rotterdam", "kamakura"], date(2023, 1, 9), date(2026, 10, 30), "in_progress", 70,
     None, ["AP-2.1"]),
    ("AP-3.1", 2, "E-mobility study visit to Glasgow", "グラスゴーへの電動モビリティ視察",
     ["glasgow", "tamana"], date(2022, 9, 1), date(2023, 6, 30), "done", 100,
     date(2023, 6, 15), ["AP-1.2"]),
    ("AP-3.2", 2, "On-demand transport pilot design", "オンデマンド交通実証の設計",
     ["umea", "hamamatsu"], date(2023, 7, 1), date(2027, 1, 29), "at_risk", 35, None,
     ["AP-3.1"]),
    ("AP-3.3", 2, "Charging hub replication plan", "充電ハブの展開計画",
     ["gdansk", "parma"], date(2024, 4, 1), date(2027, 3, 31), "planned", 0, None, ["AP-3.1"]),
    ("AP-4.1", 3, "Thermal grid feasibility for a Japanese district",
     "日本の地区における熱グリッドの実現可能性調査", ["rotterdam", "hamamatsu"],
     date(2022, 4, 1), date(2024, 3, 29), "done", 100, date(2024, 5, 17), ["AP-1.2"]),
    ("AP-4.2", 3, "Local renewable supply for public buildings",
     "公共施設への地域再生可能エネルギー供給", ["hamamatsu", "brno"], date(2024, 4, 1),
     date(2027, 3, 31), "in_progress", 55, None, ["AP-4.1"]),
    ("AP-5.1", 4, "Citizen panels in two pairs of cities", "2組の都市での市民パネル",
     ["kamakura", "umea"], date(2023, 4, 3), date(2025, 12, 19), "done", 100,
     date(2025, 12, 5), []),
    ("AP-5.2", 4, "Disaster-preparedness app shared with Gdańsk", "防災アプリのグダニスクとの共有",
     ["kamakura", "gdansk"], date(2025, 1, 6), date(2027, 2, 26), "in_progress", 20, None,
     ["AP-5.1"]),
]  # fmt: skip


#: The catalogue's themes of each workstream's milestones (AP-5.2 is about disasters too).
WORKSTREAM_THEMES = [
    ["governance"],
    ["digital-platforms-data"],
    ["e-mobility"],
    ["energy", "buildings-districts"],
    ["citizen-engagement"],
]
EXTRA_THEMES = {"AP-5.2": ["resilience-climate-adaptation"]}

#: Due a few weeks after the demo is made, whenever that is: every officer's dashboard has a
#: milestone due soon.
MID_TERM_REVIEW = (
    "AP-1.4",
    "Mid-term review of every pair",
    "全ペアの中間レビュー",
)
MID_TERM_DUE_IN_DAYS = 20


@transaction.atomic
def seed_plan(*, coordinator: User) -> int:
    if ActionPlan.objects.exists():
        return 0
    launch = Meeting.objects.filter(starts_at__date=date(2021, 10, 11)).first()
    objectives_en = (
        "Build a lasting exchange of best practices, expertise and information between the "
        "RUGGEDISED cities and Japanese cities, in ICT, e-mobility and energy."
    )
    objectives_ja = (
        "ICT・電動モビリティ・エネルギーの分野で、RUGGEDISEDの都市と日本の都市の間に"
        "事例・専門知識・情報の継続的な交流を築く。"
    )
    plan = services.plan_create(
        by=coordinator,
        agreed_at=launch,
        data=services.PlanData(
            title_en="Japan–EU Smart City Cooperation action plan",
            title_ja="日EUスマートシティ協力 行動計画",
            objectives_en=objectives_en,
            objectives_ja=objectives_ja,
            period_start=date(2021, 10, 11),
            period_end=date(2027, 3, 31),
        ),
    )
    streams = [
        services.workstream_create(
            plan=plan, by=coordinator, data=services.WorkstreamData(name_en=en, name_ja=ja)
        )
        for en, ja in WORKSTREAMS
    ]
    cities = {c.slug: c for c in City.objects.all()}
    bodies = {b.slug: b for b in CoordinatingBody.objects.all()}
    made: dict[str, Milestone] = {}
    for code, ws, en, ja, owners, start, due, status, progress, done, deps in MILESTONES:
        made[code] = services.milestone_create(
            plan=plan,
            by=coordinator,
            accept_warnings=True,
            data=services.MilestoneData(
                code=code,
                title_en=en,
                title_ja=ja,
                workstream=streams[ws],
                start_date=start,
                due_date=due,
                owner_cities=[cities[o] for o in owners if o in cities],
                owner_bodies=[bodies[o] for o in owners if o in bodies],
                status=status,
                progress=progress,
                completed_on=done,
                meeting=launch if code == "AP-1.1" else None,
                dependencies=[made[d] for d in deps if d in made],
                themes=list(
                    Theme.objects.filter(
                        slug__in=[*WORKSTREAM_THEMES[ws], *EXTRA_THEMES.get(code, [])]
                    )
                ),
            ),
        )
    # Dependencies on milestones defined later in the list.
    for code, *_rest, deps in MILESTONES:
        missing = [
            made[d]
            for d in deps
            if d in made and not made[code].dependencies.filter(pk=made[d].pk).exists()
        ]
        if missing:
            made[code].dependencies.add(*missing)
    return len(made)


@transaction.atomic
def seed_due_soon(*, coordinator: User) -> int:
    """For ``seed_demo``: a milestone of every city due a few weeks from today, so that each
    officer's dashboard has one due soon whenever the demo is made. Once only."""
    plan = ActionPlan.objects.filter(is_current=True).first()
    code, en, ja = MID_TERM_REVIEW
    if plan is None or plan.milestones.filter(code=code).exists():
        return 0
    today = timezone.localdate()
    services.milestone_create(
        plan=plan,
        by=coordinator,
        accept_warnings=True,
        data=services.MilestoneData(
            code=code,
            title_en=en,
            title_ja=ja,
            workstream=plan.workstreams.order_by("position", "pk")[0],
            start_date=today - timedelta(days=60),
            due_date=today + timedelta(days=MID_TERM_DUE_IN_DAYS),
            owner_cities=list(City.objects.all()),
            owner_bodies=list(CoordinatingBody.objects.all()),
            status="in_progress",
            progress=60,
            themes=list(Theme.objects.filter(slug="governance")),
        ),
    )
    return 1
