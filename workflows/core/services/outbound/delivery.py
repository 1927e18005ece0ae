"""The outbox: a message is written with the change it reports and delivered after
commit; a failed attempt waits an exponential backoff with jitter; the last one makes
it a dead letter that an administrator retries.

Delivery is at least once. The row is locked while its attempt runs, so two workers
never send it at the same moment, but a worker lost after the request went out leaves
the message pending: the receiver then sees its ``Idempotency-Key`` again.
"""

import json
import random
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from workflows.core import audit
from workflows.core.models import Case, OutboundMessage, OutboundTarget, User
from workflows.core.outbound_kinds import message_kind, send_step
from workflows.core.services.deadlines import deadline_complete, deadline_start
from workflows.core.services.outbound.channels import channel_for

Status = OutboundMessage.Status


def _queue(message_ids: list[int], countdown: float | None = None) -> None:
    from workflows.core.tasks import deliver_outbound_message

    for message_id in message_ids:
        # robust: with the broker down the change still stands; the sweep queues it later
        transaction.on_commit(
            lambda pk=message_id: deliver_outbound_message.apply_async((pk,), countdown=countdown),
            robust=True,
        )


def outbound_enqueue(
    *,
    case: Case | None,
    target: str,
    message_type: str,
    payload: dict,
    department: str = "",
    due_from: date | None = None,
) -> OutboundMessage:
    """Write the message in the caller's transaction and deliver it once that commits.

    The kind (``outbound_kinds``) must be declared for ``target``; if its law sets a
    period, the delivery is a deadline of the case counted from ``due_from`` (today by
    default), met when the receiver has the message.
    """
    kind = message_kind(message_type, target)
    deadline = None
    if kind.rule and case is not None:
        deadline = deadline_start(
            case=case, rule_code=kind.rule, step=send_step(message_type, target),
            started_on=due_from or timezone.localdate(), actor=None,
        )  # fmt: skip
    message = OutboundMessage.objects.create(
        case=case,
        target=target,
        department=department,
        message_type=message_type,
        payload=json.loads(json.dumps(payload, cls=DjangoJSONEncoder)),
        deadline=deadline,
    )
    _queue([message.pk])
    return message


def backoff_seconds(attempts: int) -> float:
    """Wait before the next attempt after ``attempts`` failed ones: doubling from
    ``OUTBOUND_RETRY_FIRST_SECONDS`` up to ``OUTBOUND_RETRY_MAX_SECONDS``, drawn in its
    upper half so that messages failed together do not come back together."""
    ceiling = min(
        settings.OUTBOUND_RETRY_MAX_SECONDS,
        settings.OUTBOUND_RETRY_FIRST_SECONDS * 2 ** max(attempts - 1, 0),
    )
    return random.uniform(ceiling / 2, ceiling)


def _body(message: OutboundMessage) -> dict:
    return {
        "id": message.pk,
        "type": message.message_type,
        "department": message.department,
        "case_no": message.case.case_no if message.case else None,
        **message.payload,
    }


def target_paused(target: str) -> bool:
    return OutboundTarget.objects.filter(code=target, paused=True).exists()


def outbound_deliver(message_id: int, *, now: datetime | None = None) -> str:
    """One attempt to deliver a queued message; returns its status afterwards
    (``sent``, ``pending`` to be tried again at ``next_attempt_at``, ``dead``), or
    ``paused`` when its target is paused (no attempt is made or counted)."""
    with transaction.atomic():
        message = (
            OutboundMessage.objects.select_for_update(of=("self",))
            .select_related("case")
            .get(pk=message_id)
        )
        if message.status != Status.PENDING:
            return message.status
        if target_paused(message.target):
            return "paused"
        now = now or timezone.now()
        message.attempts += 1
        message.last_attempt_at = now
        try:
            channel_for(message.target).send(_body(message), message_id=message.pk)
        except Exception as exc:  # noqa: BLE001 - any failure of the channel is recorded
            message.last_error = f"{exc.__class__.__name__}: {exc}"[:2000]
            if message.attempts >= settings.OUTBOUND_MAX_ATTEMPTS:
                message.status, message.next_attempt_at = Status.DEAD, None
                audit.record(
                    "outbound.dead_lettered", stream=f"outbound:{message.target}",
                    before={"status": Status.PENDING},
                    after={"status": Status.DEAD, "message": message.pk,
                           "attempts": message.attempts, "error": message.last_error},
                )  # fmt: skip
            else:
                message.next_attempt_at = now + timedelta(seconds=backoff_seconds(message.attempts))
        else:
            message.status, message.sent_at = Status.SENT, now
            message.last_error, message.next_attempt_at = "", None
            if message.deadline_id:
                deadline_complete(deadline=message.deadline, actor=None, now=now)
        message.save(
            update_fields=["attempts", "status", "sent_at", "last_error", "last_attempt_at",
                           "next_attempt_at"]
        )  # fmt: skip
        return message.status


def outbound_due_ids(now: datetime | None = None) -> list[int]:
    """Queued messages whose attempt is due, on targets not paused (the sweep's list)."""
    now = now or timezone.now()
    paused = OutboundTarget.objects.filter(paused=True).values("code")
    return list(
        OutboundMessage.objects.filter(status=Status.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .exclude(target__in=paused)
        .values_list("pk", flat=True)
    )


@transaction.atomic
def outbound_retry(*, message: OutboundMessage, actor: User) -> OutboundMessage:
    """An administrator sends a dead letter again: queued with a fresh count of attempts."""
    message = OutboundMessage.objects.select_for_update(of=("self",)).get(pk=message.pk)
    if message.status != Status.DEAD:
        return message
    message.status, message.attempts, message.next_attempt_at = Status.PENDING, 0, None
    message.save(update_fields=["status", "attempts", "next_attempt_at"])
    audit.record(
        "outbound.retried", stream=f"outbound:{message.target}", actor=actor,
        before={"status": Status.DEAD}, after={"status": Status.PENDING, "message": message.pk},
    )  # fmt: skip
    _queue([message.pk])
    return message


@transaction.atomic
def outbound_target_pause(*, target: str, actor: User, reason: str = "") -> OutboundTarget:
    """Hold every delivery to ``target``; queued messages wait, none is lost."""
    row, _ = OutboundTarget.objects.select_for_update(of=("self",)).get_or_create(code=target)
    if not row.paused:
        row.paused, row.paused_at, row.paused_by, row.pause_reason = (
            True, timezone.now(), actor, reason,
        )  # fmt: skip
        row.save()
        audit.record(
            "outbound.target_paused", stream=f"outbound:{target}", actor=actor,
            before={"paused": False}, after={"paused": True, "reason": reason},
        )  # fmt: skip
    return row


@transaction.atomic
def outbound_target_resume(*, target: str, actor: User) -> OutboundTarget:
    """Deliver to ``target`` again, starting with everything that waited."""
    row, _ = OutboundTarget.objects.select_for_update(of=("self",)).get_or_create(code=target)
    if row.paused:
        row.paused, row.paused_at, row.paused_by, row.pause_reason = False, None, None, ""
        row.save()
        audit.record("outbound.target_resumed", stream=f"outbound:{target}", actor=actor,
                     before={"paused": True}, after={"paused": False})  # fmt: skip
        _queue(list(
            OutboundMessage.objects.filter(target=target, status=Status.PENDING)
            .values_list("pk", flat=True)
        ))  # fmt: skip
    return row
