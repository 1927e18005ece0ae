"""The two indices (cases, audit events): their mappings and their documents, built from
PostgreSQL.

Text is NFKC-normalised before indexing (and before querying, see ``selectors``), so a
full-width USCC or case number finds the half-width one. Chinese text is analysed by
the ``standard`` analyser, which makes every Han character a token: ``match_phrase``
then behaves as a substring search. Codes and exact names have ``keyword`` fields.

A document is a pure function of the database rows, so a resend overwrites itself and
``search_verify`` can compare checksums of what PostgreSQL says and what the index holds.
"""

import hashlib
import json
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime

from django.utils import timezone
from elasticsearch.dsl import (
    Date,
    Document,
    Integer,
    Keyword,
    Long,
    MetaField,
    Object,
    Text,
)

from workflows.core.models import AuditEvent, Case, Deadline, User

#: Bump when a mapping or a document's shape changes; ``search_rebuild`` applies it.
MAPPING_VERSION = 1


def _text(**kwargs) -> Text:
    return Text(analyzer="standard", **kwargs)


def _text_with_raw() -> Text:
    return _text(fields={"raw": Keyword(ignore_above=256)})


def _keyword_with_text() -> Keyword:
    return Keyword(fields={"text": _text()})


class CaseDoc(Document):
    """One document per case: what an auditor filters, facets and reads in a hit."""

    case_id = Long()
    case_no = _keyword_with_text()
    procedure = Keyword()
    sub_type = Keyword()
    source = Keyword()
    status = Keyword()
    current_step = Keyword()
    decision = _keyword_with_text()
    legal_basis = _text()
    summary = _text()
    subject_uscc = Keyword()
    subject_name = _text_with_raw()
    bureau_code = Keyword()
    bureau_name = Keyword()
    opened_at = Date()
    closed_at = Date()
    opened_by = Keyword()
    deadlines = Object(
        properties={
            "step": Keyword(),
            "rule": Keyword(),
            "started_on": Date(),
            "due_date": Date(),
            "due_soon_from": Date(),
            "state": Keyword(),
        }
    )
    next_due_date = Date()
    next_due_soon_from = Date()
    actors = _text_with_raw()
    comments = _text()
    event_count = Integer()
    last_event_at = Date()

    class Meta:
        dynamic = MetaField("strict")


class EventDoc(Document):
    """One document per audit event, with enough of its case to filter and read it."""

    event_id = Long()
    stream = Keyword()
    seq = Integer()
    case_id = Long()
    case_no = _keyword_with_text()
    procedure = Keyword()
    bureau_code = Keyword()
    subject_uscc = Keyword()
    subject_name = _text_with_raw()
    event_type = Keyword()
    step = Keyword()
    actor_name = _text_with_raw()
    actor_username = Keyword()
    task_id = Long()
    occurred_at = Date()
    before = Object(enabled=False)
    after = Object(enabled=False)
    changes = _text()
    comment = _text()
    hash = Keyword(index=False)
    prev_hash = Keyword(index=False)

    class Meta:
        dynamic = MetaField("strict")


#: Index kind → mapping. Index names: ``{prefix}-{kind}-v{N}`` behind alias ``{prefix}-{kind}``.
DOC_TYPES: dict[str, type[Document]] = {"cases": CaseDoc, "events": EventDoc}


def mapping(kind: str) -> dict:
    body = DOC_TYPES[kind]._doc_type.mapping.to_dict()
    body["_meta"] = {"mapping_version": MAPPING_VERSION}
    return body


def nfkc(value: str | None) -> str:
    return unicodedata.normalize("NFKC", value or "").strip()


