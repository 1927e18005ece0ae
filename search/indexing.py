"""Versioned indices behind aliases, bulk writes with database ids, and the outbox relay.

Index ``{prefix}-cases-v3`` is reached through alias ``{prefix}-cases`` (likewise for
events); writers and readers only ever name the alias, so ``search_rebuild`` can build
``-v4`` beside it and switch the alias in one atomic step.

One relay runs at a time (a PostgreSQL advisory lock): it takes unsent outbox rows in
id order, builds their documents from the database *now*, writes them in bulk with the
database ids as document ids and marks the rows sent. A later run always reads a later
state of the database, so a case document can never be overwritten by an older one.
"""

import logging
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch, NotFoundError

from search.client import get_client, index_name
from search.documents import BUILDERS, DOC_TYPES, mapping
from search.models import OutboxEntry

logger = logging.getLogger(__name__)

#: Outbox kind → index kind.
INDEX_OF = {OutboxEntry.Kind.CASE: "cases", OutboxEntry.Kind.EVENT: "events"}
KINDS = tuple(DOC_TYPES)


class SearchUnavailable(Exception):
    """Elasticsearch did not answer (down, timing out, or refusing the request)."""


class RelayBusy(Exception):
    """Another relay (or a rebuild's final step) holds the relay lock."""


@contextmanager
def unavailable_as_error() -> Iterator[None]:
    try:
        yield
    except (TransportError, ApiError) as exc:
        raise SearchUnavailable(f"{exc.__class__.__name__}: {exc}"[:2000]) from exc


def require_client() -> Elasticsearch:
    client = get_client()
    if client is None:
        raise SearchUnavailable("ELASTICSEARCH_URL is not set (embedded demo)")
    return client


# --- Indices and aliases ----------------------------------------------------


def alias(kind: str) -> str:
    return index_name(kind)


def versions(client: Elasticsearch, kind: str) -> dict[int, str]:
    """The existing versioned indices of ``kind``: version → index name."""
    pattern = re.compile(rf"^{re.escape(alias(kind))}-v(\d+)$")
    names = client.indices.get(index=f"{alias(kind)}-v*", expand_wildcards="open").body
    return {int(m.group(1)): name for name in names if (m := pattern.match(name))}


def alias_target(client: Elasticsearch, kind: str) -> str | None:
    try:
        found = client.indices.get_alias(name=alias(kind)).body
    except NotFoundError:
        return None
    return next(iter(found), None)


def create_index(client: Elasticsearch, kind: str, version: int) -> str:
    name = f"{alias(kind)}-v{version}"
    client.indices.create(
        index=name,
        mappings=mapping(kind),
        settings={
            "number_of_shards": 1,
            "number_of_replicas": settings.SEARCH_INDEX_REPLICAS,
        },
    )
    return name


def ensure_indices(client: Elasticsearch) -> None:
    """Create version 1 of a missing index with its alias (a fresh installation)."""
    for kind in KINDS:
        if alias_target(client, kind) is not None:
            continue
        existing = versions(client, kind)
        version = max(existing, default=0) + 1
        try:
            name = create_index(client, kind, version)
            client.indices.put_alias(index=name, name=alias(kind))
        except ApiError as exc:  # another process created it first
            if exc.meta.status != 400 or alias_target(client, kind) is None:
                raise


def refresh(client: Elasticsearch | None = None) -> None:
    """Make everything written so far searchable (tests and commands; never case work)."""
    client = client or require_client()
    with unavailable_as_error():
        client.indices.refresh(index=",".join(alias(kind) for kind in KINDS))


# --- Bulk writes --------------------------------------------------------------


@dataclass
class BulkResult:
    written: int = 0
    errors: dict[tuple[str, int], str] = field(default_factory=dict)


def write_documents(
    client: Elasticsearch,
    kind: str,
    documents: dict[int, dict],
    *,
    index: str | None = None,
    refresh: bool = False,
) -> BulkResult:
    """Index documents under their database ids, in id order. Item errors are returned;
    an unreachable or failing cluster raises ``SearchUnavailable``."""
    result = BulkResult()
    if not documents:
        return result
    target = index or alias(kind)
    operations = []
    for pk in sorted(documents):
        operations += [{"index": {"_index": target, "_id": str(pk)}}, documents[pk]]
    with unavailable_as_error():
        response = client.bulk(
            operations=operations, require_alias=index is None, refresh=refresh
        ).body
    for item in response["items"]:
        action = item["index"]
        if action.get("error"):
            error = action["error"]
            result.errors[(kind, int(action["_id"]))] = (
                f"{error.get('type')}: {error.get('reason')}"[:2000]
            )
        else:
            result.written += 1
    return result


