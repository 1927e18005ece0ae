"""One decision, every system that must hear of it: ``outbound_announce`` sends a
declared kind to each of its targets (the sharing platform once per joint-punishment
department), with the fields a receiver needs to act on a credit record."""

from datetime import date

from django.conf import settings

from workflows.core.models import Case, CreditRecord, OutboundMessage
from workflows.core.outbound_kinds import BY_CODE
from workflows.core.services.outbound.delivery import outbound_enqueue


def credit_record_payload(record: CreditRecord, **extra) -> dict:
    """What every receiver of a credit record's change needs: whose, which record,
    decided by whom, since and until when."""
    return {
        "uscc": record.subject.uscc,
        "name": record.subject.name,
        "record_kind": record.kind,
        "record_kind_name": str(record.get_kind_display()),
        "decision_no": record.decision_no,
        "reason": record.reason,
        "listed_on": record.listed_on,
        "ends_on": record.expires_on,
        "state": record.state,
        "deciding_bureau": record.deciding_bureau.code,
        "deciding_bureau_name": record.deciding_bureau.name,
        **extra,
    }


def outbound_announce(
    *,
    case: Case | None,
    message_type: str,
    payload: dict,
    due_from: date | None = None,
    targets: tuple[str, ...] | None = None,
) -> list[OutboundMessage]:
    """Queue ``message_type`` to every target it is declared for (or to ``targets``)."""
    messages = []
    for target in targets or BY_CODE[message_type].targets:
        departments = (
            settings.LISTING_JOINT_PUNISHMENT_DEPARTMENTS
            if target == OutboundMessage.Target.SHARING
            else [""]
        )
        for department in departments:
            messages.append(
                outbound_enqueue(
                    case=case,
                    target=target,
                    department=department,
                    message_type=message_type,
                    payload=payload,
                    due_from=due_from,
                )  # fmt: skip
            )
    return messages
