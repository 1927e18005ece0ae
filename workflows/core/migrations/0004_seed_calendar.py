from django.db import migrations

from workflows.core.reference_data import load_calendar


class Migration(migrations.Migration):
    dependencies = [("core", "0003_calendar")]

    operations = [
        migrations.RunPython(lambda apps, _: load_calendar(apps), migrations.RunPython.noop)
    ]
