"""Starting, completing and refreshing the statutory deadlines of cases and tasks."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from workflows.core import audit
from workflows.core.deadlines import due_date, rule_in_force
from workflows.core.models import Case, Deadline, User


def status_on(deadline: Deadline, today: date) -> str:
    """The open status a deadline has on ``today`` (on track / due soon / overdue)."""
    if today > deadline.due_date:
        return Deadline.Status.OVERDUE
    if today >= deadline.due_soon_from:
        return Deadline.Status.DUE_SOON
    return Deadline.Status.ON_TRACK


@transaction.atomic
def deadline_start(
    *,
    case: Case,
    rule_code: str,
    step: str,
    started_on: date,
    actor: User | None,
    task_id: int | None = None,
    assignee: User | None = None,
    role: str = "",
) -> Deadline:
    """Start the deadline of ``rule_code`` for a step, counted from ``started_on``."""
    rule = rule_in_force(rule_code, started_on)
    due = due_date(rule, started_on)
    deadline = Deadline(
        case=case,
        task_id=task_id,
        rule=rule,
        step=step,
        bureau_id=case.bureau_id,
        procedure=case.procedure,
        assignee=assignee,
        role=role,
        started_on=started_on,
        due_date=due.last_day,
        due_at=due.due_at,
        due_soon_from=due.due_soon_from,
        calendar_warning="\n".join(due.warnings),
    )
    deadline.status = status_on(deadline, timezone.localdate())
    deadline.save()
    audit.record(
        "deadline.started",
        case=case,
        actor=actor,
        task_id=task_id,
        after={
            "step": step,
            "rule": f"{rule.code} v{rule.version}",
            "started_on": started_on,
            "due_date": due.last_day,
            "calendar_warning": deadline.calendar_warning,
        },
    )
    return deadline


@transaction.atomic
def deadline_complete(*, deadline: Deadline, actor: User | None) -> Deadline:
    """Close a deadline as met (done by 24:00 of its last day) or breached."""
    deadline = Deadline.objects.select_for_update().get(pk=deadline.pk)
    if deadline.status not in Deadline.OPEN_STATUSES:
        return deadline
    now = timezone.now()
    before = deadline.status
    deadline.completed_at = now
    deadline.status = Deadline.Status.MET if now < deadline.due_at else Deadline.Status.BREACHED
    deadline.save(update_fields=["completed_at", "status"])
    audit.record(
        f"deadline.{deadline.status}",
        case=deadline.case,
        actor=actor,
        task_id=deadline.task_id,
        before={"status": before},
        after={"status": deadline.status, "step": deadline.step, "completed_at": now},
    )
    return deadline


def deadlines_refresh(today: date | None = None) -> int:
    """Move open deadlines to due soon / overdue as days pass; return how many changed."""
    today = today or timezone.localdate()
    changed = 0
    open_deadlines = Deadline.objects.filter(status__in=Deadline.OPEN_STATUSES)
    for status, condition in (
        (Deadline.Status.OVERDUE, {"due_date__lt": today}),
        (Deadline.Status.DUE_SOON, {"due_date__gte": today, "due_soon_from__lte": today}),
        (Deadline.Status.ON_TRACK, {"due_soon_from__gt": today}),
    ):
        changed += open_deadlines.filter(**condition).exclude(status=status).update(status=status)
    return changed
