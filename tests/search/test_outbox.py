"""Outbox → relay → Elasticsearch: in the change's transaction, in order, idempotent, and
never a reason for case work to fail."""

import time
from datetime import date, timedelta

import pytest
from celery.exceptions import Retry
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from search.client import get_client
from search.documents import case_documents, event_documents
from search.indexing import alias, refresh, relay
from search.models import OutboxEntry
from search.outbox import clear_scheduled, index_lag
from search.tasks import relay_outbox, sweep_outbox
from tests.search.conftest import open_case, sync, task_of
from tests.workflows.core.task_queue import QueuedTask, private_queue, routed_to
from workflows.core import audit
from workflows.core.models import AuditEvent
from workflows.core.services.subjects import subject_upsert
from workflows.core.services.tasks import task_claim, task_complete

pytestmark = pytest.mark.django_db

RELAY = "search.tasks.relay_outbox"


def _rows() -> list[tuple[str, int]]:
    return list(OutboxEntry.objects.order_by("id").values_list("kind", "object_id"))


def _doc(kind: str, pk: int) -> dict | None:
    found = get_client().options(ignore_status=404).get(index=alias(kind), id=str(pk))
    return found.body["_source"] if found.body.get("found") else None


def test_each_audit_event_queues_its_document_and_its_case_in_the_same_transaction(people):
    case = open_case(actor=people["clerk"], flow=False)
    [opened] = AuditEvent.objects.filter(case=case)
    assert _rows() == [("event", opened.pk), ("case", case.pk)]

    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record("case.note", case=case, comment="撤回的备注")
        raise RuntimeError("the change failed")
    assert _rows() == [("event", opened.pk), ("case", case.pk)]  # rolled back together


def test_a_subject_change_refreshes_the_cases_of_that_subject(people):
    case = open_case(flow=False)
    OutboxEntry.objects.all().delete()
    subject_upsert(data={"uscc": case.subject.uscc, "name": "乌鲁木齐天山雪莲商贸集团有限公司"})
    event = AuditEvent.objects.get(
        stream=f"subject:{case.subject.uscc}", event_type="subject.updated"
    )
    assert _rows() == [("event", event.pk), ("case", case.pk)]


def test_commits_send_one_relay_per_transaction_when_enabled(
    settings, people, django_capture_on_commit_callbacks
):
    settings.SEARCH_RELAY_ON_COMMIT = True
    clear_scheduled()
    with private_queue() as queue:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            open_case(actor=people["clerk"])  # several events in one transaction
            assert queue.take() == []  # nothing is sent before the commit
        assert len(callbacks) == 1
        assert queue.take() == [QueuedTask(RELAY, [], {})]

        # A burst of commits while a relay waits sends no second one.
        with django_capture_on_commit_callbacks(execute=True):
            open_case(flow=False)
        assert queue.take() == []

        settings.SEARCH_RELAY_ON_COMMIT = False
        clear_scheduled()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            open_case(flow=False)
        assert callbacks == [] and queue.take() == []


def test_the_relay_indexes_documents_built_from_the_database_under_their_ids(es, people):
    case = open_case(actor=people["clerk"])
    report = relay(refresh=True)
    assert (report.sent, report.failed, report.error) == (len(_rows()), 0, "")
    assert OutboxEntry.objects.filter(sent_at__isnull=True).count() == 0

    document = _doc("cases", case.pk)
    assert document == case_documents([case.pk])[case.pk]
    assert document["current_step"] == "accept"
    assert document["actors"] == ["李娜"]
    for event in AuditEvent.objects.filter(case=case):
        assert _doc("events", event.pk) == event_documents([event.pk])[event.pk]
    assert es.count(index=alias("cases"))["count"] == 1


def test_a_resend_overwrites_with_the_current_truth_and_nothing_doubles(es, people):
    case = open_case(actor=people["clerk"])
    sync()
    events_before = es.count(index=alias("events"))["count"]
    task = task_of(case, "accept")
    task_claim(task=task, user=people["clerk"])
    task_complete(
        task=task, user=people["clerk"], data={"accepted_on": date.today(), "comment": "材料齐全"}
    )
    # Every row is sent again (as after a crash between sending and marking).
    OutboxEntry.objects.update(sent_at=None)
    sync()
    document = _doc("cases", case.pk)
    assert document["current_step"] == "decide"
    assert "材料齐全" in document["comments"]
    assert es.count(index=alias("cases"))["count"] == 1
    assert es.count(index=alias("events"))["count"] == AuditEvent.objects.count()
    assert AuditEvent.objects.count() > events_before


