from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("repair", "0003_outbound_messages")]

    operations = [
        migrations.AlterField(
            model_name="repairapplication",
            name="kind",
            field=models.CharField(
                choices=[
                    ("abnormal_removal", "Removal from the abnormal operations list"),
                    ("individual_restore", "Restore an individual business to normal"),
                    ("serious_early_removal", "Early removal from the serious list"),
                    ("penalty_early_stop", "Early stop of penalty publicity"),
                    ("false_pledge_repair", "Repair of a false-pledge record"),
                ],
                max_length=32,
                verbose_name="repair kind",
            ),
        ),
    ]
