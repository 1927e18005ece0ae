"""Starting, completing, pausing and refreshing the statutory deadlines of cases and tasks.

A pausable rule's deadline stops running while the case waits for the subject (for
example for supplementary materials): the day it is paused still counts, counting
starts again the day after it is resumed, and the due date moves by the working days
in between. A case milestone and the task rows running within it move together.
"""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.core import audit
from workflows.core.deadlines import due_date, due_date_moved, rule_in_force
from workflows.core.models import Case, Deadline, User
from workflows.core.permissions import can_act_on_case
from workflows.core.workdays import Calendar, workdays_between


class DeadlineError(Exception):
    """A deadline action that cannot be done; ``message`` is for the user."""

    status_code = 409

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class DeadlineNotPermitted(DeadlineError):
    status_code = 403


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
    today: date | None = None,
) -> Deadline:
    """Start the deadline of ``rule_code`` for a step, counted from ``started_on``.

    Its status is the one it has on ``today`` (the local date unless given)."""
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
        unconfirmed_years=Deadline.years_text(due.unconfirmed_years),
    )
    deadline.status = status_on(deadline, today or timezone.localdate())
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
            "unconfirmed_years": due.unconfirmed_years,
        },
    )
    return deadline


@transaction.atomic
def deadline_complete(
    *, deadline: Deadline, actor: User | None, now: datetime | None = None
) -> Deadline:
    """Close a deadline as met (done by 24:00 of its last day) or breached.

    A deadline completed while paused is met: its period was not running (it could
    only be paused before it ran out); its pause is closed as on a resume.
    """
    deadline = Deadline.objects.select_for_update(of=("self",)).get(pk=deadline.pk)
    if deadline.status not in Deadline.OPEN_STATUSES:
        return deadline
    now = now or timezone.now()
    before = deadline.status
    was_paused = before == Deadline.Status.PAUSED
    fields = ["completed_at", "status"]
    if was_paused:
        _close_pause(deadline, timezone.localdate(now))
        fields += _PAUSE_FIELDS
    deadline.completed_at = now
    on_time = was_paused or now < deadline.due_at
    deadline.status = Deadline.Status.MET if on_time else Deadline.Status.BREACHED
    deadline.save(update_fields=fields)
    audit.record(
        f"deadline.{deadline.status}",
        case=deadline.case,
        actor=actor,
        task_id=deadline.task_id,
        before={"status": before},
        after={"status": deadline.status, "step": deadline.step, "completed_at": now},
    )
    return deadline


def milestone_open(case: Case, rule_code: str) -> Deadline | None:
    """The case's open milestone (a deadline of the case, not of a task) of
    ``rule_code``, the latest if a period was started again."""
    return (
        Deadline.objects.filter(
            case=case, task__isnull=True, rule__code=rule_code,
            status__in=Deadline.OPEN_STATUSES, outbound_message__isnull=True,
        )
        .order_by("-pk")
        .first()
    )  # fmt: skip


def milestone_complete(
    case: Case, rule_code: str, actor: User | None, *, period_ran_out: bool = False
) -> None:
    """Complete the case's open milestones of ``rule_code``, if any.

    ``period_ran_out``: the subject's own period (to state its case, to ask for a
    hearing) ran its course without an answer; it is met at its last moment, since the
    period was the subject's, not the bureau's to meet or miss.
    """
    for milestone in Deadline.objects.filter(
        case=case,
        task__isnull=True,
        rule__code=rule_code,
        status__in=Deadline.OPEN_STATUSES,
        outbound_message__isnull=True,  # a delivery's period ends with the delivery
    ).order_by("pk"):
        now = timezone.now()
        if period_ran_out:
            now = min(now, milestone.due_at - timedelta(seconds=1))
        deadline_complete(deadline=milestone, actor=actor, now=now)


_PAUSE_FIELDS = ["due_date", "due_at", "due_soon_from", "paused_at", "paused_workdays"]


def _linked(deadline: Deadline) -> list[Deadline]:
    """The deadline's open rows, locked: a case milestone and the task rows running
    within it share one period (same rule, trigger day and last day) and move together."""
    deadline = Deadline.objects.select_for_update(of=("self",)).get(pk=deadline.pk)
    rows = Deadline.objects.select_for_update(of=("self",)).filter(
        case_id=deadline.case_id,
        rule_id=deadline.rule_id,
        started_on=deadline.started_on,
        due_date=deadline.due_date,
        status__in=Deadline.OPEN_STATUSES,
        outbound_message__isnull=True,
    )
    rows = list(rows.order_by("pk"))
    if not any(row.task_id is None for row in rows):  # a task's own period
        rows = [row for row in rows if row.pk == deadline.pk]
    if not rows:
        raise DeadlineError(_("This deadline is already closed."))
    return rows


