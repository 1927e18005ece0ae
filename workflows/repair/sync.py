"""Repair results to Credit China (信用中国): an outbox delivered after commit, with retry.

The endpoint is pluggable (``settings.CREDIT_CHINA_ENDPOINT``): a class whose
``send(message: dict)`` raises on failure. The demo and tests use ``FileEndpoint``,
which appends one JSON line per message; production plugs in the exchange interface.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from workflows.core.models import Case
from workflows.repair.models import SyncMessage


class FileEndpoint:
    """Appends each message as a JSON line to ``settings.CREDIT_CHINA_OUTBOX_FILE``."""

    def send(self, message: dict) -> None:
        path = Path(settings.CREDIT_CHINA_OUTBOX_FILE)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(message, ensure_ascii=False, cls=DjangoJSONEncoder) + "\n")


def endpoint():
    return import_string(settings.CREDIT_CHINA_ENDPOINT)()


def sync_enqueue(*, case: Case, message_type: str, payload: dict) -> SyncMessage:
    """Write the message in the caller's transaction; deliver it once that commits."""
    message = SyncMessage.objects.create(
        case=case,
        message_type=message_type,
        payload=json.loads(json.dumps(payload, cls=DjangoJSONEncoder)),
    )
    from workflows.repair.tasks import deliver_sync_message

    transaction.on_commit(lambda: deliver_sync_message.delay(message.pk))
    return message


def sync_deliver(message_id: int, *, final_attempt: bool = False) -> bool:
    """Send one pending message; True when sent (or sent before).

    A failed attempt is recorded (count and error; ``failed`` on the final attempt)
    and committed, then the error is raised again so that Celery retries.
    """
    error = None
    with transaction.atomic():
        message = SyncMessage.objects.select_for_update().select_related("case").get(pk=message_id)
        if message.status == SyncMessage.Status.SENT:
            return True
        message.attempts += 1
        body = {"id": message.pk, "type": message.message_type, "case_no": message.case.case_no}
        try:
            endpoint().send({**body, **message.payload})
        except Exception as exc:  # noqa: BLE001 - any endpoint failure is recorded and retried
            error = exc
            message.last_error = f"{exc.__class__.__name__}: {exc}"
            if final_attempt:
                message.status = SyncMessage.Status.FAILED
        else:
            message.status, message.sent_at, message.last_error = (
                SyncMessage.Status.SENT, timezone.now(), "",
            )  # fmt: skip
        message.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    if error is not None:
        raise error
    return True
