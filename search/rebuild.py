"""Rebuilding the indices from PostgreSQL behind their aliases, and verifying them.

``rebuild``: new versioned indices are filled from the database while searches keep
reading the old ones through the aliases; then, under the relay lock, the aliases
switch in one atomic request and every change that happened meanwhile (outbox rows
unsent or sent after the rebuild began) is written again from the database.

``verify``: every document PostgreSQL implies is compared, by checksum, with the one
the index holds; missing, extra and different documents are listed.
"""

from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from elasticsearch import Elasticsearch
from elasticsearch.helpers import scan

from search.documents import BUILDERS, MAPPING_VERSION, checksum
from search.indexing import (
    KINDS,
    RelayBusy,
    SearchUnavailable,
    _mark,
    alias,
    alias_target,
    create_index,
    ensure_indices,
    relay_lock,
    require_client,
    send,
    unavailable_as_error,
    versions,
    write_documents,
)
from search.models import OutboxEntry
from workflows.core.models import AuditEvent, Case

#: Kind → the ids PostgreSQL holds, in order.
SOURCES = {
    "cases": lambda: Case.objects.order_by("pk").values_list("pk", flat=True),
    "events": lambda: AuditEvent.objects.order_by("pk").values_list("pk", flat=True),
}

#: Clock differences between the hosts that mark rows sent and the one rebuilding.
REPLAY_MARGIN = timedelta(minutes=2)

Progress = Callable[[str, int, int], None]


def _chunks(kind: str, size: int) -> Iterator[list[int]]:
    chunk: list[int] = []
    for pk in SOURCES[kind]().iterator(chunk_size=size):
        chunk.append(pk)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@dataclass
class RebuildReport:
    indices: dict[str, str] = field(default_factory=dict)
    documents: dict[str, int] = field(default_factory=dict)
    replayed: int = 0
    deleted: list[str] = field(default_factory=list)


def rebuild(
    *,
    batch_size: int = 500,
    progress: Progress | None = None,
    keep_old: bool = False,
    lock_wait_seconds: float = 120,
) -> RebuildReport:
    client = require_client()
    report = RebuildReport()
    started_at = timezone.now()
    with unavailable_as_error():
        ensure_indices(client)
        for kind in KINDS:
            version = max(versions(client, kind), default=0) + 1
            report.indices[kind] = create_index(client, kind, version)
    switched = False
    try:
        _fill(client, report, batch_size, progress)
        with relay_lock(wait_seconds=lock_wait_seconds) as acquired:
            if not acquired:
                raise RelayBusy("the relay lock stayed taken; the aliases were not switched")
            old = _switch_aliases(client, report.indices)
            switched = True
            report.replayed = _replay(client, started_at - REPLAY_MARGIN, batch_size)
    except BaseException:
        if not switched:  # leave nothing half-built behind; searches never saw it
            _delete_quietly(client, list(report.indices.values()))
        raise
    if not keep_old:
        with unavailable_as_error():
            for name in old:
                client.indices.delete(index=name)
        report.deleted = old
    return report


def _delete_quietly(client: Elasticsearch, names: list[str]) -> None:
    with suppress(Exception):  # the original error matters more
        client.indices.delete(index=",".join(names), ignore_unavailable=True)


def _fill(client: Elasticsearch, report: RebuildReport, batch_size: int, progress) -> None:
    """Bulk-load the new indices; they refresh once at the end, not every second."""
    names = ",".join(report.indices.values())
    with unavailable_as_error():
        client.indices.put_settings(index=names, settings={"index": {"refresh_interval": "-1"}})
        for kind in KINDS:
            total, done = SOURCES[kind]().count(), 0
            if progress:
                progress(kind, 0, total)
            for ids in _chunks(kind, batch_size):
                documents = BUILDERS[kind](ids)
                result = write_documents(client, kind, documents, index=report.indices[kind])
                if result.errors:
                    raise SearchUnavailable(f"documents refused: {result.errors}"[:2000])
                done += len(ids)
                if progress:
                    progress(kind, done, total)
            report.documents[kind] = done
        client.indices.put_settings(index=names, settings={"index": {"refresh_interval": None}})
        client.indices.refresh(index=names)


def _switch_aliases(client: Elasticsearch, new: dict[str, str]) -> list[str]:
    """Point every alias at its new index in one atomic request; return the old indices."""
    actions, old = [], []
    with unavailable_as_error():
        for kind, name in new.items():
            current = alias_target(client, kind)
            if current:
                actions.append({"remove": {"index": current, "alias": alias(kind)}})
                old.append(current)
            actions.append({"add": {"index": name, "alias": alias(kind)}})
        client.indices.update_aliases(actions=actions)
    return old


def _replay(client: Elasticsearch, since, batch_size: int) -> int:
    """Write again what changed since the rebuild began (the new index may predate it)."""
    pending = OutboxEntry.objects.filter(Q(sent_at__isnull=True) | Q(sent_at__gte=since))
    replayed, after_id = 0, 0
    while True:
        entries = list(pending.filter(id__gt=after_id).order_by("id")[:batch_size])
        if not entries:
            return replayed
        result = send(client, entries)
        _mark([e for e in entries if e.sent_at is None], result)
        replayed += len(entries)
        after_id = entries[-1].pk


# --- Verification ---------------------------------------------------------------------


@dataclass
class KindDrift:
    database: int = 0
    index: int = 0
    missing: list[int] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)
    different: list[int] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.missing or self.extra or self.different)


@dataclass
class VerifyReport:
    kinds: dict[str, KindDrift] = field(default_factory=dict)
    pending: int = 0
    #: Indices whose mapping is older than the code's (``MAPPING_VERSION``).
    outdated: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.outdated and all(drift.clean for drift in self.kinds.values())


def verify(*, batch_size: int = 1000, progress: Progress | None = None) -> VerifyReport:
    client = require_client()
    report = VerifyReport(pending=OutboxEntry.objects.filter(sent_at__isnull=True).count())
    with unavailable_as_error():
        client.indices.refresh(index=",".join(alias(kind) for kind in KINDS))
        for kind in KINDS:
            for name, body in client.indices.get_mapping(index=alias(kind)).body.items():
                version = body["mappings"].get("_meta", {}).get("mapping_version")
                if version != MAPPING_VERSION:
                    report.outdated.append(f"{name} (mapping {version}, code {MAPPING_VERSION})")
            indexed = {
                int(hit["_id"]): checksum(hit["_source"])
                for hit in scan(client, index=alias(kind), query={"sort": ["_doc"]}, size=1000)
            }
            drift = KindDrift(index=len(indexed))
            total = SOURCES[kind]().count()
            for ids in _chunks(kind, batch_size):
                for pk, document in BUILDERS[kind](ids).items():
                    drift.database += 1
                    stored = indexed.pop(pk, None)
                    if stored is None:
                        drift.missing.append(pk)
                    elif stored != checksum(document):
                        drift.different.append(pk)
                if progress:
                    progress(kind, drift.database, total)
            drift.extra = sorted(indexed)
            report.kinds[kind] = drift
    return report