def _check_actor(deadline: Deadline, actor: User | None) -> None:
    """The system (``None``) or staff who may act on the case."""
    if actor is not None and not can_act_on_case(actor, deadline.case):
        raise DeadlineNotPermitted(_("You may not pause or resume the deadlines of this case."))


@transaction.atomic
def deadline_pause(
    *, deadline: Deadline, actor: User | None, reason: str, now: datetime | None = None
) -> Deadline:
    """Stop a running deadline of a pausable rule (e.g. while waiting for supplements).

    Allowed only where the rule says so (``DeadlineRule.pausable``) and before the
    deadline is overdue. Audited as ``deadline.paused`` with the reason.
    """
    _check_actor(deadline, actor)  # first: a caller without the right learns nothing more
    reason = (reason or "").strip()
    if not reason:
        raise DeadlineError(_("Give the reason for pausing the deadline."))
    now = now or timezone.now()
    rows = _linked(deadline)
    first = rows[0]
    if not first.rule.pausable:
        raise DeadlineError(
            _("The deadline rule %(rule)s does not allow pausing.") % {"rule": first.rule.code}
        )
    if first.status == Deadline.Status.PAUSED:
        raise DeadlineError(_("This deadline is already paused."))
    if now >= first.due_at:
        raise DeadlineError(_("An overdue deadline cannot be paused: its period has run out."))
    before = first.status
    for row in rows:
        row.status, row.paused_at = Deadline.Status.PAUSED, now
        row.save(update_fields=["status", "paused_at"])
    audit.record(
        "deadline.paused",
        case=first.case,
        actor=actor,
        task_id=deadline.task_id,
        before={"status": before},
        after={
            "status": Deadline.Status.PAUSED,
            "step": deadline.step,
            "rule": first.rule.code,
            "deadlines": [row.pk for row in rows],
            "due_date": first.due_date,
            "reason": reason,
        },
        comment=reason,
    )
    return next((row for row in rows if row.pk == deadline.pk), first)


def _close_pause(row: Deadline, today: date, calendar: Calendar | None = None) -> int:
    """End a row's pause on ``today``: move its dates by the working days paused."""
    calendar = calendar or Calendar()
    paused_on = timezone.localdate(row.paused_at)
    paused = max(workdays_between(paused_on, today, calendar).value, 0)
    due = due_date_moved(row.rule, row.due_date, paused, calendar)
    row.due_date, row.due_at, row.due_soon_from = due.last_day, due.due_at, due.due_soon_from
    row.paused_at = None
    row.paused_workdays += paused
    row.unconfirmed_years = Deadline.years_text(
        set(row.unconfirmed_year_list) | set(due.unconfirmed_years)
    )
    return paused


@transaction.atomic
def deadline_resume(
    *, deadline: Deadline, actor: User | None, now: datetime | None = None
) -> Deadline:
    """Let a paused deadline run again; its due date moves by the working days it was
    paused (the day of pausing counts as run, the day of resuming does not).
    Audited as ``deadline.resumed``."""
    _check_actor(deadline, actor)
    now = now or timezone.now()
    today = timezone.localdate(now)
    rows = _linked(deadline)
    first = rows[0]
    if first.status != Deadline.Status.PAUSED:
        raise DeadlineError(_("This deadline is not paused."))
    old_due, paused_on = first.due_date, timezone.localdate(first.paused_at)
    calendar = Calendar()
    paused = 0
    for row in rows:
        paused = _close_pause(row, today, calendar)
        row.status = status_on(row, today)
        row.save(update_fields=["status", "unconfirmed_years", *_PAUSE_FIELDS])
    audit.record(
        "deadline.resumed",
        case=first.case,
        actor=actor,
        task_id=deadline.task_id,
        before={"status": Deadline.Status.PAUSED, "due_date": old_due, "paused_on": paused_on},
        after={
            "status": first.status,
            "step": deadline.step,
            "deadlines": [row.pk for row in rows],
            "due_date": first.due_date,
            "paused_workdays": paused,
            "total_paused_workdays": first.paused_workdays,
        },
    )
    return next((row for row in rows if row.pk == deadline.pk), first)


def deadlines_refresh(today: date | None = None) -> int:
    """Move running deadlines to due soon / overdue as days pass; return how many changed.

    Paused deadlines are left alone: their period does not run.
    """
    today = today or timezone.localdate()
    changed = 0
    open_deadlines = Deadline.objects.filter(status__in=Deadline.RUNNING_STATUSES)
    for status, condition in (
        (Deadline.Status.OVERDUE, {"due_date__lt": today}),
        (Deadline.Status.DUE_SOON, {"due_date__gte": today, "due_soon_from__lte": today}),
        (Deadline.Status.ON_TRACK, {"due_soon_from__gt": today}),
    ):
        changed += open_deadlines.filter(**condition).exclude(status=status).update(status=status)
    return changed
