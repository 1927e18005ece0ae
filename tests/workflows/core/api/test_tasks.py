"""Tasks through the API: the same services, form and lock as the task pages."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import SubjectFactory, bureau
from tests.testapp.flows import SampleFlow
from workflows.core.flow import start_flow
from workflows.core.models import AuditEvent, Case
from workflows.core.services.cases import case_open


@pytest.fixture
def clients(staff):
    def client_for(username: str) -> APIClient:
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        token, _ = Token.objects.get_or_create(user=staff[username])
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return client_for


def _case(bureau_code: str = "650100") -> Case:
    case = case_open(
        procedure="repair", bureau=bureau(bureau_code), source=Case.Source.APPLICATION,
        subject=SubjectFactory(), actor=None,
    )  # fmt: skip
    start_flow(SampleFlow, case)
    case.refresh_from_db()
    return case


def _accept_task_id(case: Case) -> int:
    return case.process.task_set.get(flow_task=SampleFlow.accept).pk


def test_queue_claim_complete_and_the_next_task_appears_for_the_leader(clients):
    case = _case()
    clerk = clients("clerk")
    queue = clerk.get("/api/v1/tasks/queue/").json()
    assert queue["count"] == 1
    row = queue["results"][0]
    assert (row["case_no"], row["step"], row["rule"], row["status"]) == (
        case.case_no, "accept", "REP-ACCEPT", "on_track",
    )  # fmt: skip
    task_id = row["task_id"]

    assert clerk.post(f"/api/v1/tasks/{task_id}/claim/").status_code == 200
    assert clerk.get("/api/v1/tasks/queue/").json()["count"] == 0
    assert [r["task_id"] for r in clerk.get("/api/v1/tasks/mine/").json()["results"]] == [task_id]

    done = clerk.post(
        f"/api/v1/tasks/{task_id}/complete/", {"accepted_on": "2026-03-02", "comment": "齐全"},
        format="json",
    )  # fmt: skip
    assert done.status_code == 200, done.json()
    assert done.json() == {"task_id": task_id, "status": "DONE"}
    leader_queue = clients("leader").get("/api/v1/tasks/queue/").json()
    assert [(r["step"], r["rule"]) for r in leader_queue["results"]] == [("decide", "REP-DECIDE")]


def test_invalid_step_fields_are_a_400_with_field_messages(clients):
    case = _case()
    clerk, task_id = clients("clerk"), _accept_task_id(case)
    clerk.post(f"/api/v1/tasks/{task_id}/claim/")
    response = clerk.post(
        f"/api/v1/tasks/{task_id}/complete/", {"accepted_on": "yesterday"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"accepted_on": ["Enter a valid date."]}


def test_completing_twice_is_a_409_naming_who_completed(clients):
    case = _case()
    clerk, task_id = clients("clerk"), _accept_task_id(case)
    clerk.post(f"/api/v1/tasks/{task_id}/claim/")
    body = {"accepted_on": "2026-03-02"}
    assert clerk.post(f"/api/v1/tasks/{task_id}/complete/", body, format="json").status_code == 200
    again = clerk.post(f"/api/v1/tasks/{task_id}/complete/", body, format="json")
    assert again.status_code == 409
    assert "already completed by 李娜" in again.json()["detail"]
    assert AuditEvent.objects.filter(case=case, event_type="task.completed").count() == 1


def test_tasks_of_another_prefecture_are_404_and_of_another_role_403(clients):
    urumqi_task = _accept_task_id(_case())
    assert clients("handler_kashgar").post(f"/api/v1/tasks/{urumqi_task}/claim/").status_code == 404
    refused = clients("leader").post(f"/api/v1/tasks/{urumqi_task}/claim/")
    assert refused.status_code == 403
    assert clients("supervisor").get("/api/v1/tasks/queue/").json()["count"] == 0


def test_completing_an_unclaimed_task_is_refused(clients):
    task_id = _accept_task_id(_case())
    response = clients("clerk").post(
        f"/api/v1/tasks/{task_id}/complete/", {"accepted_on": "2026-03-02"}, format="json"
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "Take the task before completing it."}


def test_unclaim_returns_the_task_to_the_queue(clients):
    task_id = _accept_task_id(_case())
    clerk = clients("clerk")
    clerk.post(f"/api/v1/tasks/{task_id}/claim/")
    assert clerk.post(f"/api/v1/tasks/{task_id}/unclaim/").status_code == 200
    assert clerk.get("/api/v1/tasks/queue/").json()["count"] == 1


def test_a_supervisor_releases_a_claimed_task_but_neither_claims_nor_completes_one(clients):
    task_id = _accept_task_id(_case())
    clients("clerk").post(f"/api/v1/tasks/{task_id}/claim/")
    supervisor = clients("supervisor")

    assert (
        supervisor.post(f"/api/v1/tasks/{task_id}/complete/", {}, format="json").status_code == 403
    )
    assert supervisor.post(f"/api/v1/tasks/{task_id}/unclaim/").status_code == 200
    assert supervisor.post(f"/api/v1/tasks/{task_id}/claim/").status_code == 403
    assert clients("clerk").get("/api/v1/tasks/queue/").json()["count"] == 1


@pytest.mark.parametrize("value", [True, ["2026-03-02"], {"day": 2}, 20260302])
def test_a_completion_with_a_value_that_is_not_text_is_a_400_not_a_500(clients, value):
    task_id = _accept_task_id(_case())
    clerk = clients("clerk")
    clerk.post(f"/api/v1/tasks/{task_id}/claim/")
    response = clerk.post(
        f"/api/v1/tasks/{task_id}/complete/", {"accepted_on": value}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"accepted_on"}


def test_bad_filters_are_a_400(clients):
    response = clients("clerk").get("/api/v1/tasks/mine/?ordering=password&procedure=x")
    assert response.status_code == 400
    assert set(response.json()) == {"ordering", "procedure"}


def test_court_client_is_refused(clients):
    assert clients("court").get("/api/v1/tasks/mine/").status_code == 403
