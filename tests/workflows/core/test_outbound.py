"""The outbox to other systems: written with the change, retried, recorded, swept."""

import json

import pytest

from workflows.core.models import OutboundMessage
from workflows.core.services.outbound import outbound_deliver, outbound_enqueue
from workflows.core.tasks import sweep_outbound_messages

pytestmark = pytest.mark.django_db


class DownEndpoint:
    def __init__(self, target):
        self.target = target

    def send(self, message):
        raise ConnectionError(f"{self.target} unreachable")


def test_a_failed_delivery_is_recorded_then_sent_once(settings, tmp_path):
    settings.OUTBOUND_FILE_DIR = tmp_path
    settings.OUTBOUND_ENDPOINTS = {
        **settings.OUTBOUND_ENDPOINTS,
        "publicity": "tests.workflows.core.test_outbound.DownEndpoint",
    }
    message = outbound_enqueue(
        case=None, target="publicity", message_type="serious_list.listed",
        payload={"uscc": "91650102MA00000156", "name": "测试公司"},
    )  # fmt: skip

    with pytest.raises(ConnectionError):
        outbound_deliver(message.pk)
    with pytest.raises(ConnectionError):
        outbound_deliver(message.pk, final_attempt=True)
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", 2)
    assert message.last_error == "ConnectionError: publicity unreachable"

    OutboundMessage.objects.filter(pk=message.pk).update(status="pending")
    settings.OUTBOUND_ENDPOINTS = {
        **settings.OUTBOUND_ENDPOINTS,
        "publicity": "workflows.core.services.outbound.FileEndpoint",
    }
    assert outbound_deliver(message.pk) is True
    assert outbound_deliver(message.pk) is True  # idempotent: not sent twice
    lines = (tmp_path / "publicity.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0]) == {
        "id": message.pk, "type": "serious_list.listed", "department": "", "case_no": None,
        "uscc": "91650102MA00000156", "name": "测试公司",
    }  # fmt: skip


def test_the_sweep_queues_every_pending_message(monkeypatch):
    queued = []
    monkeypatch.setattr(
        "workflows.core.tasks.deliver_outbound_message.delay", lambda pk: queued.append(pk)
    )
    first = outbound_enqueue(case=None, target="sharing", department="税务局",
                             message_type="serious_list.listed", payload={})  # fmt: skip
    sent = outbound_enqueue(case=None, target="credit_china",
                            message_type="repair.granted", payload={})  # fmt: skip
    OutboundMessage.objects.filter(pk=sent.pk).update(status="sent")

    assert sweep_outbound_messages() == 1
    assert queued == [first.pk]
