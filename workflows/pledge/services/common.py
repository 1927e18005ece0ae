"""Helpers shared by the pledge services."""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from workflows.core import audit
from workflows.core.models import Case, Deadline
from workflows.core.services.deadlines import deadline_complete
from workflows.pledge.models import Pledge, Verification


def local_today() -> date:
    return timezone.localdate()


def pledge_stream(pledge: Pledge) -> str:
    return f"pledge:{pledge.pk}"


def pledge_event(pledge: Pledge, event_type: str, actor, **after: Any) -> None:
    """An event of the pledge in the register: in its verification case's stream when
    it has one, otherwise in the pledge's own stream."""
    if pledge.case_id:
        audit.record(
            event_type, case=pledge.case, actor=actor, after={"pledge": pledge.pk, **after}
        )
    else:
        audit.record(
            event_type,
            stream=pledge_stream(pledge),
            actor=actor,
            after={"pledge": pledge.pk, **after},
        )


def pledge_transition(pledge: Pledge, name: str, actor, **after: Any) -> Pledge:
    """Apply fsm transition ``name`` (the state field is protected), audited."""
    before = pledge.state
    getattr(pledge, name)()
    pledge.save(update_fields=["state"])
    pledge_event(pledge, f"pledge.{name}", actor, before=before, state=pledge.state, **after)
    return pledge


def event(verification: Verification, event_type: str, actor, **after: Any) -> None:
    audit.record(event_type, case=verification.case, actor=actor, after=after)


def save(verification: Verification, *fields: str) -> None:
    verification.save(update_fields=list(fields))


def open_milestone(case: Case, rule_code: str) -> Deadline | None:
    return (
        Deadline.objects.filter(
            case=case, task__isnull=True, rule__code=rule_code,
            status__in=Deadline.OPEN_STATUSES,
        )
        .order_by("-pk")
        .first()
    )  # fmt: skip


def close_milestone(case: Case, rule_code: str, actor, *, period_ran_out: bool = False) -> None:
    """Close a case milestone. The subject's own statement period that ran its course
    without an answer is met at its last moment: it was the subject's period, not the
    bureau's to meet or miss."""
    milestone = open_milestone(case, rule_code)
    if milestone is None:
        return
    now = timezone.now()
    if period_ran_out:
        now = min(now, milestone.due_at - timedelta(seconds=1))
    deadline_complete(deadline=milestone, actor=actor, now=now)
