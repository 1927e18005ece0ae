"""A task completed twice at once: one wins, the other gets a clear answer, nothing doubles."""

import threading

import pytest
from django.db import connection

from tests.testapp.flows import SampleFlow
from tests.workflows.core.flow.conftest import open_task
from workflows.core.models import AuditEvent, Deadline
from workflows.core.services.tasks import TaskAlreadyDone, task_claim, task_complete


@pytest.mark.django_db(transaction=True)
def test_parallel_completions_of_one_task_complete_it_once(sample_case, staff):
    assert connection.vendor == "postgresql"
    task = open_task(sample_case, "accept")
    task_claim(task=task, user=staff["clerk"])
    outcomes: list[str] = []
    start = threading.Barrier(6)

    def complete() -> None:
        try:
            start.wait()
            task_complete(task=task, user=staff["clerk"], data={"accepted_on": "2026-03-02"})
            outcomes.append("done")
        except TaskAlreadyDone as exc:
            outcomes.append(exc.message)
        except Exception as exc:  # noqa: BLE001 - any other outcome fails the test below
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=complete) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("done") == 1
    assert all("李娜" in o for o in outcomes if o != "done"), outcomes
    assert sample_case.process.task_set.filter(flow_task=SampleFlow.decide).count() == 1
    assert (
        Deadline.objects.filter(
            case=sample_case, rule__code="REP-DECIDE", task__isnull=True
        ).count()
        == 1
    )
    assert AuditEvent.objects.filter(case=sample_case, event_type="task.completed").count() == 1
