"""The alliance documents render to PDF; the task pages render; the API contract is in
the OpenAPI schema; the demo seeds every step and is idempotent."""

import json
import subprocess

import pytest
from django.test import Client

from tests.workflows.alliance.conftest import admit, apply, end_notice, open_task, to_notice
from workflows.alliance.models import Admission
from workflows.core.models import Case, CaseDocument
from workflows.core.services.documents import document_render
from workflows.core.services.tasks import task_claim

pytestmark = pytest.mark.django_db


def _text(path) -> str:
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return "".join(text.split())


def test_the_certificate_and_the_recommendation_form_render_with_their_numbers(
    online_client, good_subject, staff, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    case = admit(online_client, good_subject, staff).case
    certificate = CaseDocument.objects.get(case=case, kind="alliance.certificate")
    form = CaseDocument.objects.get(case=case, kind="alliance.recommendation")

    certificate_text = _text(tmp_path / "media" / document_render(certificate.pk).file.name)
    form_text = _text(tmp_path / "media" / document_render(form.pk).file.name)

    year = case.opened_at.year
    assert certificate.doc_number == f"新市监同盟证〔{year}〕1号"
    assert "企业信用同盟成员证书" in certificate_text
    assert (
        good_subject.name in certificate_text and f"XJXYTM-{year}-650100-0001" in certificate_text
    )
    assert form.doc_number == f"乌市监同盟荐〔{year}〕1号"
    assert "入盟条件筛查结果" in form_text and "近3年未被列入严重违法失信名单符合" in form_text


def test_the_objection_step_page_lists_the_pending_objections(online_client, good_subject, staff):
    case = apply(online_client, good_subject)
    to_notice(case, staff)
    online_client.post(
        "/api/v1/alliance/objections/",
        {
            "case_no": case.case_no,
            "objector_name": "李华",
            "grounds": "拖欠货款",
        },
    )
    end_notice(case)
    task = open_task(case, "handle_objection")
    task_claim(task=task, user=staff["region_handler"])
    client = Client()
    client.force_login(staff["region_handler"])
    page = client.get(task.reverse("index"), follow=True)
    html = page.content.decode()
    assert page.status_code == 200
    # The material widgets carry their options as JSON (non-ASCII escaped).
    assert 'name="objection"' in html and json.dumps("李华（")[1:-1] in html


def test_the_api_contract_is_in_the_openapi_schema(client):
    schema = client.get("/api/schema/?format=json").json()
    application = schema["paths"]["/api/v1/alliance/applications/"]["post"]
    assert set(application["responses"]) == {"201", "400", "401", "403", "422"}
    objection = schema["paths"]["/api/v1/alliance/objections/"]["post"]
    assert set(objection["responses"]) == {"201", "400", "401", "403", "404", "422"}
    assert "get" in schema["paths"]["/api/v1/alliance/notices/"]


def test_the_demo_seeds_cases_in_every_step(staff):
    from workflows.alliance import demo

    assert demo.seed() == {"alliance_cases": 11}
    assert demo.seed() == {"alliance_cases": 11}  # idempotent
    steps = set(
        Case.objects.filter(procedure="alliance", status="open").values_list(
            "current_step", flat=True
        )
    )
    assert steps == {
        "prefecture_check",
        "prefecture_signoff",
        "regional_review",
        "expert_scoring",
        "notice",
        "handle_objection",
        "statement",
    }
    outcomes = set(Admission.objects.values_list("outcome", flat=True))
    assert outcomes == {"pending", "admitted", "screening_failed"}
