"""What the procedures' demos share: drive a case through the real steps of its flow,
and move a case back in time so that the demo shows late and overdue work."""

from datetime import timedelta

from django.utils import timezone

from workflows.core.deadlines import due_date
from workflows.core.models import Case, Deadline, User
from workflows.core.services.deadlines import status_on
from workflows.core.services.tasks import task_claim, task_complete


def open_task(case: Case, flow_class, step: str, owner: User | None = None):
    """The case's open task of ``step`` (``owner``'s, if it has one), or None."""
    tasks = case.process.task_set.filter(flow_task=getattr(flow_class, step), finished__isnull=True)
    return (tasks.filter(owner=owner).first() if owner else None) or tasks.first()


def complete_step(case: Case, flow_class, step: str, user: User, data: dict) -> None:
    """Claim and complete the step's open task as ``user`` would, through the services."""
    task = open_task(case, flow_class, step, user)
    task_claim(task=task, user=user)
    task_complete(task=task, user=user, data=data)


def make_late(case: Case, days: int) -> None:
    """Move the case's open deadlines back as if it had arrived ``days`` days earlier."""
    today = timezone.localdate()
    for deadline in Deadline.objects.filter(case=case, status__in=Deadline.OPEN_STATUSES):
        started = deadline.started_on - timedelta(days=days)
        due = due_date(deadline.rule, started)
        deadline.started_on, deadline.due_date = started, due.last_day
        deadline.due_at, deadline.due_soon_from = due.due_at, due.due_soon_from
        deadline.unconfirmed_years = Deadline.years_text(due.unconfirmed_years)
        deadline.status = status_on(deadline, today)
        deadline.save(
            update_fields=[
                "started_on", "due_date", "due_at", "due_soon_from", "unconfirmed_years", "status",
            ]
        )  # fmt: skip
    Case.objects.filter(pk=case.pk).update(opened_at=case.opened_at - timedelta(days=days))
