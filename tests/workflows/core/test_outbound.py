"""The outbox to other systems, delivered over HTTP to a real receiver started by the
test (pytest-httpserver): signed, idempotent, retried with backoff, dead-lettered,
paused and resumed, swept."""

import json
import threading
from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from werkzeug import Response

from tests.receiver import KEY, verified
from workflows.core.models import AuditEvent, Deadline, OutboundMessage, OutboundTarget
from workflows.core.services.outbound import (
    backoff_seconds,
    outbound_deliver,
    outbound_due_ids,
    outbound_enqueue,
    outbound_retry,
    outbound_target_pause,
    outbound_target_resume,
)
from workflows.core.tasks import sweep_outbound_messages

pytestmark = pytest.mark.django_db
SHANGHAI = timezone.get_fixed_timezone(8 * 60)


@pytest.fixture
def open_case(db):
    """A repair case of Ürümqi for a new subject, opened by the system."""
    from tests.factories import SubjectFactory, bureau
    from workflows.core.models import Case, Procedure
    from workflows.core.services.cases import case_open

    return case_open(
        procedure=Procedure.REPAIR, bureau=bureau("650100"), source=Case.Source.APPLICATION,
        actor=None, subject=SubjectFactory(),
    )  # fmt: skip


def _message(**extra) -> OutboundMessage:
    return outbound_enqueue(
        case=None, target="publicity", message_type="serious_list.listed",
        payload={"uscc": "91650102MA00000156", "name": "测试有限责任公司", **extra},
    )  # fmt: skip


def test_a_delivery_is_a_signed_json_post_whose_idempotency_key_is_the_message_id(receiver):
    receiver.expect_request("/publicity", method="POST").respond_with_json({})
    message = _message()

    assert outbound_deliver(message.pk) == "sent"

    [(request, _)] = receiver.log
    body = verified(request)  # HMAC-SHA256 over timestamp and body, with the target's key
    assert request.headers["Idempotency-Key"] == str(message.pk)
    assert request.headers["Content-Type"] == "application/json; charset=utf-8"
    assert body == {
        "id": message.pk, "type": "serious_list.listed", "department": "", "case_no": None,
        "uscc": "91650102MA00000156", "name": "测试有限责任公司",
    }  # fmt: skip
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == ("sent", 1, "")
    assert outbound_deliver(message.pk) == "sent"  # delivered once, not again
    assert len(receiver.log) == 1


def test_a_signature_made_with_another_key_does_not_verify(receiver):
    from workflows.core.services.outbound.signing import SIGNATURE_HEADER, signature_valid

    receiver.expect_request("/publicity").respond_with_json({})
    outbound_deliver(_message().pk)
    [(request, _)] = receiver.log
    timestamp, header = request.headers["X-Xinyong-Timestamp"], request.headers[SIGNATURE_HEADER]
    now = float(timestamp)
    assert signature_valid(KEY, timestamp, request.get_data(), header, now=now)
    assert not signature_valid("another key", timestamp, request.get_data(), header, now=now)
    assert not signature_valid(KEY, timestamp, request.get_data() + b" ", header, now=now)
    assert not signature_valid(KEY, timestamp, request.get_data(), header, now=now + 301)


def test_a_receiver_answering_500_gets_the_message_once_it_answers_again(receiver):
    receiver.expect_ordered_request("/publicity").respond_with_data("维护中", status=500)
    receiver.expect_ordered_request("/publicity").respond_with_json({})
    message = _message()
    now = timezone.now()

    assert outbound_deliver(message.pk, now=now) == "pending"
    message.refresh_from_db()
    assert message.attempts == 1
    assert message.last_error.startswith("HTTPStatusError: Server error '500")
    assert now + timedelta(seconds=15) <= message.next_attempt_at <= now + timedelta(seconds=30)
    assert outbound_due_ids(now=now) == []  # not before its backoff
    assert outbound_due_ids(now=message.next_attempt_at) == [message.pk]

    assert outbound_deliver(message.pk) == "sent"
    assert [verified(request)["id"] for request, _ in receiver.log] == [message.pk, message.pk]
    message.refresh_from_db()
    assert (message.status, message.attempts, message.next_attempt_at) == ("sent", 2, None)


