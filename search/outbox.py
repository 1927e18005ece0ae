"""Writing outbox rows (in the caller's transaction) and scheduling the relay after commit.

Nothing here talks to Elasticsearch, so case work never waits for it or fails with it.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Min
from django.utils import timezone

from search.models import OutboxEntry

logger = logging.getLogger(__name__)


def enqueue_for_event(event) -> None:
    """Queue the event's own document and a refresh of every case document it changes.

    An event of a case refreshes that case; an event of a subject (stream
    ``subject:<USCC>``) refreshes the cases of that subject, which carry its name.
    """
    from workflows.core.models import Case

    Kind = OutboxEntry.Kind
    now = timezone.now()
    rows = [OutboxEntry(kind=Kind.EVENT, object_id=event.pk, created_at=now)]
    if event.case_id is not None:
        case_ids = [event.case_id]
    elif event.stream.startswith("subject:"):
        uscc = event.stream.removeprefix("subject:")
        case_ids = list(Case.objects.filter(subject__uscc=uscc).values_list("pk", flat=True))
    else:
        case_ids = []
    rows += [OutboxEntry(kind=Kind.CASE, object_id=pk, created_at=now) for pk in case_ids]
    OutboxEntry.objects.bulk_create(rows)
    if settings.SEARCH_RELAY_ON_COMMIT and settings.ELASTICSEARCH_URL:
        _schedule_once_on_commit()


def _schedule_once_on_commit() -> None:
    """One relay per transaction, however many events it records."""
    pending = getattr(connection, "run_on_commit", None) or []
    if any(callback[1] is schedule_relay for callback in pending):
        return
    transaction.on_commit(schedule_relay, robust=True)


def _pending_key() -> str:
    return f"search:relay-scheduled:{settings.ELASTICSEARCH_INDEX_PREFIX}"


def schedule_relay() -> None:
    """Send the relay task unless one is already waiting (a burst of commits sends one).

    Failures are logged, never raised: the periodic sweep sends whatever is left.
    """
    from search.tasks import relay_outbox

    try:
        fresh = cache.add(_pending_key(), 1, timeout=settings.SEARCH_RELAY_DEBOUNCE_SECONDS)
    except Exception:  # noqa: BLE001 - a cache outage must not stop the relay
        logger.warning("search relay: cache unavailable, scheduling anyway", exc_info=True)
        fresh = True
    if not fresh:
        return
    try:
        relay_outbox.delay()
    except Exception:  # noqa: BLE001 - a broker outage must not fail the committed work
        logger.warning("search relay: could not schedule, the sweep will send", exc_info=True)
        clear_scheduled()


def clear_scheduled() -> None:
    try:
        cache.delete(_pending_key())
    except Exception:  # noqa: BLE001
        logger.warning("search relay: cache unavailable", exc_info=True)


def mark_scheduled(seconds: int) -> None:
    """While a relay waits to retry, commits need not schedule another."""
    try:
        cache.set(_pending_key(), 1, timeout=seconds)
    except Exception:  # noqa: BLE001
        logger.warning("search relay: cache unavailable", exc_info=True)


@dataclass(frozen=True)
class IndexLag:
    """How far the index is behind PostgreSQL: the unsent rows and the oldest one's age."""

    pending: int
    oldest: datetime | None
    failing: int

    @property
    def seconds(self) -> float:
        if self.oldest is None:
            return 0.0
        return max((timezone.now() - self.oldest).total_seconds(), 0.0)


def index_lag() -> IndexLag:
    unsent = OutboxEntry.objects.filter(sent_at__isnull=True)
    row = unsent.aggregate(pending=Count("id"), oldest=Min("created_at"))
    failing = unsent.filter(attempts__gt=0).count() if row["pending"] else 0
    return IndexLag(pending=row["pending"], oldest=row["oldest"], failing=failing)
