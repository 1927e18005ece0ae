"""The shared flow machinery, driven through the services the UI and the API use."""

from datetime import date

import pytest
from viewflow.workflow.status import STATUS

from tests.workflows.core.flow.conftest import open_task
from workflows.core.models import AuditEvent, Case, Deadline
from workflows.core.services.tasks import (
    TaskAlreadyDone,
    TaskFormInvalid,
    TaskNotPermitted,
    task_claim,
    task_complete,
    task_unclaim,
)


def _events(case: Case) -> list[str]:
    return list(
        AuditEvent.objects.filter(case=case).order_by("seq").values_list("event_type", flat=True)
    )


def test_starting_a_flow_creates_the_first_task_with_its_statutory_deadline(sample_case):
    task = open_task(sample_case, "accept")
    assert sample_case.current_step == "accept"
    deadline = Deadline.objects.get(task=task)
    assert (deadline.rule.code, deadline.role, deadline.bureau.code) == (
        "REP-ACCEPT",
        "clerk",
        "650100",
    )
    assert _events(sample_case) == [
        "case.opened",
        "case.step_changed",
        "deadline.started",
        "task.created",
    ]


def test_claim_and_release_are_audited_with_the_acting_user(sample_case, staff):
    task = open_task(sample_case, "accept")
    task_claim(task=task, user=staff["clerk"])
    assert Deadline.objects.get(task=task).assignee == staff["clerk"]
    task_unclaim(task=task, user=staff["clerk"])
    assert Deadline.objects.get(task=task).assignee is None
    claimed, released = AuditEvent.objects.filter(
        case=sample_case, event_type__in=["task.assigned", "task.unassigned"]
    ).order_by("seq")
    assert (claimed.actor, claimed.after["owner"]) == (staff["clerk"], "clerk")
    assert (released.before["owner"], released.after["owner"]) == ("clerk", None)


@pytest.mark.parametrize("username", ["handler_kashgar", "handler", "supervisor", "auditor"])
def test_only_the_role_of_the_cases_bureau_may_take_a_task(sample_case, staff, username):
    with pytest.raises(TaskNotPermitted):
        task_claim(task=open_task(sample_case, "accept"), user=staff[username])


def test_invalid_form_data_is_refused_with_field_messages_and_changes_nothing(sample_case, staff):
    task = open_task(sample_case, "accept")
    task_claim(task=task, user=staff["clerk"])
    before = _events(sample_case)
    with pytest.raises(TaskFormInvalid) as excinfo:
        task_complete(task=task, user=staff["clerk"], data={"accepted_on": "2026-13-40"})
    assert list(excinfo.value.errors) == ["accepted_on"]
    task.refresh_from_db()
    assert task.status == STATUS.ASSIGNED
    assert _events(sample_case) == before


def test_completing_a_step_runs_its_services_and_opens_the_next_within_the_milestone(
    sample_case, staff
):
    accept = open_task(sample_case, "accept")
    task_claim(task=accept, user=staff["clerk"])
    task_complete(
        task=accept, user=staff["clerk"], data={"accepted_on": "2026-03-02", "comment": "材料齐全"}
    )

    accept.refresh_from_db()
    assert accept.status == STATUS.DONE
    assert accept.data["form"] == {"accepted_on": "2026-03-02", "comment": "材料齐全"}
    decide = open_task(sample_case, "decide")
    milestone = Deadline.objects.get(case=sample_case, task__isnull=True, rule__code="REP-DECIDE")
    assert milestone.due_date == date(2026, 3, 23)
    decide_deadline = Deadline.objects.get(task=decide)
    assert (decide_deadline.due_date, decide_deadline.role) == (date(2026, 3, 23), "leader")
    completed = AuditEvent.objects.get(case=sample_case, event_type="task.completed")
    assert (completed.actor, completed.after["step"]) == (staff["clerk"], "accept")


def test_the_whole_sample_procedure_closes_the_case_with_every_deadline_closed(sample_case, staff):
    accept = open_task(sample_case, "accept")
    task_claim(task=accept, user=staff["clerk"])
    task_complete(task=accept, user=staff["clerk"], data={"accepted_on": date.today().isoformat()})
    decide = open_task(sample_case, "decide")
    task_claim(task=decide, user=staff["leader"])
    task_complete(task=decide, user=staff["leader"], data={"decision": "grant", "comment": "同意"})

    sample_case.refresh_from_db()
    assert (sample_case.status, sample_case.decision) == (Case.Status.CLOSED, "grant")
    assert not Deadline.objects.filter(case=sample_case, status__in=Deadline.OPEN_STATUSES).exists()
    assert sample_case.process.finished is not None


def test_completing_a_done_task_says_who_did_it(sample_case, staff):
    accept = open_task(sample_case, "accept")
    task_claim(task=accept, user=staff["clerk"])
    task_complete(task=accept, user=staff["clerk"], data={"accepted_on": "2026-03-02"})
    with pytest.raises(TaskAlreadyDone, match="李娜"):
        task_complete(task=accept, user=staff["clerk"], data={"accepted_on": "2026-03-02"})
