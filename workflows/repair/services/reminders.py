"""Reminders (提醒): records that have become repairable, once per record."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from workflows.core import audit
from workflows.core.models import CreditRecord, User
from workflows.core.roles import Role
from workflows.core.services.kit import local_today
from workflows.core.services.notifications import notify
from workflows.repair.eligibility import refusal_reasons
from workflows.repair.models import KIND_FOR_RECORD, RepairReminder


def repair_reminders_run(today: date | None = None) -> int:
    """Remind (once per record) of listed records that have become repairable today."""
    today = today or local_today()
    candidates = CreditRecord.objects.filter(
        state=CreditRecord.State.LISTED,
        repairable=True,
        repairable_from__lte=today,
        kind__in=list(KIND_FOR_RECORD),
        repair_reminder__isnull=True,
    ).select_related("subject", "deciding_bureau")
    created = 0
    for record in candidates:
        if refusal_reasons(record, on=today):
            continue
        with transaction.atomic():
            reminder, made = RepairReminder.objects.get_or_create(
                credit_record=record, defaults={"eligible_since": record.repairable_from}
            )
            if not made:
                continue
            audit.record(
                "repair.reminder_created",
                stream=f"creditrecord:{record.pk}",
                actor=None,
                after={"subject": record.subject.uscc, "eligible_since": record.repairable_from},
            )
            clerks = User.objects.filter(bureau=record.deciding_bureau, groups__name=Role.CLERK)
            notify(
                recipients=clerks,
                kind="repair.reminder",
                title=_("Repair now possible: %(name)s") % {"name": record.subject.name},
                body=_("%(record)s can be repaired since %(date)s.")
                % {"record": record.get_kind_display(), "date": record.repairable_from},
            )
            created += 1
    return created
