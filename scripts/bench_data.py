"""Synthetic data for the benchmarks: practices in English and Japanese with a long-tailed
vocabulary, loaded with COPY and indexed exactly as the portal indexes them.

Nothing here sets Django up: the benchmark scripts do, with their own settings and database.
"""

from __future__ import annotations

import io
import random
import time

from django.core.management import call_command
from django.db import connection


# Vocabulary with a long tail, as real text has (Zipf: the word of rank r is drawn with weight
# 1/r). With 12 topical words per text, a word of rank r is in about 100/r per cent of texts
# (measured): "city" (rank 1) in nearly all, "street" (rank 10) in ~10 %, "bus" (rank 60) in
# ~2 %, "insulation" (rank 150) in ~1 %. The searched words are placed at those ranks. A
# practice is also found by its themes' and cities' names, so the words placed here are in no
# such name ("district" would be: "Buildings and districts").
def _vocabulary(filler: str, placed: dict[int, str], size: int = 2000) -> list[str]:
    words = [f"{filler}{n}" for n in range(size)]
    for rank, word in placed.items():
        words[rank - 1] = word
    return words


EN_WORDS = _vocabulary(
    "term",
    {
        1: "city",
        2: "project",
        3: "energy",
        4: "data",
        10: "street",
        20: "grid",
        30: "solar",
        40: "sensor",
        60: "bus",
        80: "tram",
        100: "parking",
        150: "insulation",
        300: "ferry",
    },
)
JA_WORDS = _vocabulary(
    "語彙",
    {
        1: "地域",
        2: "市民",
        3: "事業",
        4: "推進",
        15: "整備",
        20: "活用",
        50: "防災",
        70: "充電",
        100: "交通",
        150: "避難所",
        200: "断熱",
        300: "堤防",
    },
)
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


_WEIGHTS: dict[int, list[float]] = {}


def zipf_choice(rng: random.Random, words: list[str], k: int) -> list[str]:
    weights = _WEIGHTS.setdefault(len(words), [1 / (r + 1) for r in range(len(words))])
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
        "solution_en": f"{filler} {' '.join(en[6:])}. {filler}",
        "lessons_learned_en": "",
        "title_ja": f"{ja[0]}と{ja[1]}の取り組み{n}",
        "summary_ja": f"{ja[2]}や{ja[3]}の{ja[4]}を進め、{ja[5]}に取り組んだ。",
        "solution_ja": "".join(f"{w}に関する施策を実施した。" for w in ja[6:]),
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
    from practices.search import index_documents, name_documents

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
        # One COPY row, grouped as the table's columns (left unformatted).
        values = [
            pk, f"bench-{pk}", "en" if rng.random() < 0.6 else "ja",
            texts["title_en"], texts["title_en"], texts["title_ja"],
            texts["summary_en"], texts["summary_en"], texts["summary_ja"],
            texts["solution_en"], texts["solution_en"], texts["solution_ja"], "", "", "",
            "", "", "", "", "",
            city.pk, city.region, rng.choice(["idea", "pilot", "implemented", "scaled"]),
            rng.randint(2012, 2026), "published", "2026-01-01 00:00:00+00",
            "2026-01-01 00:00:00+00", "2025-01-01 00:00:00+00",
        ]  # fmt: skip
        rows.write("\t".join(_copy(v) for v in values) + "\n")
        chosen = rng.sample(themes, rng.randint(1, 3))
        document = index_documents(texts, name_documents(themes=chosen, cities=[city], lead=city))
        docs.write("\t".join([str(pk), *(_copy(document[k]) for k in sorted(document))]) + "\n")
        for theme in chosen:
            links.write(f"{pk}\t{theme.pk}\n")
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(
            "COPY practices_bestpractice (id, slug, original_language, title, title_en, title_ja,"
            " summary, summary_en, summary_ja, solution, solution_en, solution_ja,"
            " lessons_learned, lessons_learned_en, lessons_learned_ja,"
            " problem, partners, costs, outcomes, transferability, lead_city_id, region, stage,"
            " start_year, status, published_at, created_at, updated_at, contact_name,"
            " contact_email, review_comment) FROM STDIN"
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
        # FULL: the UPDATE above left every row's old version behind; a catalogue grown by
        # publishing has no such bloat, and a table twice its size reads twice the pages.
        cursor.execute("VACUUM FULL ANALYZE practices_bestpractice")
        cursor.execute("VACUUM ANALYZE practices_bestpractice")
        cursor.execute("VACUUM ANALYZE practices_bestpractice_themes")
        cursor.execute("VACUUM ANALYZE practices_bestpractice_cities")
    print(f"  loaded {target - have:,} practices in {time.perf_counter() - started:.1f} s")


def _copy(value: object) -> str:
    if value is None:
        return r"\N"
    return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", "\\n")
