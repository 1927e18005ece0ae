from django.db import migrations, models

from workflows.core.reference_data import load_bureaus


class Migration(migrations.Migration):
    dependencies = [("core", "0006_audit_append_only")]

    operations = [
        migrations.AddField(
            model_name="bureau",
            name="doc_prefix",
            field=models.CharField(
                blank=True,
                help_text="Issuing-authority abbreviation opening case numbers and 文号, e.g. 乌市监.",
                max_length=16,
                verbose_name="document prefix",
            ),
        ),
        migrations.RunPython(lambda apps, _: load_bureaus(apps), migrations.RunPython.noop),
    ]
