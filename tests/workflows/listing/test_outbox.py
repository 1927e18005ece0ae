"""The outbox to the publicity system and the departments: retried, recorded, swept."""

import json

import pytest

from workflows.listing.models import OutboxMessage
from workflows.listing.outbox import outbox_deliver, outbox_enqueue
from workflows.listing.tasks import sweep_listing_messages

pytestmark = pytest.mark.django_db


class DownEndpoint:
    def __init__(self, target):
        self.target = target

    def send(self, message):
        raise ConnectionError("publicity system unreachable")


def test_a_failed_delivery_is_recorded_then_sent_once(settings, tmp_path):
    settings.LISTING_OUTBOX_DIR = tmp_path
    settings.LISTING_PUBLICITY_ENDPOINT = "tests.workflows.listing.test_outbox.DownEndpoint"
    message = outbox_enqueue(
        case=None, target="publicity", message_type="serious_list.listed",
        payload={"uscc": "91650102MA00000156", "name": "测试公司"},
    )  # fmt: skip

    with pytest.raises(ConnectionError):
        outbox_deliver(message.pk)
    with pytest.raises(ConnectionError):
        outbox_deliver(message.pk, final_attempt=True)
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", 2)
    assert "unreachable" in message.last_error

    OutboxMessage.objects.filter(pk=message.pk).update(status="pending")
    settings.LISTING_PUBLICITY_ENDPOINT = "workflows.listing.outbox.FileEndpoint"
    assert outbox_deliver(message.pk) is True
    assert outbox_deliver(message.pk) is True  # idempotent: not sent twice
    lines = (tmp_path / "publicity.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["name"] == "测试公司"


def test_the_sweep_queues_every_pending_message(monkeypatch):
    queued = []
    monkeypatch.setattr(
        "workflows.listing.tasks.deliver_listing_message.delay", lambda pk: queued.append(pk)
    )
    first = outbox_enqueue(case=None, target="sharing", department="税务局",
                           message_type="serious_list.listed", payload={})  # fmt: skip
    sent = outbox_enqueue(case=None, target="sharing", department="人民银行",
                          message_type="serious_list.listed", payload={})  # fmt: skip
    OutboxMessage.objects.filter(pk=sent.pk).update(status="sent")

    assert sweep_listing_messages() == 1
    assert queued == [first.pk]
