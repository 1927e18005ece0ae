"""Listing results to the publicity system (GSXT) and the joint-punishment departments.

An outbox like repair's Credit China sync: a message is written in the transaction
of the change and delivered after commit by a Celery task with retry; a beat sweep
queues again whatever is still pending. The endpoints are pluggable classes with
``send(message: dict)`` that raise on failure (``settings.LISTING_PUBLICITY_ENDPOINT``,
``settings.LISTING_SHARING_ENDPOINT``); the demo and tests use ``FileEndpoint``, which
appends one JSON line per message to ``settings.LISTING_OUTBOX_DIR/<target>.jsonl``.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from workflows.core.models import Case
from workflows.listing.models import OutboxMessage


class FileEndpoint:
    def __init__(self, target: str):
        self.target = target

    def send(self, message: dict) -> None:
        path = Path(settings.LISTING_OUTBOX_DIR) / f"{self.target}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(message, ensure_ascii=False, cls=DjangoJSONEncoder) + "\n")


def endpoint(target: str):
    setting = {
        OutboxMessage.Target.PUBLICITY: settings.LISTING_PUBLICITY_ENDPOINT,
        OutboxMessage.Target.SHARING: settings.LISTING_SHARING_ENDPOINT,
    }[target]
    return import_string(setting)(target)


def outbox_enqueue(
    *, case: Case | None, target: str, message_type: str, payload: dict, department: str = ""
) -> OutboxMessage:
    """Write the message in the caller's transaction; deliver it once that commits."""
    message = OutboxMessage.objects.create(
        case=case,
        target=target,
        department=department,
        message_type=message_type,
        payload=json.loads(json.dumps(payload, cls=DjangoJSONEncoder)),
    )
    from workflows.listing.tasks import deliver_listing_message

    transaction.on_commit(lambda: deliver_listing_message.delay(message.pk))
    return message


def outbox_deliver(message_id: int, *, final_attempt: bool = False) -> bool:
    """Send one pending message; True when sent (or sent before).

    A failed attempt is recorded and committed, then raised again for Celery to retry.
    """
    error = None
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(of=("self",))
            .select_related("case")
            .get(pk=message_id)
        )
        if message.status == OutboxMessage.Status.SENT:
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
                message.status = OutboxMessage.Status.FAILED
        else:
            message.status, message.sent_at, message.last_error = (
                OutboxMessage.Status.SENT, timezone.now(), "",
            )  # fmt: skip
        message.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    if error is not None:
        raise error
    return True
