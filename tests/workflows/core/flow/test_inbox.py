"""Inbox and queue: deadlines shown, sorted by them, filtered; bureau and role respected."""

import re
from datetime import date, timedelta

import pytest

from tests.factories import SubjectFactory, bureau
from tests.testapp.flows import SampleFlow
from tests.workflows.core.flow.conftest import open_task
from workflows.core.deadlines import due_date
from workflows.core.flow import start_flow
from workflows.core.models import Case, Deadline
from workflows.core.selectors import inbox_of, queue_of
from workflows.core.services.cases import case_open
from workflows.core.services.deadlines import deadlines_refresh
from workflows.core.services.tasks import task_claim


def _case(bureau_code: str = "650100") -> Case:
    case = case_open(
        procedure="repair", bureau=bureau(bureau_code), source=Case.Source.APPLICATION,
        subject=SubjectFactory(), actor=None,
    )  # fmt: skip
    start_flow(SampleFlow, case)
    case.refresh_from_db()
    return case


def _age(case: Case, days: int) -> None:
    """Pretend the accept task was created ``days`` calendar days ago."""
    deadline = Deadline.objects.get(case=case, task__isnull=False)
    started = date.today() - timedelta(days=days)
    due = due_date(deadline.rule, started)
    Deadline.objects.filter(pk=deadline.pk).update(
        started_on=started,
        due_date=due.last_day,
        due_at=due.due_at,
        due_soon_from=due.due_soon_from,
    )


def test_queue_holds_unclaimed_tasks_of_my_role_and_bureau_most_urgent_first(staff):
    fresh, old = _case(), _case()
    _age(old, 20)
    deadlines_refresh()
    kashgar = _case("653100")
    rows = list(queue_of(staff["clerk"]))
    assert [row.case for row in rows] == [old, fresh]
    assert rows[0].status == Deadline.Status.OVERDUE
    assert kashgar not in [row.case for row in rows]
    assert list(queue_of(staff["leader"])) == []  # not the leader's step
    assert list(queue_of(staff["supervisor"])) == []  # supervisors never act


def test_claimed_tasks_move_from_the_queue_to_the_inbox(staff):
    case = _case()
    task_claim(task=open_task(case, "accept"), user=staff["clerk"])
    assert list(queue_of(staff["clerk"])) == []
    assert [row.case for row in inbox_of(staff["clerk"])] == [case]


def test_filters_by_procedure_step_status_and_overdue(staff):
    fresh, old = _case(), _case()
    _age(old, 20)
    deadlines_refresh()
    clerk = staff["clerk"]
    assert [r.case for r in queue_of(clerk, {"overdue": True})] == [old]
    assert [r.case for r in queue_of(clerk, {"status": "on_track"})] == [fresh]
    assert list(queue_of(clerk, {"procedure": "listing"})) == []
    assert len(queue_of(clerk, {"step": "accept"})) == 2
    assert [r.case for r in queue_of(clerk, {"ordering": "-due_at"})] == [fresh, old]
    with pytest.raises(ValueError):
        list(queue_of(clerk, {"ordering": "password"}))


def test_queue_page_shows_deadline_badges_and_takes_a_task(client, staff):
    old = _case()
    _age(old, 20)
    deadlines_refresh()
    client.force_login(staff["clerk"])
    page = client.get("/app/work/queue/").content.decode()
    assert old.case_no in page
    assert "xy-badge--overdue" in page

    task = open_task(old, "accept")
    response = client.post("/app/work/queue/", {"task": task.pk})
    assert response.status_code == 302
    assert response["Location"] == task.reverse("execute")
    inbox = client.get("/app/work/inbox/").content.decode()
    assert old.case_no in inbox


def test_empty_inbox_says_what_to_do(client, staff):
    client.force_login(staff["handler"])
    page = client.get("/app/work/inbox/").content.decode()
    empty = re.search(r'<div class="xy-empty"[^>]*>(.*?)</div>', page, re.S)
    assert empty is not None
    assert " ".join(empty.group(1).split()) == "您没有待办任务。请从“待领取任务”中领取。"
