"""Writes of the pledge procedure: the register, the verification plan, the steps.

Other procedures register pledges through these services and name their kind and source
with ``PledgeType`` and ``PledgeSource``, never through the pledge models."""

from workflows.pledge.models import Pledge, PledgeType
from workflows.pledge.services.register import (
    PledgeRefused,
    pledge_broken_by_source,
    pledge_fulfilled_by_source,
    pledge_register,
    pledges_import,
)
from workflows.pledge.services.sampling import (
    draw_value,
    pledge_check_now,
    pledges_draw,
    sampling_draw_rederive,
    sampling_policy_save,
    verification_open,
)
from workflows.pledge.services.steps import (
    legal_review_needed,
    verification_decide,
    verification_legal_review,
    verification_plan,
    verification_publish,
    verification_review,
    verification_serve_notice,
    verification_statement,
    verification_verify,
)

PledgeSource = Pledge.Source

__all__ = (
    "PledgeType", "PledgeSource", "PledgeRefused", "pledge_broken_by_source",
    "pledge_fulfilled_by_source",
    "pledge_register", "pledges_import", "draw_value", "pledge_check_now", "pledges_draw",
    "sampling_draw_rederive", "sampling_policy_save", "verification_open",
    "legal_review_needed", "verification_decide", "verification_legal_review",
    "verification_plan", "verification_publish", "verification_review",
    "verification_serve_notice", "verification_statement", "verification_verify",
)  # fmt: skip
