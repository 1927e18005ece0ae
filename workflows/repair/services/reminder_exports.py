"""Reminders handed over for contacting the subjects: their export is recorded."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from workflows.core import audit
from workflows.core.models import User
from workflows.repair.models import RepairReminder


@transaction.atomic
def repair_reminders_mark_exported(*, reminders: Iterable[RepairReminder], actor: User) -> int:
    """Stamp ``exported_at`` on the reminders exported for the first time; audited.

    Reminders exported before keep their first export time. Returns how many were new.
    """
    now = timezone.now()
    fresh = list(
        RepairReminder.objects.select_for_update(of=("self",))
        .filter(pk__in=[r.pk for r in reminders], exported_at__isnull=True)
        .select_related("credit_record__subject")
        .order_by("pk")
    )
    for reminder in fresh:
        reminder.exported_at = now
        reminder.save(update_fields=["exported_at"])
        audit.record(
            "repair.reminder_exported",
            stream=f"creditrecord:{reminder.credit_record_id}",
            actor=actor,
            after={"subject": reminder.credit_record.subject.uscc, "exported_at": now},
        )
    return len(fresh)
