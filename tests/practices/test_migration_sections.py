"""The move of each practice's description into the URBACT sections (migrations 0004–0006),
run by Django's migration executor on the real database, forwards and back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("practices", "0004_practice_sections")]
AFTER = [("practices", "0006_remove_body")]

TEXTS = {
    "en": "## What was done\n\nWaste heat from the ice rink heats the pool.\n\n- 4 buildings",
    "ja": "## 取り組み内容\n\nアイスリンクの排熱でプールを温める。\n\n- 4棟の建物",
}


def _executor() -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor


def _migrate(targets):
    executor = _executor()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def at_old_schema():
    """The database as it was before the sections had text (the description still there),
    and, after the test, as it is now."""
    from tests.reference_data import ensure_reference_data

    ensure_reference_data()  # a transactional test before this one may have flushed them
    apps = _migrate(BEFORE)
    yield apps
    _migrate(_executor().loader.graph.leaf_nodes())


def _old_practice(apps, slug, status="published", **texts):
    BestPractice = apps.get_model("practices", "BestPractice")
    City = apps.get_model("cities", "City")
    city = City.objects.get(slug="rotterdam")
    return BestPractice.objects.create(
        slug=slug,
        title="Thermal grid",
        title_en="Thermal grid",
        title_ja="熱グリッド",
        region="europe",
        lead_city=city,
        start_year=2017,
        status=status,
        **texts,
    )


def test_every_description_moves_into_the_solution_without_loss(at_old_schema):
    apps = at_old_schema
    _old_practice(
        apps,
        "both",
        body=TEXTS["en"],
        body_en=TEXTS["en"],
        body_ja=TEXTS["ja"],
        lessons_learned_en="Agreements took longer than engineering.",
    )
    _old_practice(apps, "japanese-only", body="", body_en=None, body_ja=TEXTS["ja"])
    _old_practice(apps, "none", body="", body_en="", body_ja="")
    original = _old_practice(apps, "revised", body="old", body_en="old", body_ja="")
    _old_practice(
        apps,
        "revised",
        status="draft",
        revision_of=original,
        body="new",
        body_en="new",
        body_ja="新",
    )

    apps = _migrate(AFTER)
    BestPractice = apps.get_model("practices", "BestPractice")
    assert "body" not in {f.name for f in BestPractice._meta.get_fields()}
    rows = {(p.slug, p.revision_of_id is not None): p for p in BestPractice.objects.order_by("pk")}
    both = rows[("both", False)]
    assert (both.solution_en, both.solution_ja, both.solution) == (
        TEXTS["en"],
        TEXTS["ja"],
        TEXTS["en"],
    )
    assert both.lessons_learned_en == "Agreements took longer than engineering."
    assert (both.problem_en, both.costs_ja) == (None, None)
    japanese = rows[("japanese-only", False)]
    assert (japanese.solution_en, japanese.solution_ja) == ("", TEXTS["ja"])
    assert rows[("none", False)].solution_en == ""
    assert (rows[("revised", True)].solution_en, rows[("revised", True)].solution_ja) == (
        "new",
        "新",
    )
    assert rows[("revised", False)].solution_en == "old"


def test_going_back_joins_the_sections_into_the_description(at_old_schema):
    apps = _migrate(AFTER)
    BestPractice = apps.get_model("practices", "BestPractice")
    City = apps.get_model("cities", "City")
    BestPractice.objects.create(
        slug="sections",
        title="Grid",
        title_en="Grid",
        region="europe",
        lead_city=City.objects.get(slug="rotterdam"),
        start_year=2017,
        solution="Heat is shared.",
        solution_en="Heat is shared.",
        problem_en="Heat was wasted.",
        costs_en="€3 million.",
        solution_ja="熱を融通する。",
        problem_ja="排熱が捨てられていた。",
    )
    apps = _migrate(BEFORE)
    BestPractice = apps.get_model("practices", "BestPractice")
    practice = BestPractice.objects.get(slug="sections")
    assert practice.body_en == (
        "Heat is shared.\n\n## The problem\n\nHeat was wasted."
        "\n\n## Costs and funding\n\n€3 million."
    )
    assert practice.body_ja == "熱を融通する。\n\n## 課題\n\n排熱が捨てられていた。"
