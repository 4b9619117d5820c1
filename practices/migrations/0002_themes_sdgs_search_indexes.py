"""Seed the themes and the 17 SDGs in EN and JA, and add the full-text GIN indexes.

The GIN indexes exist on PostgreSQL only: the embedded SQLite default of `make run` searches
with a plain substring match instead (see practices/search.py)."""

from django.db import migrations

THEMES = [
    ("digital-platforms-data", "Digital platforms and data", "デジタルプラットフォームとデータ"),
    ("e-mobility", "E-mobility", "電動モビリティ"),
    ("energy", "Energy", "エネルギー"),
    ("resilience-climate-adaptation", "Resilience and climate adaptation", "レジリエンスと気候変動適応"),
    ("buildings-districts", "Buildings and districts", "建物と地区"),
    ("citizen-engagement", "Citizen engagement", "市民参加"),
    ("governance", "Governance", "ガバナンス"),
]

SDGS = [
    (1, "No poverty", "貧困をなくそう"),
    (2, "Zero hunger", "飢餓をゼロに"),
    (3, "Good health and well-being", "すべての人に健康と福祉を"),
    (4, "Quality education", "質の高い教育をみんなに"),
    (5, "Gender equality", "ジェンダー平等を実現しよう"),
    (6, "Clean water and sanitation", "安全な水とトイレを世界中に"),
    (7, "Affordable and clean energy", "エネルギーをみんなに そしてクリーンに"),
    (8, "Decent work and economic growth", "働きがいも経済成長も"),
    (9, "Industry, innovation and infrastructure", "産業と技術革新の基盤をつくろう"),
    (10, "Reduced inequalities", "人や国の不平等をなくそう"),
    (11, "Sustainable cities and communities", "住み続けられるまちづくりを"),
    (12, "Responsible consumption and production", "つくる責任 つかう責任"),
    (13, "Climate action", "気候変動に具体的な対策を"),
    (14, "Life below water", "海の豊かさを守ろう"),
    (15, "Life on land", "陸の豊かさも守ろう"),
    (16, "Peace, justice and strong institutions", "平和と公正をすべての人に"),
    (17, "Partnerships for the goals", "パートナーシップで目標を達成しよう"),
]

GIN_INDEXES = [
    ("practice_search_en_gin", "search_en"),
    ("practice_search_ja_gin", "search_ja"),
]


def seed(apps, schema_editor):
    Theme = apps.get_model("practices", "Theme")
    SDG = apps.get_model("practices", "SustainableDevelopmentGoal")
    for position, (slug, name_en, name_ja) in enumerate(THEMES, start=1):
        Theme.objects.update_or_create(
            slug=slug,
            defaults={"name": name_en, "name_en": name_en, "name_ja": name_ja, "position": position},
        )
    for number, name_en, name_ja in SDGS:
        SDG.objects.update_or_create(
            number=number, defaults={"name": name_en, "name_en": name_en, "name_ja": name_ja}
        )


def add_gin_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in GIN_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON practices_bestpractice USING gin ({column})"
        )


def drop_gin_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column in GIN_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_initial")]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(add_gin_indexes, drop_gin_indexes),
    ]
