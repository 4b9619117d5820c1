"""Index the names of each practice's themes, cities and lead (city or body) in both languages'
tsvectors (weight B), so that "mobility" finds every e-mobility practice and "Kamakura" or 鎌倉
every practice of Kamakura. Recomputes the index of every existing practice (PostgreSQL only:
SQLite searches with a substring match)."""

from django.db import migrations


def reindex(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from practices import search

    BestPractice = apps.get_model("practices", "BestPractice")
    ids = BestPractice.objects.filter(revision_of__isnull=True).values_list("pk", flat=True)
    search.reindex_practices(list(ids), model=BestPractice)


class Migration(migrations.Migration):
    dependencies = [
        ("cities", "0005_body_location"),
        ("practices", "0010_practice_old_slugs"),
    ]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
