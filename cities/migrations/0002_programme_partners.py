"""The programme's nine partner cities and two coordinating bodies, as at the launch of
11 October 2021 (see the launch article in shared/seed/). Populations are rounded recent census
or register figures, for orientation only."""

from decimal import Decimal

from django.db import migrations

CITIES = [
    # slug, EN, JA, local, country EN/JA, code, subdivision EN/JA, region, role, zone, lat, lon, pop, website
    ("rotterdam", "Rotterdam", "ロッテルダム", "Rotterdam", "Netherlands", "オランダ", "NL",
     "South Holland", "南ホラント州", "europe", "lighthouse", "Europe/Amsterdam",
     "51.92250", "4.47917", 664000, "https://www.rotterdam.nl/"),
    ("umea", "Umeå", "ウメオ", "Umeå", "Sweden", "スウェーデン", "SE",
     "Västerbotten", "ヴェステルボッテン県", "europe", "lighthouse", "Europe/Stockholm",
     "63.82545", "20.26300", 131000, "https://www.umea.se/"),
    ("glasgow", "Glasgow", "グラスゴー", "Glasgow", "United Kingdom", "イギリス", "GB",
     "Scotland", "スコットランド", "europe", "lighthouse", "Europe/London",
     "55.86424", "-4.25181", 635000, "https://www.glasgow.gov.uk/"),
    ("gdansk", "Gdańsk", "グダニスク", "Gdańsk", "Poland", "ポーランド", "PL",
     "Pomerania", "ポモージェ県", "europe", "fellow", "Europe/Warsaw",
     "54.35205", "18.64637", 486000, "https://www.gdansk.pl/"),
    ("parma", "Parma", "パルマ", "Parma", "Italy", "イタリア", "IT",
     "Emilia-Romagna", "エミリア＝ロマーニャ州", "europe", "fellow", "Europe/Rome",
     "44.80150", "10.32797", 198000, "https://www.comune.parma.it/"),
    ("brno", "Brno", "ブルノ", "Brno", "Czechia", "チェコ", "CZ",
     "South Moravia", "南モラヴィア州", "europe", "fellow", "Europe/Prague",
     "49.19522", "16.60796", 398000, "https://www.brno.cz/"),
    ("hamamatsu", "Hamamatsu", "浜松市", "浜松市", "Japan", "日本", "JP",
     "Shizuoka", "静岡県", "japan", "japanese_partner", "Asia/Tokyo",
     "34.71074", "137.72607", 790000, "https://www.city.hamamatsu.shizuoka.jp/"),
    ("kamakura", "Kamakura", "鎌倉市", "鎌倉市", "Japan", "日本", "JP",
     "Kanagawa", "神奈川県", "japan", "japanese_partner", "Asia/Tokyo",
     "35.31917", "139.54667", 172000, "https://www.city.kamakura.kanagawa.jp/"),
    ("tamana", "Tamana", "玉名市", "玉名市", "Japan", "日本", "JP",
     "Kumamoto", "熊本県", "japan", "japanese_partner", "Asia/Tokyo",
     "32.93500", "130.56330", 64000, "https://www.city.tamana.lg.jp/"),
]

PROFILES = {
    "rotterdam": (
        "Lighthouse city of RUGGEDISED. Rotterdam coordinates the project and tests smart, "
        "resilient solutions in its Heart of South district: a smart thermal grid that shares "
        "heat between buildings, renewable energy and e-mobility.",
        "RUGGEDISEDのライトハウス都市。プロジェクト全体の調整役を務め、南部地区"
        "（Heart of South）で建物間の熱融通を行うスマート熱グリッド、再生可能エネルギー、"
        "電動モビリティなど、スマートでレジリエントな解決策を実証している。",
    ),
    "umea": (
        "Lighthouse city of RUGGEDISED in northern Sweden. Umeå combines ICT, energy and "
        "e-mobility solutions around its university campus and hospital area.",
        "スウェーデン北部に位置するRUGGEDISEDのライトハウス都市。大学キャンパスと"
        "病院地区を中心に、ICT・エネルギー・電動モビリティの解決策を組み合わせている。",
    ),
    "glasgow": (
        "Lighthouse city of RUGGEDISED. Glasgow deploys smart street lighting, electric "
        "vehicle charging and a data platform in its city centre.",
        "RUGGEDISEDのライトハウス都市。市中心部でスマート街路灯、電気自動車の充電設備、"
        "データプラットフォームを展開している。",
    ),
    "gdansk": (
        "Fellow city of RUGGEDISED on the Baltic coast. Gdańsk learns from the lighthouse "
        "cities and prepares to replicate their solutions, with a focus on climate resilience.",
        "バルト海沿岸に位置するRUGGEDISEDのフェロー都市。ライトハウス都市から学び、"
        "気候レジリエンスを重視しながら、その解決策の展開を準備している。",
    ),
    "parma": (
        "Fellow city of RUGGEDISED in northern Italy. Parma studies the lighthouse solutions "
        "for energy-efficient districts and sustainable mobility.",
        "イタリア北部に位置するRUGGEDISEDのフェロー都市。省エネルギー地区や持続可能な"
        "モビリティに関するライトハウス都市の解決策を研究している。",
    ),
    "brno": (
        "Fellow city of RUGGEDISED and the second city of Czechia. Brno works on data-driven "
        "city management and the replication of smart energy solutions.",
        "チェコ第二の都市で、RUGGEDISEDのフェロー都市。データに基づく都市経営と"
        "スマートエネルギー解決策の展開に取り組んでいる。",
    ),
    "hamamatsu": (
        "Japanese partner city in Shizuoka Prefecture. Hamamatsu pursues a digital-first city "
        "strategy and local renewable energy.",
        "静岡県の日本側パートナー都市。デジタルファーストの都市戦略と地域の再生可能"
        "エネルギーの活用を進めている。",
    ),
    "kamakura": (
        "Japanese partner city in Kanagawa Prefecture. Kamakura works on citizen-centred "
        "smart city services and sustainable tourism.",
        "神奈川県の日本側パートナー都市。市民中心のスマートシティサービスと持続可能な"
        "観光に取り組んでいる。",
    ),
    "tamana": (
        "Japanese partner city in Kumamoto Prefecture. Tamana applies digital services to the "
        "needs of a smaller city and its surrounding rural area.",
        "熊本県の日本側パートナー都市。中規模都市とその周辺の農村地域のニーズに"
        "デジタルサービスを活用している。",
    ),
}