def test_a_receiver_that_is_down_gets_the_message_once_it_is_back(receiver):
    receiver.stop()
    message = _message()

    assert outbound_deliver(message.pk) == "pending"
    message.refresh_from_db()
    assert message.last_error.startswith("ConnectError")

    receiver.start()
    receiver.expect_request("/publicity").respond_with_json({})
    assert outbound_deliver(message.pk) == "sent"
    assert verified(receiver.log[0][0])["id"] == message.pk


def test_a_slow_receiver_times_out_and_gets_the_message_on_the_next_attempt(receiver, settings):
    settings.OUTBOUND_READ_TIMEOUT = 0.2
    answer = threading.Event()

    def slow(request):
        answer.wait(timeout=10)  # held until the test has seen the sender give up
        return Response("{}", content_type="application/json")

    receiver.expect_ordered_request("/publicity").respond_with_handler(slow)
    receiver.expect_ordered_request("/publicity").respond_with_json({})
    message = _message()

    assert outbound_deliver(message.pk) == "pending"
    answer.set()
    message.refresh_from_db()
    assert message.last_error.startswith("ReadTimeout")
    assert outbound_deliver(message.pk) == "sent"
    assert [request.headers["Idempotency-Key"] for request, _ in receiver.log] == [
        str(message.pk), str(message.pk),  # the receiver may have the first: it drops one
    ]  # fmt: skip


def test_the_backoff_doubles_from_the_first_wait_up_to_the_longest_with_jitter(settings):
    settings.OUTBOUND_RETRY_FIRST_SECONDS, settings.OUTBOUND_RETRY_MAX_SECONDS = 30, 600
    for attempts, ceiling in ((1, 30), (2, 60), (3, 120), (5, 480), (6, 600), (12, 600)):
        waits = {backoff_seconds(attempts) for _ in range(50)}
        assert all(ceiling / 2 <= wait <= ceiling for wait in waits)
        assert len(waits) > 1  # drawn, so that messages failed together spread out


def test_the_last_failed_attempt_makes_a_dead_letter_that_an_administrator_retries(
    receiver, settings, client, django_user_model
):
    settings.OUTBOUND_MAX_ATTEMPTS = 2
    receiver.expect_ordered_request("/publicity").respond_with_data("", status=503)
    receiver.expect_ordered_request("/publicity").respond_with_data("", status=503)
    receiver.expect_ordered_request("/publicity").respond_with_json({})
    message = _message()
    assert outbound_deliver(message.pk) == "pending"
    assert outbound_deliver(message.pk) == "dead"
    message.refresh_from_db()
    assert (message.status, message.next_attempt_at) == ("dead", None)
    assert "503" in message.last_error
    assert outbound_due_ids() == []  # the sweep leaves dead letters alone
    assert AuditEvent.objects.filter(event_type="outbound.dead_lettered").count() == 1

    admin = django_user_model.objects.create_superuser("root", password="pw")
    client.force_login(admin)
    response = client.post(
        reverse("admin:core_outboundmessage_changelist"),
        {"action": "retry_dead_letters", "_selected_action": [message.pk]},
        follow=True,
    )
    assert response.status_code == 200
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("pending", 0)
    assert AuditEvent.objects.get(event_type="outbound.retried").actor == admin
    assert outbound_deliver(message.pk) == "sent"
    assert len(receiver.log) == 3


def test_retrying_a_message_that_is_not_dead_changes_nothing(django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="pw")
    message = _message()
    assert outbound_retry(message=message, actor=admin).status == "pending"
    assert not AuditEvent.objects.filter(event_type="outbound.retried").exists()


