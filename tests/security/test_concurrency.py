"""Races through the real API on PostgreSQL: many clients at the same moment, one outcome.

The service-level races live beside their services (tests/workflows/core/flow/
test_concurrency.py, tests/workflows/listing/test_concurrency.py, tests/workflows/core/
test_numbering.py); these drive the HTTP endpoints from many threads, each with its own
database connection, the way parallel requests reach gunicorn workers.
"""

import threading

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import SubjectFactory, bureau
from tests.testapp.flows import SampleFlow
from tests.workflows.core.flow.conftest import open_task
from tests.workflows.listing.conftest import payload
from workflows.core.models import AuditEvent, Case, CaseDocument, Deadline
from workflows.core.services.cases import case_open
from workflows.core.services.documents import document_issue
from workflows.core.services.tasks import task_claim
from workflows.listing.models import CourtReferral, Lead

pytestmark = pytest.mark.django_db(transaction=True)


def _race(count: int, action) -> list:
    """Run ``action(i)`` in ``count`` threads released together; their results in a list."""
    start, results = threading.Barrier(count), []

    def run(i: int) -> None:
        try:
            start.wait()
            results.append(action(i))
        except Exception as exc:  # noqa: BLE001 - reported by the assertions
            results.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == count, results
    return results


def _token_client(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_eight_parallel_api_completions_of_one_task_complete_it_once(sample_case, staff):
    task = open_task(sample_case, "accept")
    task_claim(task=task, user=staff["clerk"])
    url = f"/api/v1/tasks/{task.pk}/complete/"

    def complete(_i):
        response = _token_client(staff["clerk"]).post(
            url, {"accepted_on": "2026-03-02"}, format="json"
        )
        return response.status_code, response.json()

    results = _race(8, complete)

    statuses = sorted(status for status, _body in results)
    assert statuses == [200] + [409] * 7, results
    assert all("李娜" in body["detail"] for status, body in results if status == 409)
    assert sample_case.process.task_set.filter(flow_task=SampleFlow.decide).count() == 1
    assert AuditEvent.objects.filter(case=sample_case, event_type="task.completed").count() == 1
    assert Deadline.objects.filter(case=sample_case, task=task, status="met").count() == 1


def test_parallel_court_pushes_of_one_judgment_store_one_referral_one_case(
    court_client,
):
    subject = SubjectFactory(name="乌鲁木齐天山雪莲商贸有限公司", region=bureau("650100"))
    same, other = payload(subject), payload(subject, cause="另一个案由")
    bodies = [same] * 6 + [other] * 2

    def push(i):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=court_client._credentials["HTTP_AUTHORIZATION"])
        response = client.post("/api/v1/court-referrals/", bodies[i], format="json")
        return response.status_code

    statuses = sorted(_race(len(bodies), push))

    assert (CourtReferral.objects.count(), Lead.objects.count()) == (1, 1)
    assert Case.objects.filter(procedure="listing").count() == 1
    if CourtReferral.objects.get().cause == same["cause"]:
        assert statuses == [200] * 5 + [201] + [409] * 2
    else:  # a conflicting payload won the race
        assert statuses == [200] + [201] + [409] * 6


def test_parallel_document_issues_get_distinct_gapless_numbers(staff):
    cases = [
        case_open(
            procedure="repair",
            bureau=bureau("650100"),
            source=Case.Source.APPLICATION,
            subject=SubjectFactory(),
            actor=staff["clerk"],
        )  # fmt: skip
        for _ in range(10)
    ]

    def issue(i):
        document = document_issue(
            case=cases[i], kind="notice", title="受理通知书", number_word="修受",
            context={"paragraphs": ["并发测试"]}, actor=staff["clerk"],
        )  # fmt: skip
        return document.doc_number

    numbers = _race(10, issue)

    assert len(set(numbers)) == 10, numbers
    assert CaseDocument.objects.count() == 10
    serials = sorted(int(n.rsplit("〕", 1)[1].removesuffix("号")) for n in numbers)
    assert serials == list(range(1, 11))
