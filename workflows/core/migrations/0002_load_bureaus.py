from django.db import migrations

from workflows.core.reference_data import load_bureaus


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunPython(lambda apps, _: load_bureaus(apps), migrations.RunPython.noop)
    ]
