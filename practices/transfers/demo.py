"""Demo transfers for ``seed_demo``: practices of the demo catalogue taken up by cities on the
other side of the programme, one in each stage (a stopped one too, as a lesson). Made through
the services, so each has its history; run again, it adds only what is missing."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from accounts.models import User
from cities.models import City

from ..models import BestPractice, Transfer
from . import services

T = dict[str, Any]

TRANSFERS: list[T] = [
    {
        "practice": "A smart thermal grid that shares heat between buildings",
        "city": "tamana",
        "interest": "玉名市では公共施設の更新に合わせ、温泉施設や体育館の排熱を近隣の施設で融通できないか検討しています。ロッテルダムの合意形成の進め方を学びたいと考えています。",
        "steps": [
            {
                "to": "studying",
                "on": date(2025, 9, 18),
                "note": "ロッテルダム市とオンラインで意見交換し、熱融通の契約の仕組みについて説明を受けた。",
            },
            {
                "to": "adapting",
                "on": date(2026, 2, 10),
                "note": "市内の3施設を対象に、熱需要の調査を始めた。",
            },
        ],
        "plan": {
            "plan_changes": "帯水層蓄熱は玉名の地質に合わないため、温泉排熱と蓄熱槽を組み合わせる。対象は市役所周辺の公共施設に限定する。",
            "plan_costs": "設計費は国の脱炭素先行地域の交付金を活用する予定。",
            "plan_partners": "市内の温泉事業者、地元の設備会社、熊本県",
            "plan_risks": "温泉の湧出量の季節変動、施設所有者間の費用負担の合意",
        },
    },
    {
        "practice": "Digital disaster alerts and live shelter occupancy",
        "city": "gdansk",
        "interest": "Gdańsk wants to show residents how full each flood shelter is, and to reach visitors in several languages, as Kamakura does for tsunami alerts.",
        "steps": [
            {
                "to": "studying",
                "on": date(2026, 5, 20),
                "note": "Study visit to Kamakura's crisis centre during the programme's exchange week; we saw a drill with the shelter map.",
                "links": [
                    {
                        "title": "Kamakura: disaster prevention information",
                        "url": "https://www.city.kamakura.kanagawa.jp/",
                    }
                ],
            },
        ],
    },
    {
        "practice": "Smart street lighting that also senses the city",
        "city": "hamamatsu",
        "interest": "浜松市では街路灯のLED化を進めており、更新に合わせて人流や騒音のセンサーを搭載することを検討しています。",
        "steps": [
            {"to": "studying", "on": date(2025, 6, 3), "note": ""},
            {"to": "adapting", "on": date(2025, 10, 1), "note": ""},
            {
                "to": "piloting",
                "on": date(2026, 4, 1),
                "note": "中心市街地の120基で試行を開始した。",
                "pilot": (date(2026, 4, 1), date(2027, 3, 31)),
            },
        ],
        "kpis": [
            {
                "label_en": "Electricity for street lighting",
                "label_ja": "街路灯の電力消費",
                "unit": "index",
                "baseline": Decimal("100"),
                "target": Decimal("60"),
                "measured": Decimal("71"),
                "measured_on": date(2026, 9, 30),
            }
        ],
    },
    {
        "practice": "Data-driven city: Brno's open data portal",
        "city": "kamakura",
        "interest": "鎌倉市のオープンデータを、ブルノのようにダッシュボードで分かりやすく公開したい。",
        "steps": [
            {"to": "studying", "on": date(2024, 5, 10), "note": ""},
            {"to": "adapting", "on": date(2024, 9, 2), "note": ""},
            {
                "to": "piloting",
                "on": date(2025, 1, 15),
                "note": "",
                "pilot": (date(2025, 1, 15), date(2025, 6, 30)),
            },
            {
                "to": "adopted",
                "on": date(2025, 10, 1),
                "note": "市の公式オープンデータサイトとして本格運用を開始した。",
            },
        ],
    },
    {
        "practice": "A mobility hub that replaces parking at the university campus",
        "city": "hamamatsu",
        "interest": "浜松市の大学周辺でも、駐車場の代わりに多様な移動手段を提供できないか検討したい。",
        "steps": [
            {"to": "studying", "on": date(2025, 4, 8), "note": ""},
            {
                "to": "stopped",
                "on": date(2025, 11, 20),
                "note": "大学周辺はバスの便数が少なく、カーシェアだけでは自動車通勤の代わりにならないことが分かった。まず路線の再編を優先する。",
            },
        ],
    },
    {
        "practice": "On-demand transport for hilly rural districts (Hamamatsu MaaS)",
        "city": "parma",
        "interest": "Parma's hill villages lose bus lines; we would like to learn how Hamamatsu combines on-demand rides with clinic bookings.",
        "steps": [],
    },
]


def _first_day(item: T) -> date:
    days = [step["on"] for step in item["steps"]]
    return date(min(days).year, 1, 20) if days else date(2026, 9, 1)


@transaction.atomic
def seed_transfers(*, officers: dict[str, User], coordinator: User) -> int:
    """Create the demo transfers that do not exist yet; returns how many were created."""
    created = 0
    for item in TRANSFERS:
        practice = BestPractice.objects.published().filter(title_en=item["practice"]).first()
        city = City.objects.get(slug=item["city"])
        if practice is None or Transfer.objects.filter(practice=practice, city=city).exists():
            continue
        officer = officers[item["city"]]
        transfer = services.transfer_start(
            by=officer,
            data=services.InterestData(
                practice=practice, city=city, interest=item["interest"], on=_first_day(item)
            ),
        )
        for step in item["steps"]:
            starts, ends = step.get("pilot", (None, None))
            services.transfer_move(
                transfer=transfer,
                by=officer,
                data=services.StepData(
                    to_stage=step["to"],
                    on=step["on"],
                    note=step["note"],
                    links=step.get("links", []),
                    pilot_starts_on=starts,
                    pilot_ends_on=ends,
                ),
            )
        if "plan" in item:
            services.transfer_update(
                transfer=transfer, by=officer, data=services.DetailsData(**item["plan"])
            )
        if "kpis" in item:
            services.transfer_kpis_save(
                transfer=transfer,
                by=officer,
                rows=[services.KPIData(**row) for row in item["kpis"]],
            )
        created += 1
    return created
