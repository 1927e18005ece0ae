"""search_rebuild switches aliases while searches keep answering; search_verify finds drift."""

import io
import threading

import pytest
from django.core.management import CommandError, call_command

from search.client import get_client
from search.documents import MAPPING_VERSION, event_documents
from search.indexing import alias, alias_target, refresh, relay, versions
from search.models import OutboxEntry
from search.params import SearchParams
from search.rebuild import rebuild, verify
from search.selectors import search
from tests.search.conftest import open_case, sync
from workflows.core import audit
from workflows.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_rebuild_fills_new_indices_and_switches_the_aliases_while_searches_answer(fresh_es, people):
    es = fresh_es
    first = open_case(name="乌鲁木齐天山雪莲商贸有限公司", actor=people["clerk"])
    second = open_case(name="喀什古城文化旅游发展有限公司", actor=people["clerk"])
    sync()
    assert alias_target(es, "cases").endswith("-cases-v1")
    auditor = people["auditor"]
    auditor.roles  # noqa: B018 - read once, so the thread below needs no database

    answers, failures, stop = [], [], threading.Event()

    def keep_searching():
        while not stop.is_set():
            try:
                found = es.search(
                    index=alias("cases"), query={"match_phrase": {"subject_name": "雪莲"}}
                )
                answers.append(found["hits"]["total"]["value"])
            except Exception as exc:  # noqa: BLE001 - every failure is a finding
                failures.append(exc)

    during = []

    def progress(kind: str, done: int, total: int) -> None:
        """Midway through the rebuild: searches answer from the old index, and changes
        happen (one sent to the old index by the relay, one still waiting)."""
        page = search(auditor, SearchParams(q="雪莲"))
        during.append((kind, done, [hit.id for hit in page.hits]))
        if kind == "events" and done == 0:
            audit.record("case.note", case=first, comment="重建期间已发送的备注")
            relay(refresh=True)
            audit.record("case.note", case=second, comment="重建期间尚未发送的备注")

    thread = threading.Thread(target=keep_searching)
    thread.start()
    try:
        report = rebuild(batch_size=2, progress=progress)
    finally:
        stop.set()
        thread.join()

    assert failures == []
    assert answers and set(answers) == {1}
    assert during and all(hits == [first.pk] for _kind, _done, hits in during)
    assert report.indices == {
        "cases": f"{alias('cases')}-v2",
        "events": f"{alias('events')}-v2",
    }
    assert alias_target(es, "cases") == report.indices["cases"]
    assert set(versions(es, "cases")) == {2}  # the old index is gone
    assert report.replayed >= 2
    assert not OutboxEntry.objects.filter(sent_at__isnull=True).exists()
    refresh()
    notes = es.search(index=alias("events"), query={"term": {"event_type": "case.note"}})
    assert notes["hits"]["total"]["value"] == 2
    assert verify().clean


def test_the_rebuild_command_shows_progress_and_keeps_old_indices_on_request(fresh_es, people):
    es = fresh_es
    open_case(actor=people["clerk"])
    sync()
    out = io.StringIO()
    call_command("search_rebuild", "--keep-old", "--batch-size", "3", stdout=out)
    text = out.getvalue()
    assert "cases" in text and "100%" in text and "Aliases switched." in text
    assert set(versions(es, "cases")) == {1, 2}
    assert alias_target(es, "events").endswith("-events-v2")
    call_command("search_verify", stdout=io.StringIO())


def test_verify_lists_missing_extra_and_different_documents_and_fails(
    fresh_es, people, monkeypatch
):
    case = open_case(actor=people["clerk"])
    sync()
    out = io.StringIO()
    call_command("search_verify", stdout=out)
    assert "The search index matches PostgreSQL." in out.getvalue()

    client = get_client()
    event = AuditEvent.objects.filter(case=case).order_by("seq").last()
    tampered = event_documents([event.pk])[event.pk] | {"comment": "被改过"}
    client.index(index=alias("events"), id=str(event.pk), document=tampered)
    client.delete(index=alias("cases"), id=str(case.pk))
    client.index(index=alias("cases"), id="999999", document={"case_id": 999999})
    refresh()

    out = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("search_verify", stdout=out)
    assert failed.value.returncode == 1
    text = out.getvalue()
    assert f"1 missing from the index: {case.pk}" in text
    assert "1 in the index but not in PostgreSQL: 999999" in text
    assert f"1 different (checksum): {event.pk}" in text

    # An index built for an older mapping is drift too, until search_rebuild.
    monkeypatch.setattr("search.rebuild.MAPPING_VERSION", MAPPING_VERSION + 1)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("search_verify", stdout=out)
    assert f"-events-v1 (mapping {MAPPING_VERSION}, code {MAPPING_VERSION + 1})" in out.getvalue()
    monkeypatch.undo()

    # Resending repairs what the relay had sent; a rebuild also drops what PostgreSQL lacks.
    OutboxEntry.objects.update(sent_at=None)
    sync()
    assert [kind for kind, drift in verify().kinds.items() if not drift.clean] == ["cases"]
    call_command("search_rebuild", "--no-progress", stdout=io.StringIO())
    assert verify().clean


def test_the_demo_seed_rebuilds_the_index_only_in_a_full_stack(settings, es, people):
    from search import demo

    open_case(actor=people["clerk"])
    assert demo.seed() == {}  # relay off, as in the test settings
    settings.SEARCH_RELAY_ON_COMMIT = True
    counts = demo.seed()
    assert counts == {"indexed_documents": 1 + AuditEvent.objects.count()}
    assert verify().clean
    settings.ELASTICSEARCH_URL = ""
    assert demo.seed() == {}
