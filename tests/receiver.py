"""The receiving systems of the outbox, as one real HTTP server the test starts
(pytest-httpserver): every target posts to ``/<target>``, signed with ``KEY``.

Use the ``receiver`` fixture (registered in tests/conftest.py): it is pytest-httpserver's
``httpserver`` with ``OUTBOUND_TARGETS`` pointed at it. ``verified(request)`` checks a
received request as a receiver would (signature, freshness, idempotency key) and returns
its JSON body.
"""

import json
import time

import pytest

from workflows.core.services.outbound.signing import (
    IDEMPOTENCY_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    signature_valid,
)

KEY = "test-receiver-key-不可外泄"


@pytest.fixture
def receiver(httpserver, settings):
    settings.OUTBOUND_TARGETS = {
        target: {"channel": "http", "url": httpserver.url_for(f"/{target}"), "key": KEY}
        for target in settings.OUTBOUND_TARGETS
    }
    return httpserver


def verified(request) -> dict:
    body = request.get_data()
    assert signature_valid(
        KEY, request.headers[TIMESTAMP_HEADER], body, request.headers[SIGNATURE_HEADER],
        now=time.time(),
    ), "the signature does not verify"  # fmt: skip
    message = json.loads(body)
    assert request.headers[IDEMPOTENCY_HEADER] == str(message["id"])
    return message


def deliver_all(receiver, case=None) -> list[tuple[str, dict]]:
    """Deliver every queued message (of ``case``) to ``receiver``, which accepts all;
    returns (target, verified body) in the order sent."""
    import re

    from workflows.core.models import OutboundMessage
    from workflows.core.services.outbound import outbound_deliver

    receiver.expect_request(re.compile(r"/\w+")).respond_with_json({})
    queued = OutboundMessage.objects.filter(status=OutboundMessage.Status.PENDING)
    if case is not None:
        queued = queued.filter(case=case)
    start = len(receiver.log)
    for message in queued.order_by("pk"):
        assert outbound_deliver(message.pk) == "sent", message.last_error
    return [(request.path.strip("/"), verified(request)) for request, _ in receiver.log[start:]]
