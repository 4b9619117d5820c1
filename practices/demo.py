"""Demo best practices for ``seed_demo``: a dozen published across the nine cities and the
themes (several in both languages, some in one only) and one draft per city."""

from decimal import Decimal
from typing import Any

from django.db import transaction

from accounts.models import User
from cities.models import City

from . import services
from .models import TRANSLATED_FIELDS, BestPractice, SustainableDevelopmentGoal, Theme

P = dict[str, Any]

PUBLISHED: list[P] = [
    {
        "city": "rotterdam",
        "themes": ["energy", "buildings-districts"],
        "sdgs": [7, 11, 13],
        "stage": "implemented",
        "years": (2017, 2021),
        "original": "en",
        "title_en": "A smart thermal grid that shares heat between buildings",
        "title_ja": "建物間で熱を融通するスマート熱グリッド",
        "summary_en": "In the Heart of South district, a swimming pool, an ice rink, a shopping centre and offices exchange heat and cold through a shared thermal grid with storage.",
        "summary_ja": "南部地区（Heart of South）では、プール、アイスリンク、ショッピングセンター、オフィスが蓄熱設備を備えた共有の熱グリッドで温熱と冷熱を融通している。",
        "solution_en": "## What was done\n\nWaste heat from the ice rink heats the swimming pool; surplus is stored in an **aquifer** and used in winter.\n\n- heat exchange between 4 buildings\n- a 1,000 m³ buffer\n- control by a shared energy management system",
        "solution_ja": "## 取り組み内容\n\nアイスリンクの排熱でプールを温め、余剰熱は**帯水層**に蓄えて冬に利用する。\n\n- 4棟の建物間で熱を融通\n- 1,000 m³の蓄熱槽\n- 共通のエネルギー管理システムで制御",
        "problem_en": "The buildings of the district each heated and cooled themselves: the ice rink threw its waste heat away while the pool next door burned gas.",
        "problem_ja": "地区内の建物はそれぞれ個別に冷暖房を行っており、アイスリンクの排熱は捨てられ、隣のプールではガスを燃やして加温していた。",
        "partners_en": "The municipality, the owners of the four buildings, an energy service company and the RUGGEDISED research partners.",
        "partners_ja": "市、4棟の建物所有者、エネルギーサービス事業者、RUGGEDISEDの研究パートナー。",
        "costs_en": "About €3 million, a third of it EU funding (Horizon 2020); the owners share the running costs by the heat they take.",
        "costs_ja": "総事業費は約300万ユーロで、その3分の1はEUの補助金（Horizon 2020）。運営費は各所有者が利用した熱量に応じて負担する。",
        "outcomes_en": "Less gas burnt and lower bills for the pool; the grid is now being extended to new buildings.",
        "outcomes_ja": "ガスの使用量とプールの光熱費が減少し、新しい建物への熱グリッドの拡張が進んでいる。",
        "transferability_en": "Needs buildings with opposite heat needs close together and owners willing to sign a shared contract; the storage can be a tank where there is no aquifer.",
        "transferability_ja": "熱需要が異なる建物が近接していることと、所有者が共同契約に合意することが条件。帯水層がない場所では蓄熱槽で代替できる。",
        "lessons_learned_en": "Agreements between building owners took longer than the engineering.",
        "lessons_learned_ja": "技術よりも建物所有者間の合意形成に時間がかかった。",
        "results": [
            {
                "label_en": "CO₂ emissions",
                "label_ja": "CO₂排出量",
                "baseline": Decimal("3100"),
                "value": Decimal("2250"),
                "unit": "t/year",
                "year": 2021,
            }
        ],
        "links": [
            {"title": "RUGGEDISED – Rotterdam", "url": "https://ruggedised.eu/cities/rotterdam/"}
        ],
    },
    {
        "city": "rotterdam",
        "themes": ["digital-platforms-data", "governance"],
        "sdgs": [9, 11],
        "stage": "scaled",
        "years": (2018, None),
        "original": "en",
        "title_en": "An open 3D city model as the base of urban data",
        "summary_en": "Rotterdam publishes a 3D model of the city that planners, companies and residents use to test ideas, from solar potential to flood risk.",
        "solution_en": "The 3D model combines buildings, trees, underground infrastructure and sensor data. It is open data and has become the shared base for planning and for energy and resilience studies.",
        "lessons_learned_en": "Open licences made reuse happen; a data steward role kept the quality up.",
    },
    {
        "city": "umea",
        "themes": ["e-mobility", "citizen-engagement"],
        "sdgs": [11, 13],
        "stage": "implemented",
        "years": (2017, 2022),
        "original": "en",
        "title_en": "A mobility hub that replaces parking at the university campus",
        "title_ja": "大学キャンパスで駐車場に代わるモビリティハブ",
        "summary_en": "A green parking garage offers electric car sharing, e-bikes and bus information, so that employees of the university and hospital area can leave their cars at home.",
        "summary_ja": "グリーン立体駐車場で電気自動車のカーシェア、電動自転車、バス情報を提供し、大学・病院地区の職員がマイカーを使わずに通勤できるようにした。",
        "solution_en": "The hub bundles **electric car sharing**, e-bike rental and real-time bus departures. Employers offer mobility packages instead of parking permits.",
        "solution_ja": "**電気自動車のカーシェア**、電動自転車の貸出、バスのリアルタイム発車情報をまとめて提供する。雇用主は駐車許可の代わりにモビリティパッケージを提供する。",
        "results": [
            {
                "label_en": "Car trips to the campus",
                "label_ja": "キャンパスへの自動車移動",
                "baseline": Decimal("100"),
                "value": Decimal("78"),
                "unit": "index",
                "year": 2022,
            }
        ],
    },
    {
        "city": "umea",
        "themes": ["energy"],
        "sdgs": [7],
        "stage": "implemented",
        "years": (2018, 2021),
        "original": "en",
        "title_en": "Peak-load control of district heating with smart building systems",
        "summary_en": "Buildings on the campus lower their heat demand for short periods at peak times, so the district heating plant burns less fossil fuel.",
        "solution_en": "Building management systems receive a signal from the utility and use the thermal mass of the buildings as storage. Indoor comfort stayed within limits.",
    },
    {
        "city": "glasgow",
        "themes": ["digital-platforms-data", "energy"],
        "sdgs": [7, 11],
        "stage": "scaled",
        "years": (2016, None),
        "original": "en",
        "title_en": "Smart street lighting that also senses the city",
        "title_ja": "街の状況も計測するスマート街路灯",
        "summary_en": "LED street lights dim when streets are empty and carry sensors for noise, air quality and footfall, feeding the city's data platform.",
        "summary_ja": "LED街路灯は人通りがないときに減光し、騒音・大気質・人流のセンサーを搭載して市のデータ基盤にデータを送る。",
        "solution_en": "Lights on the main corridors were replaced by connected LEDs. Each lamp column can host sensors; data is open where privacy allows.",
        "solution_ja": "主要な通りの街路灯をネットワーク接続型LEDに更新した。各支柱にセンサーを設置でき、プライバシーに配慮した上でデータを公開している。",
        "results": [
            {
                "label_en": "Electricity for street lighting",
                "label_ja": "街路灯の電力消費",
                "baseline": Decimal("100"),
                "value": Decimal("55"),
                "unit": "index",
                "year": 2020,
            }
        ],
    },
    {
        "city": "glasgow",
        "themes": ["e-mobility", "energy"],
        "sdgs": [7, 11, 13],
        "stage": "pilot",
        "years": (2019, 2023),
        "original": "en",
        "title_en": "Electric vehicle charging hubs with battery storage",
        "title_ja": "蓄電池を備えた電気自動車の充電ハブ",
        "summary_en": "Charging hubs in the city centre use batteries and solar canopies so that fast charging does not overload the local grid.",
        "summary_ja": "市中心部の充電ハブは蓄電池と太陽光パネル付きの屋根を備え、急速充電が地域の電力網に過大な負荷をかけないようにしている。",
        "solution_en": "Batteries charge from the grid at night and from the solar canopy by day; they supply the chargers at peak times.",
        "solution_ja": "蓄電池は夜間は系統から、日中は太陽光パネルから充電し、ピーク時に充電器へ電力を供給する。",
    },
    {
        "city": "gdansk",
        "themes": ["resilience-climate-adaptation"],
        "sdgs": [6, 11, 13],
        "stage": "implemented",
        "years": (2016, None),
        "original": "en",
        "title_en": "Retention reservoirs and rain gardens against flash floods",
        "summary_en": "After the 2016 flood Gdańsk built retention reservoirs and hundreds of rain gardens, and monitors water levels in real time.",
        "solution_en": "A network of **retention reservoirs** and rain gardens holds storm water. Sensors report water levels to the city's crisis centre and to residents.",
        "lessons_learned_en": "Small, distributed measures in every district added up to real capacity.",
    },
    {
        "city": "parma",
        "themes": ["buildings-districts", "governance"],
        "sdgs": [11, 17],
        "stage": "idea",
        "years": (2021, None),
        "original": "en",
        "title_en": "A replication plan for a low-carbon district",
        "summary_en": "Parma studied the lighthouse solutions and drew up a plan to replicate thermal grids and smart lighting in one of its districts.",
        "solution_en": "The plan maps which lighthouse solutions fit Parma's building stock, the partners needed and the funding options.",
    },
    {
        "city": "brno",
        "themes": ["digital-platforms-data", "citizen-engagement"],
        "sdgs": [11, 16],
        "stage": "scaled",
        "years": (2018, None),
        "original": "en",
        "title_en": "Data-driven city: Brno's open data portal",
        "title_ja": "データ駆動型都市：ブルノのオープンデータポータル",
        "summary_en": "Brno publishes city data with dashboards on housing, transport and the environment, and uses it to explain decisions to residents.",
        "summary_ja": "ブルノは住宅・交通・環境に関する都市データをダッシュボードとともに公開し、市民への政策説明に活用している。",
        "solution_en": "The portal hosts over 300 data sets and interactive dashboards. City departments use the same data for their own analyses.",
        "solution_ja": "ポータルには300以上のデータセットと対話型ダッシュボードがあり、市の各部局も同じデータを分析に使っている。",
    },
    {
        "city": "hamamatsu",
        "themes": ["e-mobility", "citizen-engagement"],
        "sdgs": [3, 11],
        "stage": "pilot",
        "years": (2020, None),
        "original": "ja",
        "title_ja": "中山間地域のオンデマンド交通（浜松版MaaS）",
        "title_en": "On-demand transport for hilly rural districts (Hamamatsu MaaS)",
        "summary_ja": "路線バスの維持が難しい中山間地域で、予約制の乗合交通と買い物・通院の予約を組み合わせ、高齢者の移動を支えている。",
        "summary_en": "In hilly rural districts where bus lines are hard to keep, shared on-demand rides combined with shopping and clinic bookings help older residents get around.",
        "solution_ja": "住民はスマートフォンや電話で乗車を予約できる。運行データを分析し、交通空白地域の解消に役立てている。",
        "solution_en": "Residents book rides by smartphone or phone. Ride data is analysed to close gaps in the transport network.",
        "results": [
            {
                "label_ja": "月間利用者数",
                "label_en": "Riders per month",
                "baseline": None,
                "value": Decimal("1200"),
                "unit": "人 / people",
                "year": 2023,
            }
        ],
    },
    {
        "city": "hamamatsu",
        "themes": ["energy"],
        "sdgs": [7, 13],
        "stage": "implemented",
        "years": (2015, None),
        "original": "ja",
        "title_ja": "地域新電力による再生可能エネルギーの地産地消",
        "summary_ja": "市が出資する地域新電力が市内の太陽光発電の電力を公共施設や企業に供給し、エネルギーの地産地消を進めている。",
        "solution_ja": "日照時間が長い浜松の特性を生かし、太陽光発電の導入を進めてきた。地域新電力が電力を調達・供給し、収益を地域に還元している。",
    },
    {
        "city": "kamakura",
        "themes": ["resilience-climate-adaptation", "digital-platforms-data"],
        "sdgs": [11, 13],
        "stage": "implemented",
        "years": (2019, None),
        "original": "ja",
        "title_ja": "防災情報のデジタル配信と避難所の混雑状況の見える化",
        "title_en": "Digital disaster alerts and live shelter occupancy",
        "summary_ja": "津波や土砂災害に備え、防災情報をアプリとSNSで多言語配信し、避難所の混雑状況を地図で公開している。",
        "summary_en": "To prepare for tsunami and landslides, Kamakura sends disaster alerts in several languages by app and social media and shows how full each shelter is on a map.",
        "solution_ja": "観光客を含む来訪者にも**防災**情報が届くよう、英語・中国語・韓国語でも配信する。避難所の混雑状況は職員が入力し、地図上で公開される。",
        "solution_en": "Alerts also reach visitors, in English, Chinese and Korean. Staff at each shelter update its occupancy, which is published on a map.",
        "lessons_learned_ja": "訓練で実際に使うことで、職員の入力の負担が明らかになり改善できた。",
        "lessons_learned_en": "Using it in drills showed how heavy the input was for staff, and it was simplified.",
    },
    {
        "city": "kamakura",
        "themes": ["citizen-engagement", "governance"],
        "sdgs": [11, 16, 17],
        "stage": "implemented",
        "years": (2018, None),
        "original": "ja",
        "title_ja": "市民参加型のスマートシティ推進会議",
        "summary_ja": "市民、企業、大学が参加する会議でスマートシティの課題と優先順位を話し合い、施策に反映している。",
        "solution_ja": "オンライン参加の仕組みも用意し、若い世代や子育て世代の意見も集めている。",
    },
    {
        "city": "tamana",
        "themes": ["digital-platforms-data", "citizen-engagement"],
        "sdgs": [3, 10, 11],
        "stage": "pilot",
        "years": (2021, None),
        "original": "ja",
        "title_ja": "高齢者の見守りと地域交通をつなぐデジタルサービス",
        "title_en": "A digital service linking care for older people and local transport",
        "summary_ja": "見守りセンサーと予約制の地域交通を一つのサービスにまとめ、高齢者が通院や買い物に出かけやすくしている。",
        "summary_en": "Home sensors for older residents and bookable local transport are joined in one service, making it easier to get to the clinic or the shops.",
        "solution_ja": "家族や民生委員が見守り情報を確認でき、通院の予約と同時に**交通**の予約もできる。",
        "solution_en": "Families and volunteers can see the sensor information, and a clinic appointment can be booked together with the **transport** to it.",
    },
]

