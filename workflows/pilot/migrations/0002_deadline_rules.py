from django.db import migrations

from workflows.pilot.reference_data import load_all


class Migration(migrations.Migration):
    dependencies = [("pilot", "0001_initial"), ("core", "0014_load_escalation_levels")]

    operations = [migrations.RunPython(lambda apps, _: load_all(apps), migrations.RunPython.noop)]
