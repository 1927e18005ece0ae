from django.db import migrations

from workflows.repair.reference_data import load_all


class Migration(migrations.Migration):
    dependencies = [("repair", "0001_initial")]

    operations = [migrations.RunPython(lambda apps, _: load_all(apps), migrations.RunPython.noop)]
