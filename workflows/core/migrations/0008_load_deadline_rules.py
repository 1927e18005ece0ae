from django.db import migrations

from workflows.core.reference_data import load_deadline_rules


class Migration(migrations.Migration):
    dependencies = [("core", "0007_bureau_doc_prefix")]

    operations = [
        migrations.RunPython(lambda apps, _: load_deadline_rules(apps), migrations.RunPython.noop)
    ]
