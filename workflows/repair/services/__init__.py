"""Writes of the credit-repair procedure: one function per step, each in one transaction.

Called by the flow's step handlers (under the case lock) and by the intake views and
API. Every change is audited in the case's stream; documents are issued with 文号.
"""

from workflows.repair.services.common import RepairIneligible
from workflows.repair.services.intake import (
    repair_apply,
    repair_attachment_add,
    repair_auto_restore,
)
from workflows.repair.services.pledges import repair_pledge_fulfilled, repair_pledges_check
from workflows.repair.services.reminders import repair_reminders_run
from workflows.repair.services.steps import (
    draw_post_check,
    repair_accept,
    repair_auto_restore_execute,
    repair_decide,
    repair_execute,
    repair_legal_review,
    repair_post_check,
    repair_review,
    repair_revoke_for_fraud,
    repair_supplements_received,
    repair_verify,
    repair_waive_verification,
    verification_may_be_waived,
)

__all__ = (
    "RepairIneligible",
    "draw_post_check",
    "repair_accept",
    "repair_apply",
    "repair_attachment_add",
    "repair_auto_restore",
    "repair_auto_restore_execute",
    "repair_decide",
    "repair_execute",
    "repair_legal_review",
    "repair_pledge_fulfilled",
    "repair_pledges_check",
    "repair_post_check",
    "repair_reminders_run",
    "repair_review",
    "repair_revoke_for_fraud",
    "repair_supplements_received",
    "repair_verify",
    "repair_waive_verification",
    "verification_may_be_waived",
)
