"""Cases of the sample flow placed on a frozen calendar for the SLA tests."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import get_resolver
from django.utils import translation
from viewflow.workflow.models import Task

from tests.factories import SubjectFactory, bureau
from tests.testapp.flows import SampleFlow
from workflows.core.deadlines import due_date
from workflows.core.flow import start_flow
from workflows.core.models import Case, Deadline, User
from workflows.core.services.cases import case_open

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: str | date, hour: int = 10) -> datetime:
    day = date.fromisoformat(day) if isinstance(day, str) else day
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


@pytest.fixture
def staff(db):
    call_command("seed_demo")
    return {user.username: user for user in User.objects.all()}


@pytest.fixture(autouse=True)
def _english_and_urls():
    assert get_resolver().url_patterns  # flows learn their URL namespace
    with translation.override("en"):
        yield


def sample_case(bureau_code: str = "650100", procedure: str = "repair") -> Case:
    case = case_open(
        procedure=procedure, bureau=bureau(bureau_code), source=Case.Source.APPLICATION,
        subject=SubjectFactory(), actor=None,
    )  # fmt: skip
    start_flow(SampleFlow, case)
    case.refresh_from_db()
    return case


def open_task(case: Case, step: str) -> Task:
    return case.process.task_set.get(flow_task=getattr(SampleFlow, step), finished__isnull=True)


def retime(deadline: Deadline, started_on: str | date, created_hour: int = 9) -> Deadline:
    """Move a deadline (and its task's creation) to a trigger day on the frozen calendar."""
    started = date.fromisoformat(started_on) if isinstance(started_on, str) else started_on
    due = due_date(deadline.rule, started)
    Deadline.objects.filter(pk=deadline.pk).update(
        started_on=started, due_date=due.last_day, due_at=due.due_at,
        due_soon_from=due.due_soon_from, status=Deadline.Status.ON_TRACK,
    )  # fmt: skip
    if deadline.task_id:
        Task.objects.filter(pk=deadline.task_id).update(created=at(started, created_hour))
    deadline.refresh_from_db()
    return deadline
