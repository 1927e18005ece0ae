"""Helpers shared by the repair services."""

from datetime import date
from typing import Any

from django.utils import timezone

from workflows.core import audit
from workflows.core.models import Deadline
from workflows.core.services.deadlines import deadline_complete, deadline_resume, milestone_open
from workflows.repair.models import RepairApplication


class RepairIneligible(Exception):
    """An application refused at intake; ``reasons`` say why, for the applicant."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def local_today() -> date:
    return timezone.localdate()


def event(application: RepairApplication, event_type: str, actor, **after: Any) -> None:
    audit.record(event_type, case=application.case, actor=actor, after=after)


def save(application: RepairApplication, *fields: str) -> None:
    application.save(update_fields=list(fields))


def close_decision_period(application: RepairApplication, actor) -> None:
    for code in ("AB-REMOVE", "REP-DECIDE"):
        milestone = milestone_open(application.case, code)
        if milestone is not None:
            if milestone.status == Deadline.Status.PAUSED:
                deadline_resume(deadline=milestone, actor=actor)
                milestone.refresh_from_db()
            deadline_complete(deadline=milestone, actor=actor)
