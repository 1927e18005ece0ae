"""The audit trail: one function writes every event, in the caller's transaction.

Each event is chained to its predecessor in the same stream by SHA-256 over a
canonical JSON serialisation. Writers to one stream are serialised by a
transaction-scoped advisory lock on PostgreSQL (SQLite has a single writer).
"""

import hashlib
import json
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from workflows.core import events
from workflows.core.models import AuditEvent, Case, User

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class AuditContext:
    """Who acts and from where; set per request by ``AuditContextMiddleware``.

    ``comment`` is the reason the actor gives for what is done in a block
    (``commenting``), for events written by code that does not know it (e.g. an
    activation's ``task.reassigned``).
    """

    actor: User | None = None
    ip: str | None = None
    comment: str = ""


_context: ContextVar[AuditContext | None] = ContextVar("audit_context", default=None)


def current_context() -> AuditContext:
    return _context.get() or AuditContext()


def set_context(context: AuditContext):
    return _context.set(context)


def reset_context(token) -> None:
    _context.reset(token)


@contextmanager
def acting_as(actor: User | None):
    """Attribute the events recorded inside the block to ``actor`` (keeping the IP)."""
    context = current_context()
    token = set_context(AuditContext(actor=actor, ip=context.ip, comment=context.comment))
    try:
        yield
    finally:
        reset_context(token)


@contextmanager
def commenting(comment: str):
    """Give the events recorded inside the block ``comment`` unless they carry their own."""
    context = current_context()
    token = set_context(AuditContext(actor=context.actor, ip=context.ip, comment=comment))
    try:
        yield
    finally:
        reset_context(token)


def _jsonable(value: dict | None) -> dict:
    """Before/after snapshots as plain JSON (dates, decimals and UUIDs as strings)."""
    return json.loads(json.dumps(value or {}, cls=DjangoJSONEncoder))


def event_hash(
    *,
    stream: str,
    seq: int,
    event_type: str,
    actor_id: int | None,
    actor_name: str,
    task_id: int | None,
    case_id: int | None,
    occurred_at: datetime,
    before: dict,
    after: dict,
    comment: str,
    ip: str | None,
    prev_hash: str,
) -> str:
    canonical = json.dumps(
        {
            "stream": stream,
            "seq": seq,
            "event_type": event_type,
            "actor_id": actor_id,
            "actor_name": actor_name,
            "task_id": task_id,
            "case_id": case_id,
            "occurred_at": occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "before": before,
            "after": after,
            "comment": comment,
            "ip": ip,
            "prev_hash": prev_hash,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def hash_of(event: AuditEvent) -> str:
    """Recompute an event's hash from its stored fields."""
    return event_hash(
        stream=event.stream,
        seq=event.seq,
        event_type=event.event_type,
        actor_id=event.actor_id,
        actor_name=event.actor_name,
        task_id=event.task_id,
        case_id=event.case_id,
        occurred_at=event.occurred_at,
        before=event.before,
        after=event.after,
        comment=event.comment,
        ip=event.ip,
        prev_hash=event.prev_hash,
    )


def _lock_stream(stream: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [stream])


#: Called with every event inside the transaction that records it. The search app
#: registers its outbox here (``SearchConfig.ready``): core knows nothing of search.
_RECORD_HOOKS: list[Callable[[AuditEvent], None]] = []


def on_record(hook: Callable[[AuditEvent], None]) -> None:
    """Call ``hook(event)`` for each event ``record`` writes, in its transaction."""
    if hook not in _RECORD_HOOKS:
        _RECORD_HOOKS.append(hook)


def record(
    event_type: str,
    *,
    case: Case | None = None,
    stream: str | None = None,
    actor: User | None = None,
    task_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
    comment: str = "",
) -> AuditEvent:
    """Append one event. Must run inside the transaction of the change it records.

    ``actor`` defaults to the request's user (``None`` for the system, e.g. timers),
    ``comment`` to the block's (``commenting``).
    """
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record() must run inside the transaction of the change")
    if not events.is_registered(event_type):
        raise ValueError(
            f"audit event {event_type!r} is not declared: add it, with its label, to the "
            "EVENTS of its app's events.py"
        )
    if stream is None:
        if case is None:
            raise ValueError("an audit event needs a case or a stream")
        stream = f"case:{case.pk}"
    context = current_context()
    actor = actor if actor is not None else context.actor
    _lock_stream(stream)
    last = AuditEvent.objects.filter(stream=stream).order_by("-seq").only("seq", "hash").first()
    fields = {
        "stream": stream,
        "seq": last.seq + 1 if last else 1,
        "event_type": event_type,
        "actor_id": actor.pk if actor else None,
        "actor_name": str(actor) if actor else "",
        "task_id": task_id,
        "case_id": case.pk if case else None,
        "occurred_at": timezone.now(),
        "before": _jsonable(before),
        "after": _jsonable(after),
        "comment": comment or context.comment,
        "ip": context.ip,
        "prev_hash": last.hash if last else GENESIS_HASH,
    }
    event = AuditEvent.objects.create(**fields, hash=event_hash(**fields))
    # Same transaction: the search index learns of the event exactly when it commits.
    for hook in _RECORD_HOOKS:
        hook(event)
    return event


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    stream: str
    seq: int
    reason: str


def verify_chains(batch_size: int = 2000) -> tuple[int, list[ChainBreak]]:
    """Check every chain; return the number of events read and the first break per stream."""
    checked, breaks = 0, []
    stream, expected_seq, expected_prev, broken = None, 1, GENESIS_HASH, False
    with transaction.atomic():
        events = AuditEvent.objects.order_by("stream", "seq").iterator(chunk_size=batch_size)
        for event in events:
            checked += 1
            if event.stream != stream:
                stream, expected_seq, expected_prev, broken = event.stream, 1, GENESIS_HASH, False
            if broken:
                continue
            reason = None
            if event.seq != expected_seq:
                reason = f"sequence {event.seq} where {expected_seq} was expected (missing event)"
            elif event.prev_hash != expected_prev:
                reason = "previous-hash link does not match the preceding event"
            elif hash_of(event) != event.hash:
                reason = "stored hash does not match the event's content (modified)"
            if reason:
                breaks.append(ChainBreak(event.pk, event.stream, event.seq, reason))
                broken = True
                continue
            expected_seq, expected_prev = event.seq + 1, event.hash
    return checked, breaks
