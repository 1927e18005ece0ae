"""The OpenAPI 3 schema documents every staff endpoint and validates without warnings."""

import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db

API_PATHS = {
    "/api/v1/subjects/",
    "/api/v1/subjects/{uscc}/",
    "/api/v1/cases/",
    "/api/v1/cases/{id}/",
    "/api/v1/calendar/add-workdays/",
    "/api/v1/calendar/workdays-between/",
    "/api/v1/sla/summary/",
    "/api/v1/sla/steps/",
    "/api/v1/sla/cases/",
    "/api/v1/sla/reports/",
    "/api/v1/sla/tasks/{task_id}/reassign/",
    "/api/v1/sla/deadlines/{deadline_id}/pause/",
    "/api/v1/sla/deadlines/{deadline_id}/resume/",
}


def test_schema_lists_every_endpoint_with_its_parameters(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert set(schema["paths"]) >= API_PATHS

    def parameters(path: str) -> set[str]:
        return {p["name"] for p in schema["paths"][path]["get"]["parameters"]}

    assert parameters("/api/v1/subjects/") == {
        "uscc", "q", "region", "subject_type", "reg_status", "ordering", "page", "page_size",
    }  # fmt: skip
    assert parameters("/api/v1/cases/") == {
        "procedure", "status", "source", "bureau", "subject", "opened_after", "opened_before",
        "overdue", "ordering", "page", "page_size",
    }  # fmt: skip
    assert parameters("/api/v1/calendar/add-workdays/") == {"date", "count"}
    assert set(schema["components"]["securitySchemes"]) == {"tokenAuth", "cookieAuth"}
    detail = schema["paths"]["/api/v1/cases/{id}/"]["get"]
    assert set(detail["responses"]) == {"200", "401", "403", "404"}
    examples = detail["responses"]["200"]["content"]["application/json"]["examples"]
    assert examples["信用修复案件"]["value"]["case_no"] == "乌市监信修〔2026〕3号"


def test_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert set(schema["paths"]) >= API_PATHS
    enums = schema["components"]["schemas"]
    assert enums["CaseStatusEnum"]["enum"] == ["open", "closed", "cancelled"]
    assert enums["DeadlineStatusEnum"]["enum"] == [
        "on_track", "due_soon", "overdue", "met", "breached", "paused",
    ]  # fmt: skip
