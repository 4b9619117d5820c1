"""Benchmark of the best-practice catalogue and search on PostgreSQL.

Loads N synthetic practices in English and Japanese into a database of its own
(``cooperation_portal_bench`` on the test server unless BENCH_DATABASE_URL says otherwise),
indexed exactly as the portal indexes them (practices.search.index_documents, the same
configurations and weights), then requests pages through Django's test client and reports
p50/p95 latency and the SQL query count per page, for each N.

    make bench                      # N = 1,000 / 10,000 / 100,000
    python scripts/bench_practices.py --sizes 1000 5000 --repeat 20
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cooperation_portal_bench"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cooperation_portal.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

# Vocabulary with a long tail, as real text has: a few words are everywhere, most are rare.
EN_WORDS = [
    "bus",
    "heat",
    "grid",
    "energy",
    "solar",
    "battery",
    "mobility",
    "sensor",
    "data",
    "platform",
    "flood",
    "resilience",
    "district",
    "building",
    "citizen",
    "lighting",
    "charging",
    "storage",
    "tram",
    "bicycle",
    "parking",
    "tourism",
    "water",
    "waste",
    "school",
    "hospital",
    "housing",
    "retrofit",
    "pump",
    "network",
    "dashboard",
    "privacy",
    "governance",
    "procurement",
    "pilot",
    "neighbourhood",
    "station",
    "harbour",
    "river",
    "park",
    "tree",
    "garden",
    "roof",
    "facade",
    "window",
    "insulation",
    "boiler",
]
JA_WORDS = [
    "防災",
    "交通",
    "電気",
    "自動車",
    "充電",
    "地域",
    "市民",
    "参加",
    "太陽光",
    "避難所",
    "高齢者",
    "見守り",
    "データ",
    "基盤",
    "観光",
    "混雑",
    "河川",
    "公園",
    "学校",
    "病院",
    "住宅",
    "断熱",
    "蓄電池",
    "水素",
    "森林",
    "農業",
    "漁業",
    "港湾",
    "商店街",
    "自転車",
    "鉄道",
    "駅前",
    "子育て",
    "医療",
    "介護",
    "福祉",
    "行政",
    "窓口",
    "道路",
    "橋梁",
    "上下水道",
    "廃棄物",
    "再生",
    "脱炭素",
    "街路灯",
    "通信",
    "教育",
]
FILLER_EN = [
    "the",
    "city",
    "and",
    "its",
    "partners",
    "worked",
    "on",
    "a",
    "new",
    "approach",
    "for",
    "residents",
]


def zipf_choice(rng: random.Random, words: list[str], k: int) -> list[str]:
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(words))]
    return rng.choices(words, weights=weights, k=k)


def synthetic(n: int, rng: random.Random) -> dict[str, str]:
    en = zipf_choice(rng, EN_WORDS, 12)
    ja = zipf_choice(rng, JA_WORDS, 12)
    # Plural forms too, so that singular/plural matching is exercised at scale.
    en = [w + ("es" if w.endswith("s") else "s") if rng.random() < 0.3 else w for w in en]
    filler = " ".join(rng.choices(FILLER_EN, k=30))
    return {
        "title_en": f"{en[0].capitalize()} and {en[1]} practice {n}",
        "summary_en": f"{' '.join(en[2:6])} {filler[:80]}.",
        "body_en": f"{filler} {' '.join(en[6:])}. {filler}",
        "lessons_learned_en": "",
        "title_ja": f"{ja[0]}と{ja[1]}の取り組み{n}",
        "summary_ja": f"{ja[2]}や{ja[3]}の{ja[4]}を進め、{ja[5]}に取り組んだ。",
        "body_ja": "".join(f"{w}に関する施策を実施した。" for w in ja[6:]),
        "lessons_learned_ja": "",
    }


def ensure_database() -> None:
    import psycopg

    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"] or "postgres",
        password=settings["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [settings["NAME"]]
        ).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{settings["NAME"]}"')
    call_command("migrate", verbosity=0)


def load(target: int, rng: random.Random) -> None:
    """Top the table up to ``target`` published practices, indexed as the portal does."""
    from cities.models import City
    from practices.models import BestPractice, Theme
    from practices.search import index_documents

    have = BestPractice.objects.count()
    if have >= target:
        return
    cities = list(City.objects.all())
    themes = list(Theme.objects.all())
    started = time.perf_counter()
    rows, docs, links = io.StringIO(), io.StringIO(), io.StringIO()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM practices_bestpractice")
        next_id = cursor.fetchone()[0] + 1
    for offset in range(target - have):
        pk = next_id + offset
        texts = synthetic(pk, rng)
        city = rng.choice(cities)
        values = [
            pk, f"bench-{pk}", "en" if rng.random() < 0.6 else "ja",
            texts["title_en"], texts["title_en"], texts["title_ja"],
            texts["summary_en"], texts["summary_en"], texts["summary_ja"],
            texts["body_en"], texts["body_en"], texts["body_ja"], "", "", "",
            city.pk, city.region, rng.choice(["idea", "pilot", "implemented", "scaled"]),
            rng.randint(2012, 2026), "published", "2026-01-01 00:00:00+00",
            "2026-01-01 00:00:00+00", "2025-01-01 00:00:00+00",
        ]  # fmt: skip
        rows.write("\t".join(_copy(v) for v in values) + "\n")
        document = index_documents(texts)
        docs.write("\t".join([str(pk), *(_copy(document[k]) for k in sorted(document))]) + "\n")
        for theme in rng.sample(themes, rng.randint(1, 3)):
            links.write(f"{pk}\t{theme.pk}\n")
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(
            "COPY practices_bestpractice (id, slug, original_language, title, title_en, title_ja,"
            " summary, summary_en, summary_ja, body, body_en, body_ja, lessons_learned,"
            " lessons_learned_en, lessons_learned_ja, lead_city_id, region, stage, start_year,"
            " status, published_at, created_at, updated_at, contact_name, contact_email,"
            " review_comment) FROM STDIN"
        ) as copy:
            for line in rows.getvalue().splitlines():
                copy.write(line + "\t\t\t\n")
        cursor.execute(
            "CREATE TEMP TABLE bench_docs (id bigint, en_a text, en_b text, en_c text,"
            " ja_a text, ja_b text, ja_c text)"
        )
        with raw.copy("COPY bench_docs FROM STDIN") as copy:
            copy.write(docs.getvalue())
        cursor.execute(
            "UPDATE practices_bestpractice p SET"
            " search_en = setweight(to_tsvector('english', d.en_a), 'A')"
            " || setweight(to_tsvector('english', d.en_b), 'B')"
            " || setweight(to_tsvector('english', d.en_c), 'C'),"
            " search_ja = setweight(to_tsvector('simple', d.ja_a), 'A')"
            " || setweight(to_tsvector('simple', d.ja_b), 'B')"
            " || setweight(to_tsvector('simple', d.ja_c), 'C')"
            " FROM bench_docs d WHERE d.id = p.id"
        )
        cursor.execute("DROP TABLE bench_docs")
        with raw.copy(
            "COPY practices_bestpractice_themes (bestpractice_id, theme_id) FROM STDIN"
        ) as copy:
            copy.write(links.getvalue())
        cursor.execute(
            "INSERT INTO practices_bestpractice_cities (bestpractice_id, city_id)"
            " SELECT id, lead_city_id FROM practices_bestpractice p WHERE NOT EXISTS"
            " (SELECT 1 FROM practices_bestpractice_cities c WHERE c.bestpractice_id = p.id)"
        )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('practices_bestpractice', 'id'),"
            " (SELECT MAX(id) FROM practices_bestpractice))"
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE practices_bestpractice")
        cursor.execute("VACUUM ANALYZE practices_bestpractice_themes")
        cursor.execute("VACUUM ANALYZE practices_bestpractice_cities")
    print(f"  loaded {target - have:,} practices in {time.perf_counter() - started:.1f} s")


def _copy(value: object) -> str:
    if value is None:
        return r"\N"
    return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", "\\n")


CASES = [
    ("catalogue, page 1", "/en/practices/", {}),
    ("catalogue, theme filter, page 3", "/ja/practices/", {"theme": "energy", "page": "3"}),
    ("search EN 'buses'", "/en/practices/", {"q": "buses"}),
    ("search EN 'insulation'", "/en/practices/", {"q": "insulation"}),
    ("search JA '防災'", "/ja/practices/", {"q": "防災"}),
    ("search JA '交通'", "/ja/practices/", {"q": "交通"}),
    ("search JA '断熱' + theme", "/ja/practices/", {"q": "断熱", "theme": "energy"}),
]


def measure(client: Client, url: str, params: dict, repeat: int) -> tuple[float, float, int, int]:
    client.get(url, params)  # warm caches
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url, params)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    timings.sort()
    p95 = timings[max(0, int(round(0.95 * len(timings))) - 1)]
    results = response.context["page"].paginator.count
    return statistics.median(timings), p95, len(queries), results


def explain_search(q: str) -> str:
    from practices import search
    from practices.models import BestPractice

    queryset = search.search(BestPractice.objects.published(), q).order_by("-rank")[:20]
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--explain", action="store_true", help="print the search plans")
    options = parser.parse_args()
    setup_test_environment()
    ensure_database()
    rng = random.Random(2021)  # noqa: S311 - the same synthetic data on every run
    client = Client()
    print(f"{'N':>8}  {'page':<34} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'results':>8}")
    for size in sorted(options.sizes):
        load(size, rng)
        for label, url, params in CASES:
            p50, p95, queries, results = measure(client, url, params, options.repeat)
            print(f"{size:>8,}  {label:<34} {p50:8.1f} {p95:8.1f} {queries:8d} {results:8,}")
        if options.explain:
            for q in ("buses", "防災"):
                print(explain_search(q))
    print("Database:", connection.settings_dict["NAME"], "(drop it when done)")


if __name__ == "__main__":
    main()
