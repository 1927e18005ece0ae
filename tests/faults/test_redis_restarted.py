"""Redis (broker, result store and cache) stopped and started again, empty."""

import time

import pytest

pytestmark = pytest.mark.faults


def test_while_redis_is_down_staff_work_on_and_the_sweeps_send_everything_after(stack):
    stack.drained()
    stack.redis.stop()

    status, health = stack.health()
    assert status == 503
    assert health["database"] == "ok" and health["cache"].startswith("error")

    # Log-in throttling is suspended, not the log-in.
    session, login = stack.login("clerk")
    assert (login.status_code, login.headers["Location"]) == (302, "/")
    assert session.get(f"{stack.app.url}/", timeout=30).status_code == 200

    # Writes commit and answer as usual; what Celery would do waits in PostgreSQL.
    started = time.monotonic()
    during = stack.refer()
    took = time.monotonic() - started
    assert during.status_code == 201, during.text
    assert took < 15, f"the referral took {took:.1f} s"
    case_no = during.json()["case_no"]
    assert stack.document_status(case_no) == "pending"
    assert int(stack.scalar("SELECT count(*) FROM search_outboxentry WHERE sent_at IS NULL")) > 0
    message = stack.enqueue_message()
    assert stack.scalar(f"SELECT status FROM core_outboundmessage WHERE id = {message}") == (
        "pending"
    )

    stack.redis.start()  # without persistence: nothing of before the outage is in it

    # The web server and the worker reconnect by themselves: new work flows as usual.
    after = stack.refer()
    assert after.status_code == 201, after.text
    stack.wait_rendered(after.json()["case_no"])
    # What the outage left behind waits for the sweeps, which beat runs every few minutes.
    assert stack.document_status(case_no) == "pending"
    assert stack.scalar(f"SELECT status FROM core_outboundmessage WHERE id = {message}") == (
        "pending"
    )
    sweep_documents = "workflows.core.tasks.sweep_pending_documents"
    assert stack.run_task(sweep_documents, older_than_seconds=0) == "1"
    assert stack.run_task("workflows.core.tasks.sweep_outbound_messages") == "1"
    stack.run_task("search.tasks.sweep_outbox")
    stack.drained()
    assert stack.document_status(case_no) == "rendered"