def build_documents(entries: list[OutboxEntry]) -> dict[str, dict[int, dict]]:
    """Documents for outbox entries, per index kind, built from the database now."""
    wanted: dict[str, set[int]] = {kind: set() for kind in KINDS}
    for entry in entries:
        wanted[INDEX_OF[entry.kind]].add(entry.object_id)
    return {kind: BUILDERS[kind](ids) for kind, ids in wanted.items()}


def send(client: Elasticsearch, entries: list[OutboxEntry], *, refresh=False) -> BulkResult:
    """Write the documents of ``entries`` through the aliases (cases after their events)."""
    total = BulkResult()
    for kind, documents in build_documents(entries).items():
        result = write_documents(client, kind, documents, refresh=refresh)
        total.written += result.written
        total.errors.update(result.errors)
    return total


# --- The relay ---------------------------------------------------------------------


def _lock_key() -> str:
    return f"search-relay:{settings.ELASTICSEARCH_INDEX_PREFIX}"


@contextmanager
def relay_lock(*, wait_seconds: float = 0) -> Iterator[bool]:
    """Hold the relay lock (a PostgreSQL session advisory lock) while the block runs.

    Yields whether it was acquired; with ``wait_seconds`` it keeps trying that long.
    """
    if connection.vendor != "postgresql":
        yield True
        return
    deadline = time.monotonic() + wait_seconds
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_try_advisory_lock(hashtextextended(%s, 0))", [_lock_key()])
            acquired = cursor.fetchone()[0]
            if acquired or time.monotonic() >= deadline:
                break
            time.sleep(0.2)
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(hashtextextended(%s, 0))", [_lock_key()])


@dataclass
class RelayReport:
    sent: int = 0
    failed: int = 0
    error: str = ""
    skipped: str = ""

    @property
    def unavailable(self) -> bool:
        return bool(self.error)


def relay(*, batch_size: int | None = None, refresh: bool = False) -> RelayReport:
    """Send every unsent outbox row, oldest first, until none is left.

    When Elasticsearch fails, the rows of the batch keep ``sent_at`` empty, count the
    attempt and keep the error; the report says so and the caller retries later.
    """
    report = RelayReport()
    client = get_client()
    if client is None:
        report.skipped = "demo"
        return report
    batch_size = batch_size or settings.SEARCH_RELAY_BATCH_SIZE
    with relay_lock() as acquired:
        if not acquired:
            raise RelayBusy
        prepared, after_id = False, 0
        while True:
            with transaction.atomic():
                entries = list(
                    OutboxEntry.objects.filter(sent_at__isnull=True, id__gt=after_id)
                    .order_by("id")
                    .select_for_update(skip_locked=True, of=("self",))[:batch_size]
                )
                if not entries:
                    break
                try:
                    if not prepared:
                        with unavailable_as_error():
                            ensure_indices(client)
                        prepared = True
                    result = send(client, entries, refresh=refresh)
                except SearchUnavailable as exc:
                    _record_failure([e.pk for e in entries], str(exc))
                    report.error = str(exc)
                    return report
                report.sent += _mark(entries, result)
                report.failed += _failed(entries, result)
            # Refused rows stay unsent for the sweep; this run goes on past them.
            after_id = entries[-1].pk
    return report


def _failed(entries: list[OutboxEntry], result: BulkResult) -> int:
    return sum(1 for e in entries if (INDEX_OF[e.kind], e.object_id) in result.errors)


def _mark(entries: list[OutboxEntry], result: BulkResult) -> int:
    """Mark sent what arrived; count an attempt and keep the error for what was refused."""
    failed: dict[str, list[int]] = {}
    sent = []
    for entry in entries:
        error = result.errors.get((INDEX_OF[entry.kind], entry.object_id))
        if error is None:
            sent.append(entry.pk)
        else:
            failed.setdefault(error, []).append(entry.pk)
    OutboxEntry.objects.filter(pk__in=sent).update(
        sent_at=timezone.now(), attempts=F("attempts") + 1, last_error=""
    )
    for error, pks in failed.items():
        _record_failure(pks, error)
    return len(sent)


def _record_failure(pks: list[int], error: str) -> None:
    OutboxEntry.objects.filter(pk__in=pks).update(attempts=F("attempts") + 1, last_error=error)
    logger.warning("search relay: %d outbox rows not sent: %s", len(pks), error)


def purge_sent(days: int | None = None) -> int:
    """Delete rows sent more than ``days`` ago (they only matter to a running rebuild)."""
    days = settings.SEARCH_OUTBOX_RETENTION_DAYS if days is None else days
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = OutboxEntry.objects.filter(sent_at__lt=cutoff).delete()
    return deleted
