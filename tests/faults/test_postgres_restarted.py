"""PostgreSQL stopped and started again, and killed outright (SIGKILL, crash recovery)."""

import threading

import pytest
import requests

from tests.faults.instances import descendants

pytestmark = pytest.mark.faults


def _web_processes(stack) -> list[int]:
    return [stack.app.web.pid, *descendants(stack.app.web.pid)]


def _stored(stack, n: int) -> int:
    """How many referrals, leads and listing cases court case number ``n`` stored."""
    return int(
        stack.scalar(
            "SELECT count(*) FROM listing_courtreferral r JOIN listing_lead l ON l.id = r.lead_id"
            " JOIN core_case c ON c.id = l.case_id"
            f" WHERE r.court_case_number = '(2026)新01民初{n}号'"
        )
    )


def test_while_postgresql_restarts_requests_fail_and_the_same_server_serves_again(stack):
    stack.drained()
    processes = _web_processes(stack)
    stack.pg.stop("fast")

    status, health = stack.health()
    assert status == 503 and health["database"].startswith("error: ")
    refused = stack.refer()
    assert refused.status_code == 500

    stack.pg.start()

    assert stack.health()[0] == 200
    accepted = stack.refer()
    assert accepted.status_code == 201, accepted.text
    assert _web_processes(stack) == processes  # reconnected, not restarted
    assert _stored(stack, refused.n) == 0
    assert _stored(stack, accepted.n) == 1
    stack.drained()


def test_a_crash_of_postgresql_loses_no_write_that_was_answered_as_saved(stack):
    """Three courts push referrals without pause; PostgreSQL is killed once three are
    saved, and started again once a push has failed. Each step waits for what the
    pushers report, never for a length of time."""
    stack.drained()
    answers: list[requests.Response] = []
    errors: list[int] = []
    reported = threading.Condition()
    recovered, stop = threading.Event(), threading.Event()

    def push():
        while not stop.is_set():
            n = next(stack.serial)
            try:
                answer = stack.refer(n, timeout=30)
            except requests.RequestException:
                answer = None
            with reported:
                if answer is None:
                    errors.append(n)
                else:
                    answers.append(answer)
                reported.notify_all()
            if answer is None or answer.status_code != 201:
                recovered.wait(120)  # one failure per court while the database is down

    def saved_so_far() -> list[int]:
        return [r.n for r in answers if r.status_code == 201]

    def failed_so_far() -> list[int]:
        return [r.n for r in answers if r.status_code != 201] + errors

    def wait_for(condition, what: str) -> None:
        with reported:
            assert reported.wait_for(condition, timeout=120), f"{what} within 120 s"

    pushers = [threading.Thread(target=push, daemon=True) for _ in range(3)]
    for thread in pushers:
        thread.start()
    try:
        wait_for(lambda: len(saved_so_far()) >= 3, "three referrals saved")
        stack.pg.crash()  # SIGKILL to the postmaster and every backend, mid-transaction
        wait_for(failed_so_far, "a referral refused while PostgreSQL is down")
        before = len(saved_so_far())
        stack.pg.start()  # crash recovery replays the WAL
        recovered.set()
        wait_for(lambda: len(saved_so_far()) > before, "a referral saved after the recovery")
    finally:
        stop.set()
        recovered.set()
        for thread in pushers:
            thread.join(timeout=60)

    saved = [r.n for r in answers if r.status_code == 201]
    failed = [r.n for r in answers if r.status_code != 201] + errors
    assert {r.status_code for r in answers} <= {201, 500}
    assert len(saved) >= 3 and failed, (len(saved), failed)
    # Every referral answered 201 is there, whole: referral, lead and case.
    assert [n for n in saved if _stored(stack, n) != 1] == []
    # A failed request stored all or nothing; the court resends it after an error and
    # gets its referral, stored once (200 when the failed request had committed).
    for n in failed:
        assert _stored(stack, n) in (0, 1)
        again = stack.refer(n)
        assert again.status_code in (200, 201), again.text
        assert _stored(stack, n) == 1
    stack.app.manage("audit_verify")
    # Renderings and relays that failed while the database was down: the sweeps send them.
    stack.run_task("workflows.core.tasks.sweep_pending_documents", older_than_seconds=0)
    stack.run_task("workflows.core.tasks.sweep_outbound_messages")
    stack.run_task("search.tasks.sweep_outbox")
    stack.drained()