DRAFT_TITLES = {
    "rotterdam": ("Climate-proof streets with sensors", ""),
    "umea": ("Winter cycling with smart snow clearing", ""),
    "glasgow": ("A district heat network along the river", ""),
    "gdansk": ("An early-warning dashboard for storm water", ""),
    "parma": ("Shared e-bikes for commuters", ""),
    "brno": ("Energy monitoring of public buildings", ""),
    "hamamatsu": ("", "工場の排熱を地域で活用する"),
    "kamakura": ("", "観光客の混雑を分散するデジタル案内"),
    "tamana": ("", "農業データの共有基盤"),
}


SENT_BACK_COMMENT = (
    "Please add the number of visitors guided and an English summary, then submit again. "
    "訪問者数の実績と英語の概要を追記のうえ、再度提出してください。"
)


def _content(
    item: P, city: City, theme_by_slug: dict, sdg_by_number: dict
) -> services.PracticeData:
    texts = {
        f"{f}_{lang}": item.get(f"{f}_{lang}", "")
        for f in TRANSLATED_FIELDS
        for lang in ("en", "ja")
    }
    start, end = item["years"]
    return services.PracticeData(
        texts=texts,
        original_language=item["original"],
        stage=item["stage"],
        start_year=start,
        end_year=end,
        lead_city=city,
        themes=[theme_by_slug[s] for s in item["themes"]],
        sdgs=[sdg_by_number[n] for n in item.get("sdgs", [])],
        results=[dict(r) for r in item.get("results", [])],
        links=item.get("links", []),
    )


