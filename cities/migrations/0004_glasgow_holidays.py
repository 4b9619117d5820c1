from django.db import migrations


def scotland(apps, schema_editor):
    # Glasgow keeps Scotland's public holidays (2 January, St Andrew's Day …), not England's.
    apps.get_model("cities", "City").objects.filter(slug="glasgow").update(
        holiday_subdivision="SCT"
    )


class Migration(migrations.Migration):
    dependencies = [("cities", "0003_working_hours")]

    operations = [migrations.RunPython(scotland, migrations.RunPython.noop)]
