"""Writes of the pilot procedure: one function per step, each in one transaction.

Called by the flow's step handlers (under the case lock), the pages and the daily job.
Every change is audited in the case's stream; documents are issued with 文号.
"""

from workflows.pilot.services.intake import pilot_apply, pilot_call_issue
from workflows.pilot.services.lifecycle import (
    pilot_acceptance_opinion,
    pilot_midterm,
    pilot_onsite,
    pilot_rectified,
    pilot_self_assess,
    pilot_start,
    pilot_transition,
)
from workflows.pilot.services.reports import (
    pilot_report_submit,
    pilot_reports_close,
    pilot_reports_schedule,
    pilots_schedule_all,
)
from workflows.pilot.services.review import (
    pilot_approve,
    pilot_check,
    pilot_review,
    pilot_score,
    pilot_supplement,
)

__all__ = (
    "pilot_acceptance_opinion",
    "pilot_apply",
    "pilot_approve",
    "pilot_call_issue",
    "pilot_check",
    "pilot_midterm",
    "pilot_onsite",
    "pilot_rectified",
    "pilot_report_submit",
    "pilot_reports_close",
    "pilot_reports_schedule",
    "pilot_review",
    "pilot_score",
    "pilot_self_assess",
    "pilot_start",
    "pilot_supplement",
    "pilot_transition",
    "pilots_schedule_all",
)