@transaction.atomic
def seed_practices(*, officers: dict[str, User], coordinator: User) -> int:
    """Create the demo practices that do not exist yet; returns how many were created."""
    if BestPractice.objects.exists():
        return 0
    theme_by_slug = {t.slug: t for t in Theme.objects.all()}
    sdg_by_number = {g.number: g for g in SustainableDevelopmentGoal.objects.all()}
    cities = {c.slug: c for c in City.objects.all()}
    created = 0
    for item in PUBLISHED:
        officer = officers[item["city"]]
        practice = services.practice_create(
            by=officer, data=_content(item, cities[item["city"]], theme_by_slug, sdg_by_number)
        )
        services.practice_submit(practice=practice, by=officer)
        services.practice_publish(practice=practice, by=coordinator)
        created += 1
    for slug, (title_en, title_ja) in DRAFT_TITLES.items():
        item = {
            "title_en": title_en,
            "title_ja": title_ja,
            "original": "en" if title_en else "ja",
            "summary_en": "Work in progress." if title_en else "",
            "summary_ja": "" if title_en else "作成中。",
            "themes": ["governance"],
            "stage": "idea",
            "years": (2026, None),
        }
        draft = services.practice_create(
            by=officers[slug], data=_content(item, cities[slug], theme_by_slug, sdg_by_number)
        )
        created += 1
        # One waits in the coordinators' review queue, one came back with a comment.
        if slug in ("glasgow", "kamakura"):
            services.practice_submit(practice=draft, by=officers[slug])
        if slug == "kamakura":
            services.practice_send_back(
                practice=draft,
                by=coordinator,
                comment=SENT_BACK_COMMENT,
            )
    return created
