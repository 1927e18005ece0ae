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


def queries(client, url: str, data: dict | None = None):
    """(the number of queries, the response) of one GET."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data or {})
    assert response.status_code == 200, response.content[:500]
    return len(captured), response


def rows_shown(response, cases: list[Case]) -> int:
    """How many of ``cases`` the page shows (each row links its case number)."""
    page = response.content.decode()
    return sum(case.case_no in page for case in cases)


def test_inbox_queries_do_not_grow_with_the_rows_on_the_page(
    client, staff, django_assert_max_num_queries
):
    client.force_login(staff["clerk"])
    cases = open_cases(staff, 30)
    task_claim(task=accept_task(cases[0]), user=staff["clerk"])
    one_row, response = queries(client, "/app/work/inbox/")
    assert rows_shown(response, cases) == 1
    for case in cases[1:]:
        task_claim(task=accept_task(case), user=staff["clerk"])
    with django_assert_max_num_queries(12):
        full_page, response = queries(client, "/app/work/inbox/")
    assert rows_shown(response, cases) == 25  # a full page of 25 of the 30 tasks
    assert full_page == one_row


def test_queue_queries_do_not_grow_with_the_rows_on_the_page(
    client, staff, django_assert_max_num_queries
):
    client.force_login(staff["clerk"])
    cases = open_cases(staff, 1)
    one_row, response = queries(client, "/app/work/queue/")
    assert rows_shown(response, cases) == 1
    cases += open_cases(staff, 29)
    with django_assert_max_num_queries(12):
        full_page, response = queries(client, "/app/work/queue/")
    assert rows_shown(response, cases) == 25  # a full page of 25 of the 30 tasks
    assert full_page == one_row


def test_task_api_queries_do_not_grow_with_the_page_size(
    client, staff, django_assert_max_num_queries
):
    client.force_login(staff["clerk"])
    for case in open_cases(staff, 30):
        task_claim(task=accept_task(case), user=staff["clerk"])
    small, response = queries(client, "/api/v1/tasks/mine/", {"page_size": 1})
    assert len(response.json()["results"]) == 1
    with django_assert_max_num_queries(12):
        large, response = queries(client, "/api/v1/tasks/mine/", {"page_size": 30})
    assert len(response.json()["results"]) == 30
    assert large == small


def test_case_list_api_queries_do_not_grow_with_the_page_size(
    client, staff, django_assert_max_num_queries
):
    client.force_login(staff["handler"])
    open_cases(staff, 30)
    small, response = queries(client, "/api/v1/cases/", {"page_size": 1})
    assert len(response.json()["results"]) == 1
    with django_assert_max_num_queries(10):
        large, response = queries(client, "/api/v1/cases/", {"page_size": 30})
    assert len(response.json()["results"]) == 30
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
    few, response = queries(client, f"/api/v1/cases/{short.pk}/")
    assert len(response.json()["history"]) == short.events.count()
    with django_assert_max_num_queries(12):
        many, response = queries(client, f"/api/v1/cases/{long.pk}/")
    assert len(response.json()["history"]) == long.events.count()
    assert many == few


def test_sla_dashboard_queries_do_not_grow_with_cases_or_bureaus(
    client, staff, django_assert_max_num_queries
):
    client.force_login(staff["supervisor"])
    open_cases(staff, 1)
    one_case, response = queries(client, "/app/sla/dashboard/")
    assert sum(response.context["data"]["open_cases"]["total"].values()) == 1
    for code in ("650100", "653100", "654000"):
        open_cases(staff, 5, code)
    with django_assert_max_num_queries(30):
        many_cases, response = queries(client, "/app/sla/dashboard/")
    assert sum(response.context["data"]["open_cases"]["total"].values()) == 16
    assert many_cases == one_case
