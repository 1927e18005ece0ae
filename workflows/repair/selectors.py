"""Reads of the repair procedure."""

from django.db.models import QuerySet

from workflows.core.flow.activations import case_of
from workflows.core.models import CreditRecord, User
from workflows.core.selectors import subjects_visible_to
from workflows.repair.models import RepairApplication, RepairReminder


def application_of(activation) -> RepairApplication:
    """The application of the case an activation belongs to (locked with the case)."""
    return RepairApplication.objects.select_related("case", "credit_record__subject").get(
        case=case_of(activation.process)
    )


def repairable_records_of(user: User, uscc: str) -> QuerySet[CreditRecord]:
    """Listed records of a subject the user may see, for the application form."""
    return (
        CreditRecord.objects.filter(
            subject__in=subjects_visible_to(user), subject__uscc=uscc,
            state=CreditRecord.State.LISTED,
        )
        .select_related("subject", "deciding_bureau")
        .order_by("-listed_on", "pk")
    )  # fmt: skip


def reminders_visible_to(user: User) -> QuerySet[RepairReminder]:
    return (
        RepairReminder.objects.filter(credit_record__subject__in=subjects_visible_to(user))
        .select_related("credit_record__subject")
        .order_by("-created_at", "pk")
    )
