"""Messages to the systems that make the bureau's decisions effective: Credit China,
the publicity system (GSXT), the joint-punishment departments, the registration-place
bureau of another province and the bureau's portal.

- ``announce``: one kind to all its targets;
- ``delivery``: the outbox (enqueue, one attempt, backoff, dead letters, pause);
- ``channels``: HTTP (signed, idempotent) and file; ``signing``: the signature.

The kinds of message are declared in ``workflows.core.outbound_kinds``; the figures of
the integrations page are in ``workflows.core.integrations.figures``.
"""

from workflows.core.services.outbound.announce import credit_record_payload, outbound_announce
from workflows.core.services.outbound.delivery import (
    backoff_seconds,
    outbound_deliver,
    outbound_due_ids,
    outbound_enqueue,
    outbound_retry,
    outbound_target_pause,
    outbound_target_resume,
)

__all__ = (
    "backoff_seconds",
    "credit_record_payload",
    "outbound_announce",
    "outbound_deliver",
    "outbound_due_ids",
    "outbound_enqueue",
    "outbound_retry",
    "outbound_target_pause",
    "outbound_target_resume",
)