BODIES = [
    {
        "slug": "isinnova",
        "name_en": "ISINNOVA – Institute of Studies for the Integration of Systems",
        "name_ja": "ISINNOVA（システム統合研究所）",
        "short_name_en": "ISINNOVA",
        "short_name_ja": "ISINNOVA",
        "kind": "research_institute",
        "country_en": "Italy",
        "country_ja": "イタリア",
        "country_code": "IT",
        "seat_en": "Rome",
        "seat_ja": "ローマ",
        "time_zone": "Europe/Rome",
        "programme_role_en": (
            "Research institute that proposed and designed the cooperation initiative within the "
            "EU-funded RUGGEDISED project, and coordinates it on the European side."
        ),
        "programme_role_ja": (
            "EUの資金によるRUGGEDISEDプロジェクトの一環として、本協力イニシアティブを提案・"
            "設計した研究機関。欧州側の調整を担う。"
        ),
        "website": "https://www.isinnova.org/",
        "position": 1,
    },
    {
        "slug": "cabinet-office-japan",
        "name_en": "Cabinet Office of Japan",
        "name_ja": "内閣府",
        "short_name_en": "Cabinet Office",
        "short_name_ja": "内閣府",
        "kind": "government_office",
        "country_en": "Japan",
        "country_ja": "日本",
        "country_code": "JP",
        "seat_en": "Tokyo",
        "seat_ja": "東京",
        "time_zone": "Asia/Tokyo",
        "programme_role_en": (
            "Responsible for the overall coordination of Japan’s smart city programme and "
            "coordinates the Japanese side of the cooperation. Its Office for Promoting Regional "
            "Revitalization took part in the launch."
        ),
        "programme_role_ja": (
            "日本のスマートシティ施策の総合調整を担い、本協力の日本側を取りまとめる。"
            "地方創生推進事務局が発足式に参加した。"
        ),
        "website": "https://www.cao.go.jp/",
        "position": 2,
    },
]


def load(apps, schema_editor):
    City = apps.get_model("cities", "City")
    CoordinatingBody = apps.get_model("cities", "CoordinatingBody")
    for position, row in enumerate(CITIES, start=1):
        (slug, name_en, name_ja, local, country_en, country_ja, code, sub_en, sub_ja, region,
         role, zone, lat, lon, population, website) = row
        profile_en, profile_ja = PROFILES[slug]
        City.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name_en, "name_en": name_en, "name_ja": name_ja, "local_name": local,
                "country": country_en, "country_en": country_en, "country_ja": country_ja,
                "country_code": code,
                "subdivision": sub_en, "subdivision_en": sub_en, "subdivision_ja": sub_ja,
                "region": region, "programme_role": role, "time_zone": zone,
                "latitude": Decimal(lat), "longitude": Decimal(lon), "population": population,
                "profile": profile_en, "profile_en": profile_en, "profile_ja": profile_ja,
                "website": website, "position": position,
            },
        )
    for body in BODIES:
        values = dict(body)
        slug = values.pop("slug")
        for field in ("name", "short_name", "country", "seat", "programme_role"):
            values[field] = values[f"{field}_en"]
        CoordinatingBody.objects.update_or_create(slug=slug, defaults=values)


def unload(apps, schema_editor):
    apps.get_model("cities", "City").objects.filter(slug__in=[c[0] for c in CITIES]).delete()
    apps.get_model("cities", "CoordinatingBody").objects.filter(
        slug__in=[b["slug"] for b in BODIES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("cities", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
