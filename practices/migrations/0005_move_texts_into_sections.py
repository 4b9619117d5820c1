"""Move each practice's description into the sections of URBACT's template, without loss.

Before the sections a practice had one free text, its description (``body``), in each
language. The description told what was done, so it becomes "the solution", word for word, in
each language and in modeltranslation's own column; the summary and the lessons learned were
already sections. Revisions waiting for review are moved the same way.

Going back joins the sections written since into the description, each under its heading, so
that nothing is lost in that direction either.
"""

from django.db import migrations

LANGUAGES = ("en", "ja")
#: Sections other than the solution, with the heading they get when joined back (reverse).
OTHER_SECTIONS = {
    "problem": {"en": "The problem", "ja": "課題"},
    "partners": {"en": "People and partners", "ja": "関係者とパートナー"},
    "costs": {"en": "Costs and funding", "ja": "費用と財源"},
    "outcomes": {"en": "Results", "ja": "成果"},
    "transferability": {"en": "Transferability", "ja": "移転可能性"},
}
BATCH = 500


def _columns(field: str) -> list[str]:
    return [field, *(f"{field}_{language}" for language in LANGUAGES)]


def move_description_into_solution(apps, schema_editor):
    BestPractice = apps.get_model("practices", "BestPractice")
    changed = []
    for practice in BestPractice.objects.order_by("pk").iterator(chunk_size=BATCH):
        for source, target in zip(_columns("body"), _columns("solution"), strict=True):
            setattr(practice, target, getattr(practice, source) or "")
        changed.append(practice)
        if len(changed) >= BATCH:
            BestPractice.objects.bulk_update(changed, _columns("solution"))
            changed = []
    if changed:
        BestPractice.objects.bulk_update(changed, _columns("solution"))


def join_sections_into_description(apps, schema_editor):
    BestPractice = apps.get_model("practices", "BestPractice")
    changed = []
    for practice in BestPractice.objects.order_by("pk").iterator(chunk_size=BATCH):
        for column in _columns("body"):
            language = column.rpartition("_")[2] if "_" in column else "en"
            suffix = column[len("body") :]
            parts = [getattr(practice, f"solution{suffix}") or ""]
            for section, headings in OTHER_SECTIONS.items():
                text = getattr(practice, f"{section}{suffix}") or ""
                if text.strip():
                    parts.append(f"## {headings[language]}\n\n{text}")
            setattr(practice, column, "\n\n".join(p for p in parts if p))
        changed.append(practice)
        if len(changed) >= BATCH:
            BestPractice.objects.bulk_update(changed, _columns("body"))
            changed = []
    if changed:
        BestPractice.objects.bulk_update(changed, _columns("body"))


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0004_practice_sections"),
    ]

    operations = [
        migrations.RunPython(move_description_into_solution, join_sections_into_description),
    ]
