"""A Celery worker killed in the middle of a task: its pool process, then the whole worker.

The task is the delivery of an outbound message to an HTTP endpoint run by the test
(tests/faults/endpoint.py), which holds the request open until the worker is killed.
"""

import os
import signal

import pytest

pytestmark = pytest.mark.faults


def _message(stack, message: int) -> tuple[str, str]:
    row = stack.pg.query(f"SELECT status, attempts FROM core_outboundmessage WHERE id = {message}")
    return tuple(row[0])


def test_a_pool_process_killed_mid_delivery_is_redelivered_and_recorded_as_sent_once(
    stack, receiver
):
    stack.drained()
    receiver.hold()
    message = stack.enqueue_message()
    assert receiver.arrived.wait(60)
    [child] = stack.app.pool_children()

    os.kill(child, signal.SIGKILL)
    receiver.release()

    # acks_late + reject_on_worker_lost: the main process puts the message back at once
    # and a new pool process delivers it.
    stack.wait_until(f"SELECT status FROM core_outboundmessage WHERE id = {message}", "sent")
    assert receiver.received.count(message) == 2  # the killed attempt had sent its request
    assert _message(stack, message) == ("sent", "1")  # the killed attempt rolled back
    assert stack.app.worker.poll() is None
    assert stack.app.pool_children() not in ([], [child])
    stack.drained()


def test_a_worker_killed_mid_delivery_leaves_the_message_to_the_sweep(stack, receiver):
    stack.drained()
    receiver.hold()
    message = stack.enqueue_message()
    assert receiver.arrived.wait(60)

    stack.app.kill_worker()  # SIGKILL to the main process and its pool
    receiver.release()

    # Nobody rejected the message: it waits in Redis as unacknowledged, to be handed out
    # again only after the visibility timeout (an hour); the row is still pending.
    assert stack.redis.cli("HLEN", "unacked") == "1"
    stack.app.start_worker()
    assert _message(stack, message) == ("pending", "0")

    assert stack.run_task("workflows.core.tasks.sweep_outbound_messages") == "1"
    stack.wait_until(f"SELECT status FROM core_outboundmessage WHERE id = {message}", "sent")
    assert receiver.received.count(message) == 2
    assert _message(stack, message) == ("sent", "1")
    # The lost worker's copy is still there; after the visibility timeout a worker runs it
    # again and finds the message sent (outbound_deliver returns at once).
    assert stack.redis.cli("HLEN", "unacked") == "1"
    stack.drained()
