from django.db import migrations

from workflows.alliance.reference_data import load_all


class Migration(migrations.Migration):
    dependencies = [("alliance", "0002_admission_review_monitoring")]

    operations = [migrations.RunPython(lambda apps, _: load_all(apps), migrations.RunPython.noop)]
