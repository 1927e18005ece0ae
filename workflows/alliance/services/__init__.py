"""Writes of the credit-alliance procedure: one function per step, each in one transaction.

Called by the flows' step handlers (under the case lock), the nomination page, the API
and the monitoring sweep. Every change is audited in the case's stream.
"""

from workflows.alliance.services.admission import (
    admission_expert_scoring,
    admission_open,
    admission_prefecture_check,
    admission_prefecture_signoff,
    admission_regional_review,
    admission_screen,
)
from workflows.alliance.services.common import AllianceRefused
from workflows.alliance.services.notice import (
    admission_decide,
    notice_close,
    notice_ends_at,
    objection_decide,
    objection_receive,
)
from workflows.alliance.services.review import (
    alliance_monitor_sweep,
    membership_withdraw,
    monitor_record,
    review_assess,
    review_decide,
    review_statement,
)

__all__ = (
    "AllianceRefused",
    "admission_decide",
    "admission_expert_scoring",
    "admission_open",
    "admission_prefecture_check",
    "admission_prefecture_signoff",
    "admission_regional_review",
    "admission_screen",
    "alliance_monitor_sweep",
    "membership_withdraw",
    "monitor_record",
    "notice_close",
    "notice_ends_at",
    "objection_decide",
    "objection_receive",
    "review_assess",
    "review_decide",
    "review_statement",
)
