"""The REST API fuzzed with schemathesis against its own OpenAPI schema on a live server:
no 500, no response outside the schema. Plus the bugs it found, pinned as regressions."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from workflows.core.models import Deadline, User

ROOT = Path(__file__).resolve().parents[2]
SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"


def _client(user: User) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("body", [{"reason": {"x": 1}}, {"reason": ["a"]}, ["reason"]])
def test_a_pause_whose_body_is_not_a_text_reason_is_a_400_not_a_500(sample_case, staff, body):
    deadline = Deadline.objects.filter(case=sample_case).first()
    response = _client(staff["supervisor"]).post(
        f"/api/v1/sla/deadlines/{deadline.pk}/pause/", body, format="json"
    )
    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("body", [{"to_user": {"x": 1}, "reason": "换人"}, ["to_user"]])
def test_a_reassignment_whose_body_is_malformed_is_a_400_not_a_500(sample_case, staff, body):
    task = sample_case.process.task_set.filter(finished__isnull=True).first()
    response = _client(staff["supervisor"]).post(
        f"/api/v1/sla/tasks/{task.pk}/reassign/", body, format="json"
    )
    assert response.status_code == 400


@pytest.mark.django_db
def test_only_supervisors_may_reassign_and_others_are_refused_before_the_body_is_read(
    sample_case, staff
):
    task = sample_case.process.task_set.filter(finished__isnull=True).first()
    response = _client(staff["section_head"]).post(
        f"/api/v1/sla/tasks/{task.pk}/reassign/", {"to_user": "nobody"}, format="json"
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "Only supervisors may reassign tasks."}


@pytest.mark.django_db(transaction=True)
def test_the_api_survives_schemathesis_without_a_500_or_a_schema_violation(live_server):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    token, _ = Token.objects.get_or_create(user=User.objects.get(username="region_handler"))
    command = [
        str(SCHEMATHESIS), "run", f"{live_server.url}/api/schema/",
        "--header", f"Authorization: Token {token.key}",
        "--checks", "not_a_server_error,response_schema_conformance",
        "--max-examples", "4", "--phases", "examples,fuzzing", "--seed", "20261127",
        "--no-color", "--suppress-health-check", "all",
    ]  # fmt: skip
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-6000:]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["cases", "events"])
def test_an_export_while_the_index_is_missing_comes_from_the_database(staff, settings, kind):
    settings.ELASTICSEARCH_INDEX_PREFIX = "security-no-such-index"
    response = _client(staff["auditor"]).get(f"/api/v1/search/{kind}/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
