from django.db import migrations

from workflows.pledge.reference_data import load_all


class Migration(migrations.Migration):
    dependencies = [("pledge", "0001_initial"), ("core", "0008_load_deadline_rules")]

    operations = [migrations.RunPython(lambda apps, _: load_all(apps), migrations.RunPython.noop)]
