"""Helpers shared by the repair services."""

from workflows.core.models import Deadline
from workflows.core.services.deadlines import deadline_complete, deadline_resume, milestone_open
from workflows.core.services.kit import Refused
from workflows.repair.models import RepairApplication


class RepairIneligible(Refused):
    """An application refused at intake; ``reasons`` say why, for the applicant."""


def close_decision_period(application: RepairApplication, actor) -> None:
    for code in ("AB-REMOVE", "REP-DECIDE"):
        milestone = milestone_open(application.case, code)
        if milestone is not None:
            if milestone.status == Deadline.Status.PAUSED:
                deadline_resume(deadline=milestone, actor=actor)
                milestone.refresh_from_db()
            deadline_complete(deadline=milestone, actor=actor)
