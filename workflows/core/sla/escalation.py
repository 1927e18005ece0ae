"""Reminders and escalations of running deadlines, fired by a Celery beat job.

Why a beat job over the ``Deadline`` table rather than viewflow's timer boundary
events (``.OnTimeout(…, interrupting=False)`` fired by ``fire_due_timers``): a
boundary timer's due moment is computed once, when its host task is created, so a
pause would leave it wrong; its levels would be nodes written into every flow,
not data an administrator edits per procedure; case milestones have no task to
attach it to; and each firing would start a parallel flow path that must lead
somewhere. The ``Deadline`` row already holds the current due date of every task
and milestone, so one indexed sweep covers them all. viewflow's own dispatcher
still runs from beat (``workflows.core.tasks.fire_workflow_timers``) for the
``Timer`` nodes procedures use inside their flows.

A level fires on the working day ``offset_workdays`` from the last day (and any
day after, if the sweep missed it), once per deadline, level and last day: a
pause moves the last day, so a resumed deadline is reminded again. Reminders and
last-day levels (offset ≤ 0) no longer fire once the deadline is overdue.
Paused deadlines never fire.
"""

import logging
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.core import audit
from workflows.core.models import Bureau, Deadline, DeadlineEscalation, EscalationLevel, User
from workflows.core.roles import Role
from workflows.core.services.notifications import notify
from workflows.core.workdays import Calendar, add_workdays, workdays_between

logger = logging.getLogger(__name__)
Target = EscalationLevel.Target


def levels_by_procedure() -> dict[str, list[EscalationLevel]]:
    """The active ladder of each procedure: its own levels over the global ones."""
    rows = list(EscalationLevel.objects.all())
    global_levels = {row.level: row for row in rows if not row.procedure}
    procedures = {row.procedure for row in rows if row.procedure}
    ladders = {"": sorted(global_levels.values(), key=lambda r: r.level)}
    for procedure in procedures:
        merged = dict(global_levels)
        merged.update({row.level: row for row in rows if row.procedure == procedure})
        ladders[procedure] = sorted(merged.values(), key=lambda r: r.level)
    return {key: [row for row in ladder if row.active] for key, ladder in ladders.items()}


def fire_date(deadline: Deadline, level: EscalationLevel, calendar: Calendar) -> date:
    return add_workdays(deadline.due_date, level.offset_workdays, calendar).value


def _candidates():
    """Running steps: task rows, and milestones no open task row runs within."""
    running = Deadline.objects.filter(status__in=Deadline.RUNNING_STATUSES).select_related(
        "case", "bureau", "rule", "assignee"
    )
    covered = set(
        Deadline.objects.filter(task__isnull=False, status__in=Deadline.OPEN_STATUSES).values_list(
            "case_id", "rule_id", "started_on", "due_date"
        )
    )
    for row in running.order_by("due_date", "pk"):
        key = (row.case_id, row.rule_id, row.started_on, row.due_date)
        if row.task_id is None and key in covered:
            continue
        yield row


def deadlines_escalate(today: date | None = None, now: datetime | None = None) -> int:
    """Fire every reminder and escalation that is due on ``today``; return how many fired."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    calendar = Calendar()
    ladders = levels_by_procedure()
    fired_keys = set(DeadlineEscalation.objects.values_list("deadline_id", "level", "due_date"))
    fired = 0
    for deadline in _candidates():
        for level in ladders.get(deadline.procedure, ladders.get("", [])):
            if (deadline.pk, level.level, deadline.due_date) in fired_keys:
                continue
            if today < fire_date(deadline, level, calendar):
                continue
            if level.offset_workdays <= 0 and today > deadline.due_date:
                continue  # a reminder is no use once the deadline is overdue
            if _fire(deadline, level, today, now, calendar):
                fired += 1
    return fired


def _staff(role: str, bureau: Bureau) -> list[User]:
    """Active staff of ``role`` in the bureau, else in the bureau above it."""
    for candidate in (bureau, bureau.parent):
        if candidate is None:
            continue
        users = list(
            User.objects.filter(groups__name=role, bureau=candidate, is_active=True).order_by(
                "username"
            )
        )
        if users:
            return users
    return []


def recipients_of(deadline: Deadline, target: str) -> list[User]:
    if target == Target.ASSIGNEE:
        if deadline.assignee_id:
            return [deadline.assignee]
        if deadline.role:
            return _staff(deadline.role, deadline.bureau)
        return _staff(str(Role.SECTION_HEAD), deadline.bureau)
    if target == Target.SUPERVISOR:
        return list(
            User.objects.filter(groups__name=str(Role.SUPERVISOR), is_active=True).order_by(
                "username"
            )
        )
    return _staff(target, deadline.bureau)


def _fire(
    deadline: Deadline, level: EscalationLevel, today: date, now: datetime, calendar: Calendar
) -> bool:
    try:
        with transaction.atomic():
            row = Deadline.objects.select_for_update(of=("self",)).get(pk=deadline.pk)
            if row.status not in Deadline.RUNNING_STATUSES or row.due_date != deadline.due_date:
                return False
            recipients = recipients_of(deadline, level.target)
            DeadlineEscalation.objects.create(
                deadline=row,
                escalation_level=level,
                level=level.level,
                due_date=row.due_date,
                fired_on=today,
                fired_at=now,
                target=level.target,
                recipients=[user.username for user in recipients],
            )
            overdue = max(workdays_between(row.due_date, today, calendar).value, 0)
            _notify(deadline, level, recipients, overdue)
            audit.record(
                "deadline.escalated",
                case=deadline.case,
                actor=None,
                task_id=row.task_id,
                after={
                    "level": level.level,
                    "title": level.title,
                    "offset_workdays": level.offset_workdays,
                    "target": level.target,
                    "recipients": [user.username for user in recipients],
                    "step": row.step,
                    "due_date": row.due_date,
                    "workdays_overdue": overdue,
                },
            )
    except IntegrityError:  # another sweep fired it meanwhile
        logger.info("escalation L%s of deadline %s already fired", level.level, deadline.pk)
        return False
    return True


def _step_title(deadline: Deadline) -> str:
    """The step as its flow names it (受理, 核查…), else its deadline rule's title: the
    notification is read by people, not by the code's step names."""
    node = deadline.task.flow_task if deadline.task_id else None
    return str(getattr(node, "task_title", "") or deadline.rule.title or deadline.step)


def _notify(deadline: Deadline, level: EscalationLevel, recipients, overdue: int) -> None:
    case, names = deadline.case, {"case": deadline.case.case_no, "step": _step_title(deadline)}
    if overdue:
        title = _("Overdue %(days)d working days: %(case)s, step %(step)s") % {
            **names,
            "days": overdue,
        }
        url = f"/app/sla/dashboard/steps/?case={case.pk}"
    else:
        title = _("Deadline on %(due)s: %(case)s, step %(step)s") % {
            **names,
            "due": deadline.due_date.isoformat(),
        }
        url = "/app/work/inbox/"
    body = _(
        "%(level)s. Rule %(rule)s (%(rule_title)s), last day %(due)s, assignee %(assignee)s."
    ) % {
        "level": level.title,
        "rule": deadline.rule.code,
        "rule_title": deadline.rule.title,
        "due": deadline.due_date.isoformat(),
        "assignee": deadline.assignee or _("not yet taken"),
    }
    notify(
        recipients=recipients,
        kind=f"deadline.escalated.l{level.level}",
        title=title,
        body=body,
        case=case,
        url=url,
        sms=level.sms,
    )
