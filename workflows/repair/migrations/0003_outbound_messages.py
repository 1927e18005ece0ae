"""Messages move to the core outbox (core.OutboundMessage), which every procedure shares."""

from django.db import migrations

FIELDS = ("case_id", "message_type", "payload", "status", "attempts", "last_error",
          "created_at", "sent_at")  # fmt: skip


def copy_to_core(apps, schema_editor):
    old, new = apps.get_model("repair", "SyncMessage"), apps.get_model("core", "OutboundMessage")
    for row in old.objects.order_by("pk").iterator():
        copied = new.objects.create(
            target="credit_china", **{field: getattr(row, field) for field in FIELDS}
        )
        # auto_now_add stamped the copy with today: keep the original time.
        new.objects.filter(pk=copied.pk).update(created_at=row.created_at)


class Migration(migrations.Migration):
    dependencies = [
        ("repair", "0002_deadline_rules"),
        ("core", "0015_outbound_messages"),
    ]

    operations = [
        migrations.RunPython(copy_to_core, migrations.RunPython.noop),
        migrations.DeleteModel(name="SyncMessage"),
    ]
