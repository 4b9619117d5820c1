"""The rows the data migrations load (cities, bodies, themes, SDGs), for transactional tests.

A transactional test (a browser test against the live server, a test with a real Celery worker)
ends by flushing every table. Django's ``serialized_rollback`` should put the migrated rows back,
but after a non-transactional test has run in the same session it does not (seen with
pytest-django 4.14 on Django 6.1), so these tests reload them from the migrations' own code.
"""

from importlib import import_module

from django.apps import apps


def ensure_reference_data() -> None:
    from cities.models import City

    if City.objects.exists():
        return
    import_module("cities.migrations.0002_programme_partners").load(apps, None)
    import_module("cities.migrations.0004_glasgow_holidays").scotland(apps, None)
    import_module("cities.migrations.0005_body_location").locate(apps, None)
    import_module("practices.migrations.0002_themes_sdgs_search_indexes").seed(apps, None)
