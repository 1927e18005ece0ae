"""No page's query count grows with the rows it shows (timings belong to ``manage.py bench``).

Each test renders a page once with one row and once with a full page of rows (or a
case with a short and a long history) and asserts the same number of queries, below
a fixed ceiling.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver

from tests.factories import SubjectFactory, bureau
from tests.testapp.flows import SampleFlow
from workflows.core.flow import start_flow
from workflows.core.models import Case
from workflows.core.services.cases import case_open
from workflows.core.services.tasks import task_claim, task_complete

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mounted_flows():
    """Flows learn their URL namespace when the URLconf loads (task links in the inbox)."""
    assert get_resolver().url_patterns


def open_cases(staff, n: int, bureau_code: str = "650100") -> list[Case]:
    cases = []
    for _ in range(n):
        case = case_open(
            procedure="repair", bureau=bureau(bureau_code), source=Case.Source.APPLICATION,
            subject=SubjectFactory(region=bureau(bureau_code)), actor=staff["clerk"],
        )  # fmt: skip
        start_flow(SampleFlow, case)
        case.refresh_from_db()
        cases.append(case)
    return cases


def accept_task(case: Case):
    return case.process.task_set.get(flow_task=SampleFlow.accept, finished__isnull=True)


def queries(client, url: str, data: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data or {})
    assert response.status_code == 200, response.content[:500]
    return len(captured)


def test_inbox_queries_do_not_grow_with_the_rows_on_the_page(
    client, staff, django_assert_max_num_queries
):
    client.force_login(staff["clerk"])
    cases = open_cases(staff, 30)
    task_claim(task=accept_task(cases[0]), user=staff["clerk"])
    one_row = queries(client, "/app/work/inbox/")
    for case in cases[1:]:
        task_claim(task=accept_task(case), user=staff["clerk"])
    with django_assert_max_num_queries(12):
        full_page = queries(client, "/app/work/inbox/")
    assert full_page == one_row


def test_queue_queries_do_not_grow_with_the_rows_on_the_page(
    client, staff, django_assert_max_num_queries
):
    client.force_login(staff["clerk"])
    open_cases(staff, 1)
    one_row = queries(client, "/app/work/queue/")
    open_cases(staff, 29)
    with django_assert_max_num_queries(12):
        full_page = queries(client, "/app/work/queue/")
    assert full_page == one_row


def test_task_api_queries_do_not_grow_with_the_page_size(
    client, staff, django_assert_max_num_queries
):
    client.force_login(staff["clerk"])
    for case in open_cases(staff, 30):
        task_claim(task=accept_task(case), user=staff["clerk"])
    small = queries(client, "/api/v1/tasks/mine/", {"page_size": 1})
    with django_assert_max_num_queries(12):
        large = queries(client, "/api/v1/tasks/mine/", {"page_size": 30})
    assert large == small


def test_case_list_api_queries_do_not_grow_with_the_page_size(
    client, staff, django_assert_max_num_queries
):
    client.force_login(staff["handler"])
    open_cases(staff, 30)
    small = queries(client, "/api/v1/cases/", {"page_size": 1})
    with django_assert_max_num_queries(10):
        large = queries(client, "/api/v1/cases/", {"page_size": 30})
    assert large == small


def test_case_detail_queries_do_not_grow_with_the_history(
    client, staff, django_assert_max_num_queries
):
    client.force_login(staff["handler"])
    short, long = open_cases(staff, 2)
    task_claim(task=accept_task(long), user=staff["clerk"])
    task_complete(
        task=accept_task(long), user=staff["clerk"],
        data={"accepted_on": "2026-03-02", "comment": "材料齐全"},
    )  # fmt: skip
    assert long.events.count() > short.events.count() + 5
    assert long.deadlines.count() > short.deadlines.count()
    few = queries(client, f"/api/v1/cases/{short.pk}/")
    with django_assert_max_num_queries(12):
        many = queries(client, f"/api/v1/cases/{long.pk}/")
    assert many == few


def test_sla_dashboard_queries_do_not_grow_with_cases_or_bureaus(
    client, staff, django_assert_max_num_queries
):
    client.force_login(staff["supervisor"])
    open_cases(staff, 1)
    one_case = queries(client, "/app/sla/dashboard/")
    for code in ("650100", "653100", "654000"):
        open_cases(staff, 5, code)
    with django_assert_max_num_queries(30):
        many_cases = queries(client, "/app/sla/dashboard/")
    assert many_cases == one_case