def test_a_paused_target_holds_its_messages_and_its_resume_sends_them(
    receiver, django_user_model, django_capture_on_commit_callbacks, monkeypatch
):
    admin = django_user_model.objects.create_superuser("root", password="pw")
    receiver.expect_request("/publicity").respond_with_json({})
    outbound_target_pause(target="publicity", actor=admin, reason="信用中国接口升级")
    message = _message()
    other = outbound_enqueue(case=None, target="credit_china", message_type="repair.granted",
                             payload={})  # fmt: skip

    assert outbound_deliver(message.pk) == "paused"
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("pending", 0)  # no attempt counted
    assert outbound_due_ids() == [other.pk]
    assert OutboundTarget.objects.get(code="publicity").pause_reason == "信用中国接口升级"

    queued = []
    monkeypatch.setattr(
        "workflows.core.tasks.deliver_outbound_message.apply_async",
        lambda args, countdown=None: queued.append(args[0]),
    )
    with django_capture_on_commit_callbacks(execute=True):
        outbound_target_resume(target="publicity", actor=admin)
    assert queued == [message.pk]
    assert outbound_deliver(message.pk) == "sent"
    events = AuditEvent.objects.filter(stream="outbound:publicity").values_list(
        "event_type", flat=True
    )
    assert list(events) == ["outbound.target_paused", "outbound.target_resumed"]


def test_the_sweep_queues_the_messages_whose_attempt_is_due(monkeypatch):
    queued = []
    monkeypatch.setattr(
        "workflows.core.tasks.deliver_outbound_message.delay", lambda pk: queued.append(pk)
    )
    due = outbound_enqueue(case=None, target="sharing", department="税务局",
                           message_type="serious_list.listed", payload={})  # fmt: skip
    sent = outbound_enqueue(case=None, target="credit_china",
                            message_type="repair.granted", payload={})  # fmt: skip
    later = outbound_enqueue(case=None, target="credit_china",
                             message_type="repair.granted", payload={})  # fmt: skip
    OutboundMessage.objects.filter(pk=sent.pk).update(status="sent")
    OutboundMessage.objects.filter(pk=later.pk).update(
        next_attempt_at=timezone.now() + timedelta(minutes=5)
    )

    assert sweep_outbound_messages() == 1
    assert queued == [due.pk]


def test_a_kind_not_declared_for_its_target_is_refused():
    with pytest.raises(ValueError, match="not declared"):
        outbound_enqueue(case=None, target="publicity", message_type="fault", payload={})
    with pytest.raises(ValueError, match="does not go to 'portal'"):
        outbound_enqueue(case=None, target="portal", message_type="repair.granted", payload={})


def test_a_delivery_meets_its_statutory_period_or_is_late_on_the_dashboard(receiver, open_case):
    receiver.expect_request("/publicity").respond_with_json({})
    with time_machine.travel(datetime(2026, 3, 2, 10, tzinfo=SHANGHAI), tick=False):
        on_time = outbound_enqueue(case=open_case, target="publicity",
                                   message_type="abnormal.listed",
                                   payload={})  # fmt: skip
        late = outbound_enqueue(case=open_case, target="publicity",
                                message_type="abnormal.listed",
                                payload={})  # fmt: skip
    deadline = on_time.deadline
    assert (deadline.rule.code, deadline.step, deadline.started_on.isoformat()) == (
        "GOV-PUB", "send:abnormal.listed:publicity", "2026-03-02",
    )  # fmt: skip
    assert deadline.due_date.isoformat() == "2026-03-30"  # 20 working days

    with time_machine.travel(datetime(2026, 3, 30, 18, tzinfo=SHANGHAI), tick=False):
        outbound_deliver(on_time.pk)
    with time_machine.travel(datetime(2026, 3, 31, 9, tzinfo=SHANGHAI), tick=False):
        outbound_deliver(late.pk)
    assert Deadline.objects.get(pk=on_time.deadline_id).status == "met"
    assert Deadline.objects.get(pk=late.deadline_id).status == "breached"


def test_the_message_body_is_utf8_json_with_the_chinese_as_written(receiver):
    receiver.expect_request("/publicity").respond_with_json({})
    outbound_deliver(_message(reason="未按规定公示年度报告").pk)
    raw = receiver.log[0][0].get_data()
    assert "未按规定公示年度报告".encode() in raw
    assert json.loads(raw)["reason"] == "未按规定公示年度报告"
