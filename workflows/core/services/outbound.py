"""Messages to other systems (Credit China, the publicity system, joint-punishment
departments) through the ``OutboundMessage`` outbox.

Endpoints are pluggable per target (``settings.OUTBOUND_ENDPOINTS``): a class built
with the target name whose ``send(message: dict)`` raises on failure. The demo and the
tests use ``FileEndpoint``, which appends one JSON line per message to
``settings.OUTBOUND_FILE_DIR/<target>.jsonl``; production plugs in the exchange
interfaces.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from workflows.core.models import Case, OutboundMessage


class FileEndpoint:
    def __init__(self, target: str):
        self.target = target

    def send(self, message: dict) -> None:
        path = Path(settings.OUTBOUND_FILE_DIR) / f"{self.target}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(message, ensure_ascii=False, cls=DjangoJSONEncoder) + "\n")


def endpoint(target: str):
    return import_string(settings.OUTBOUND_ENDPOINTS[target])(target)


def outbound_enqueue(
    *,
    case: Case | None,
    target: str,
    message_type: str,
    payload: dict,
    department: str = "",
) -> OutboundMessage:
    """Write the message in the caller's transaction; deliver it once that commits."""
    message = OutboundMessage.objects.create(
        case=case,
        target=target,
        department=department,
        message_type=message_type,
        payload=json.loads(json.dumps(payload, cls=DjangoJSONEncoder)),
    )
    from workflows.core.tasks import deliver_outbound_message

    # robust: with the broker down the change still stands (and its request succeeds); the
    # message stays pending for the sweep (sweep_outbound_messages).
    transaction.on_commit(lambda: deliver_outbound_message.delay(message.pk), robust=True)
    return message


def outbound_deliver(message_id: int, *, final_attempt: bool = False) -> bool:
    """Send one pending message; True when sent (or sent before).

    A failed attempt is recorded (count and error; ``failed`` on the final attempt)
    and committed, then the error is raised again so that Celery retries.
    """
    error = None
    with transaction.atomic():
        message = (
            OutboundMessage.objects.select_for_update(of=("self",))
            .select_related("case")
            .get(pk=message_id)
        )
        if message.status == OutboundMessage.Status.SENT:
            return True
        message.attempts += 1
        body = {
            "id": message.pk,
            "type": message.message_type,
            "department": message.department,
            "case_no": message.case.case_no if message.case else None,
        }
        try:
            endpoint(message.target).send({**body, **message.payload})
        except Exception as exc:  # noqa: BLE001 - any endpoint failure is recorded and retried
            error = exc
            message.last_error = f"{exc.__class__.__name__}: {exc}"
            if final_attempt:
                message.status = OutboundMessage.Status.FAILED
        else:
            message.status, message.sent_at, message.last_error = (
                OutboundMessage.Status.SENT, timezone.now(), "",
            )  # fmt: skip
        message.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    if error is not None:
        raise error
    return True


def outbound_pending_ids() -> list[int]:
    return list(
        OutboundMessage.objects.filter(status=OutboundMessage.Status.PENDING).values_list(
            "pk", flat=True
        )
    )