def _datetime(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _running_statuses() -> tuple[str, ...]:
    return tuple(getattr(Deadline, "RUNNING_STATUSES", Deadline.OPEN_STATUSES))


def deadline_state(status: str) -> str:
    """``running`` while the period runs (on track, due soon, overdue are a matter of
    dates, computed when searching), otherwise the final status (met, breached, …)."""
    return "running" if status in _running_statuses() else status


def case_documents(case_ids: Iterable[int]) -> dict[int, dict]:
    """The documents of these cases, by case id (missing ids are absent)."""
    ids = sorted(set(case_ids))
    if not ids:
        return {}
    cases = Case.objects.filter(pk__in=ids).select_related("subject", "bureau", "opened_by")
    deadlines = defaultdict(list)
    for deadline in (
        Deadline.objects.filter(case_id__in=ids)
        .select_related("rule")
        .order_by("case_id", "started_on", "id")
    ):
        deadlines[deadline.case_id].append(deadline)
    events = defaultdict(list)
    for row in (
        AuditEvent.objects.filter(case_id__in=ids)
        .order_by("case_id", "seq")
        .values_list("case_id", "actor_name", "comment", "after", "occurred_at")
    ):
        case_id, actor_name, comment, after, occurred_at = row
        events[case_id].append((actor_name, comment_of(comment, after), occurred_at))
    return {case.pk: _case_document(case, deadlines[case.pk], events[case.pk]) for case in cases}


def _case_document(case: Case, deadlines: list[Deadline], events: list[tuple]) -> dict:
    running = [d for d in deadlines if deadline_state(d.status) == "running"]
    actors = {nfkc(name) for name, _comment, _at in events if name}
    opened_by = nfkc(str(case.opened_by)) if case.opened_by_id else ""
    if opened_by:
        actors.add(opened_by)
    comments = [nfkc(comment) for _name, comment, _at in events if comment.strip()]
    subject = case.subject
    return {
        "case_id": case.pk,
        "case_no": nfkc(case.case_no),
        "procedure": case.procedure,
        "sub_type": case.sub_type,
        "source": case.source,
        "status": case.status,
        "current_step": case.current_step,
        "decision": nfkc(case.decision),
        "legal_basis": nfkc(case.legal_basis),
        "summary": nfkc(case.summary),
        "subject_uscc": nfkc(subject.uscc).upper() if subject else None,
        "subject_name": nfkc(subject.name) if subject else None,
        "bureau_code": case.bureau.code,
        "bureau_name": case.bureau.name,
        "opened_at": _datetime(case.opened_at),
        "closed_at": _datetime(case.closed_at),
        "opened_by": opened_by,
        "deadlines": [
            {
                "step": d.step,
                "rule": d.rule.code,
                "started_on": _date(d.started_on),
                "due_date": _date(d.due_date),
                "due_soon_from": _date(d.due_soon_from),
                "state": deadline_state(d.status),
            }
            for d in deadlines
        ],
        "next_due_date": _date(min((d.due_date for d in running), default=None)),
        "next_due_soon_from": _date(min((d.due_soon_from for d in running), default=None)),
        "actors": sorted(actors),
        "comments": "\n".join(comments),
        "event_count": len(events),
        "last_event_at": _datetime(max((at for _n, _c, at in events), default=None)),
    }


def comment_of(comment: str, after: dict | None) -> str:
    """The event's comment, or the comment of the step form it completed."""
    if comment.strip():
        return comment
    data = (after or {}).get("data")
    form_comment = data.get("comment") if isinstance(data, dict) else None
    return form_comment if isinstance(form_comment, str) else ""


def event_documents(event_ids: Iterable[int]) -> dict[int, dict]:
    """The documents of these audit events, by event id.

    Plain rows, not model instances, and each case and actor read once per batch: the
    relay and ``search_rebuild`` build a million of these.
    """
    ids = sorted(set(event_ids))
    if not ids:
        return {}
    rows = list(AuditEvent.objects.filter(pk__in=ids).values_list(*_EVENT_FIELDS))
    case_ids = {row[3] for row in rows if row[3] is not None}
    cases = {
        pk: rest
        for pk, *rest in Case.objects.filter(pk__in=case_ids).values_list(
            "pk", "case_no", "procedure", "bureau__code", "subject__uscc", "subject__name"
        )
    }
    actor_ids = {row[5] for row in rows if row[5] is not None}
    usernames = dict(User.objects.filter(pk__in=actor_ids).values_list("pk", "username"))
    return {row[0]: _event_document(row, cases.get(row[3]), usernames) for row in rows}


_EVENT_FIELDS = (
    "pk", "stream", "seq", "case_id", "event_type", "actor_id", "actor_name", "task_id",
    "occurred_at", "before", "after", "comment", "hash", "prev_hash",
)  # fmt: skip


def _event_document(row: tuple, case: list | None, usernames: dict[int, str]) -> dict:
    (pk, stream, seq, case_id, event_type, actor_id, actor_name, task_id, occurred_at,
     before, after, comment, hash_, prev_hash) = row  # fmt: skip
    case_no, procedure, bureau_code, uscc, subject_name = case or (None,) * 5
    after, before = after or {}, before or {}
    step = after.get("step") or after.get("current_step") or before.get("step") or ""
    return {
        "event_id": pk,
        "stream": stream,
        "seq": seq,
        "case_id": case_id,
        "case_no": nfkc(case_no) if case else None,
        "procedure": procedure,
        "bureau_code": bureau_code,
        "subject_uscc": nfkc(uscc).upper() if uscc else None,
        "subject_name": nfkc(subject_name) if uscc else None,
        "event_type": event_type,
        "step": str(step),
        "actor_name": nfkc(actor_name),
        "actor_username": usernames.get(actor_id) if actor_id else None,
        "task_id": task_id,
        "occurred_at": _datetime(occurred_at),
        "before": before,
        "after": after,
        "changes": changes_text(before, after),
        "comment": nfkc(comment_of(comment, after)),
        "hash": hash_,
        "prev_hash": prev_hash,
    }


def changes_text(before: dict, after: dict) -> str:
    """The before/after snapshots as searchable lines: ``key: old → new``."""
    lines = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if key in before and key in after:
            lines.append(f"{key}: {_flat(old)} → {_flat(new)}")
        else:
            lines.append(f"{key}: {_flat(new if key in after else old)}")
    return nfkc("\n".join(lines))


def _flat(value) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "" if value is None else str(value)


def checksum(document: dict) -> str:
    """SHA-256 over a canonical JSON form: equal documents, equal checksums."""
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


#: Kind → builder of its documents from PostgreSQL ids.
BUILDERS = {"cases": case_documents, "events": event_documents}
