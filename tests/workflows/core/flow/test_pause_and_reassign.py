"""Pausing a case milestone with its task, and supervisors reassigning tasks with a reason."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from viewflow.workflow.status import STATUS

from tests.factories import SubjectFactory, UserFactory, bureau
from tests.testapp.flows import SampleFlow
from tests.workflows.core.flow.conftest import open_task
from workflows.core.flow import start_flow
from workflows.core.models import AuditEvent, Case, Deadline, Notification
from workflows.core.roles import Role
from workflows.core.selectors import queue_of
from workflows.core.services.cases import case_open
from workflows.core.services.deadlines import deadline_pause, deadline_resume, deadlines_refresh
from workflows.core.services.roles import roles_ensure_groups
from workflows.core.services.tasks import (
    TaskAlreadyDone,
    TaskFormInvalid,
    TaskNotPermitted,
    task_claim,
    task_complete,
    task_reassign,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02d}:00").replace(tzinfo=SHANGHAI)


def _user(username: str, role: Role, code: str = "650100"):
    user = UserFactory(username=username, bureau=bureau(code))
    user.groups.set([roles_ensure_groups()[role]])
    return user


def _accept(case, staff, accepted_on: str = "2026-03-02"):
    task = open_task(case, "accept")
    task_claim(task=task, user=staff["clerk"])
    task_complete(task=task, user=staff["clerk"], data={"accepted_on": accepted_on})
    deadlines_refresh(date.fromisoformat(accepted_on))


def test_pausing_the_decision_period_pauses_the_task_running_within_it(sample_case, staff):
    _accept(sample_case, staff)  # REP-DECIDE from 2 Mar 2026: last day 23 Mar
    decide = open_task(sample_case, "decide")
    rows = Deadline.objects.filter(case=sample_case, rule__code="REP-DECIDE")
    task_row = rows.get(task=decide)

    deadline_pause(
        deadline=task_row, actor=staff["handler"], reason="通知当事人补正材料", now=at("2026-03-05")
    )
    assert {(row.task_id, row.status) for row in rows.all()} == {
        (None, "paused"),
        (decide.pk, "paused"),
    }
    # Still in the leader's queue, shown as paused, with the days left frozen:
    # after 5 Mar up to 23 Mar = 12 working days, whatever today is.
    assert [row.task_id for row in queue_of(staff["leader"], {"status": "paused"})] == [decide.pk]
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=staff['leader'])[0].key}"
    )
    [api_row] = client.get("/api/v1/tasks/queue/", {"status": "paused"}).json()["results"]
    assert (api_row["task_id"], api_row["status"], api_row["workdays_left"]) == (
        decide.pk, "paused", 12,
    )  # fmt: skip
    detail = client.get(f"/api/v1/cases/{sample_case.pk}/").json()
    assert {d["status"] for d in detail["deadlines"] if d["rule_code"] == "REP-DECIDE"} == {
        "paused"
    }

    # Resumed from the milestone on Thu 12 Mar: 6, 9, 10, 11, 12 Mar paused = 5 days;
    # 23 Mar + 5 working days = Mon 30 Mar, for both rows.
    deadline_resume(
        deadline=rows.get(task__isnull=True), actor=staff["handler"], now=at("2026-03-12")
    )
    assert {(row.due_date, row.paused_workdays, row.paused_at) for row in rows.all()} == {
        (date(2026, 3, 30), 5, None)
    }
    events = AuditEvent.objects.filter(
        case=sample_case, event_type__in=["deadline.paused", "deadline.resumed"]
    ).order_by("seq")
    assert [(e.event_type, sorted(e.after["deadlines"])) for e in events] == [
        ("deadline.paused", sorted(row.pk for row in rows.all())),
        ("deadline.resumed", sorted(row.pk for row in rows.all())),
    ]


def test_a_supervisor_reassigns_a_claimed_task_with_a_reason(sample_case, staff):
    task = open_task(sample_case, "accept")
    task_claim(task=task, user=staff["clerk"])
    other = _user("clerk2", Role.CLERK)

    task_reassign(task=task, to_user=other, actor=staff["supervisor"], reason="原承办人休假")

    task.refresh_from_db()
    assert (task.owner, task.status) == (other, STATUS.ASSIGNED)
    assert Deadline.objects.get(task=task).assignee == other
    event = AuditEvent.objects.get(case=sample_case, event_type="task.reassigned")
    assert (event.actor, event.comment) == (staff["supervisor"], "原承办人休假")
    assert (event.before["owner"], event.after["owner"]) == ("clerk", "clerk2")
    notice = Notification.objects.get(recipient=other, kind="task.reassigned")
    assert "原承办人休假" in notice.body
    assert notice.case == sample_case


def test_a_supervisor_assigns_an_unclaimed_overdue_task(staff):
    with time_machine.travel(at("2026-03-02", 9), tick=False):  # REP-ACCEPT: last day 4 Mar
        case = case_open(
            procedure="repair", bureau=bureau("650100"), source=Case.Source.APPLICATION,
            subject=SubjectFactory(), actor=None,
        )  # fmt: skip
        start_flow(SampleFlow, case)
    task = open_task(case, "accept")
    deadline = Deadline.objects.get(task=task)
    assert (deadline.started_on, deadline.due_date) == (date(2026, 3, 2), date(2026, 3, 4))

    with time_machine.travel(at("2026-03-27"), tick=False):
        deadlines_refresh()
        deadline.refresh_from_db()
        assert (task.owner, deadline.status) == (None, Deadline.Status.OVERDUE)
        task_reassign(task=task, to_user=staff["clerk"], actor=staff["supervisor"], reason="督办")

    task.refresh_from_db()
    assert (task.owner, task.status) == (staff["clerk"], STATUS.ASSIGNED)
    deadline.refresh_from_db()
    assert (deadline.assignee, deadline.status) == (staff["clerk"], Deadline.Status.OVERDUE)
    event = AuditEvent.objects.get(case=case, event_type="task.assigned")
    assert (event.actor, event.comment) == (staff["supervisor"], "督办")


@pytest.mark.parametrize("username", ["section_head", "leader", "clerk", "auditor"])
def test_only_supervisors_reassign(sample_case, staff, username):
    task = open_task(sample_case, "accept")
    with pytest.raises(TaskNotPermitted):
        task_reassign(task=task, to_user=staff["clerk"], actor=staff[username], reason="调整")
    assert not AuditEvent.objects.filter(
        case=sample_case, event_type__in=["task.assigned", "task.reassigned"]
    ).exists()


@pytest.mark.parametrize(
    ("username", "role", "code"),
    [
        ("kashgar_clerk", Role.CLERK, "653100"),  # another prefecture
        ("urumqi_handler", Role.HANDLER, "650100"),  # not the step's role
    ],
)
def test_a_task_goes_only_to_staff_who_may_do_the_step(sample_case, staff, username, role, code):
    task = open_task(sample_case, "accept")
    with pytest.raises(TaskFormInvalid) as excinfo:
        task_reassign(
            task=task, to_user=_user(username, role, code), actor=staff["supervisor"],
            reason="调整",
        )  # fmt: skip
    assert list(excinfo.value.errors) == ["to_user"]


def test_reassignment_needs_a_reason_and_an_open_task(sample_case, staff):
    task = open_task(sample_case, "accept")
    with pytest.raises(TaskFormInvalid) as excinfo:
        task_reassign(task=task, to_user=staff["clerk"], actor=staff["supervisor"], reason=" ")
    assert list(excinfo.value.errors) == ["reason"]
    _accept(sample_case, staff)
    with pytest.raises(TaskAlreadyDone):
        task_reassign(task=task, to_user=staff["clerk"], actor=staff["supervisor"], reason="调整")
