"""Indexes for a practice's related practices (the other region's newest) and for a city's and
a body's page (their newest published practices, led and implemented with another lead), read
without the rest of the catalogue."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cities', '0005_body_location'),
        ('practices', '0011_search_names_in_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='bestpractice',
            index=models.Index(condition=models.Q(('revision_of__isnull', True), ('status', 'published')), fields=['region', '-published_at', '-id'], name='practice_region_newest'),
        ),
        migrations.AddIndex(
            model_name='bestpractice',
            index=models.Index(condition=models.Q(('revision_of__isnull', True), ('status', 'published')), fields=['lead_city', '-published_at', '-id'], name='practice_lead_city_newest'),
        ),
        migrations.AddIndex(
            model_name='bestpractice',
            index=models.Index(condition=models.Q(('revision_of__isnull', True), ('status', 'published')), fields=['lead_body', '-published_at', '-id'], name='practice_lead_body_newest'),
        ),
        # The implementing cities' link table (made by the ManyToManyField, so not in the
        # model's state): a city's newest implementing practices, in index order.
        migrations.RunSQL(
            "CREATE INDEX practice_cities_city_newest"
            " ON practices_bestpractice_cities (city_id, bestpractice_id DESC)",
            "DROP INDEX practice_cities_city_newest",
        ),
    ]
