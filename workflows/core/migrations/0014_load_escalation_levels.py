from django.db import migrations

from workflows.core.reference_data import load_escalation_levels


class Migration(migrations.Migration):
    dependencies = [("core", "0013_sla_escalation_reports")]

    operations = [
        migrations.RunPython(
            lambda apps, _: load_escalation_levels(apps), migrations.RunPython.noop
        )
    ]
