from django.db import migrations

from workflows.core.services.calendar import calendar_seed_from_package


def seed(apps, schema_editor):
    calendar_seed_from_package(apps.get_model("core", "CalendarDay"), apps.get_model("core", "CalendarYear"))


class Migration(migrations.Migration):
    dependencies = [("core", "0003_calendar")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