def test_index_lag_is_the_age_and_count_of_unsent_rows(es, people):
    open_case(flow=False)
    OutboxEntry.objects.update(created_at=timezone.now() - timedelta(seconds=90))
    lag = index_lag()
    assert (lag.pending, lag.failing) == (2, 0)
    assert 89 <= lag.seconds < 120
    sync()
    assert index_lag().pending == 0 and index_lag().seconds == 0


def _run_as_worker(retries: int):
    relay_outbox.push_request(id=f"relay-{retries}", retries=retries, called_directly=False)
    try:
        return relay_outbox.run()
    finally:
        relay_outbox.pop_request()


def test_elasticsearch_down_never_fails_case_work_and_nothing_is_lost(
    settings, es, people, django_capture_on_commit_callbacks
):
    before = open_case(actor=people["clerk"])
    sync()
    sent_before = set(OutboxEntry.objects.values_list("pk", flat=True))

    es_url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    settings.SEARCH_RELAY_ON_COMMIT = True
    settings.SEARCH_RELAY_MAX_RETRIES = 2
    get_client.cache_clear()
    clear_scheduled()
    with private_queue() as queue:
        with django_capture_on_commit_callbacks(execute=True):
            case = open_case(name="喀什古城文化旅游发展有限公司", actor=people["clerk"])
            task = task_of(case, "accept")
            task_claim(task=task, user=people["clerk"])
            task_complete(task=task, user=people["clerk"], data={"accepted_on": date.today()})
        # The case work committed; the relay it scheduled tries, backs off, retries, gives up.
        [scheduled] = queue.take()
        assert scheduled.name == RELAY
        # The relay as a worker runs it: it fails and has the broker retry it after a backoff.
        with pytest.raises(Retry) as retry:
            _run_as_worker(retries=0)
        assert 2 <= retry.value.when <= 3
        assert [task.name for task in queue.take()] == [RELAY]
    # The last retry gives up; the sweep takes over from there.
    assert _run_as_worker(retries=2)["error"].startswith("ConnectionError")
    case.refresh_from_db()
    assert case.current_step == "decide"

    unsent = OutboxEntry.objects.filter(sent_at__isnull=True)
    assert set(unsent.values_list("pk", flat=True)) == (
        set(OutboxEntry.objects.values_list("pk", flat=True)) - sent_before
    )
    assert set(unsent.values_list("attempts", flat=True)) == {2}
    assert all(e.startswith("ConnectionError") for e in unsent.values_list("last_error", flat=True))
    assert index_lag().failing == unsent.count() > 0
    assert sweep_outbox()["error"]  # the sweep cannot send either, and says so
    assert set(unsent.values_list("attempts", flat=True)) == {3}

    # Elasticsearch is back: the sweep sends everything, and the index matches PostgreSQL.
    settings.ELASTICSEARCH_URL = es_url
    get_client.cache_clear()
    waiting = unsent.count()
    assert sweep_outbox() == {"sent": waiting, "failed": 0, "error": ""}
    refresh()
    assert not OutboxEntry.objects.filter(sent_at__isnull=True).exists()
    assert _doc("cases", case.pk)["current_step"] == "decide"
    assert _doc("cases", before.pk)["current_step"] == "accept"
    call_command("search_verify")  # raises CommandError (exit status 1) on any drift


@pytest.mark.django_db(transaction=True)
def test_committed_case_work_reaches_the_index_through_a_real_worker(
    settings, es, people, celery_worker_process
):
    settings.SEARCH_RELAY_ON_COMMIT = True
    clear_scheduled()
    with routed_to(celery_worker_process["queue"]):
        case = open_case(name="伊犁河谷农产品专业合作社", actor=people["clerk"])
    settings.SEARCH_RELAY_ON_COMMIT = False

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if not OutboxEntry.objects.filter(sent_at__isnull=True).exists():
            break
        time.sleep(0.2)
    assert not OutboxEntry.objects.filter(sent_at__isnull=True).exists()
    refresh()
    assert _doc("cases", case.pk)["subject_name"] == "伊犁河谷农产品专业合作社"
