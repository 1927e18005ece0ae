"""The listing documents render to PDF with their 文号 and texts."""

import subprocess

import pytest

from tests.workflows.listing.conftest import payload
from workflows.core.models import Case, CaseDocument
from workflows.core.services.documents import document_render

pytestmark = pytest.mark.django_db


def test_the_court_lead_receipt_renders_with_its_number(court_client, subject, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    response = court_client.post("/api/v1/court-referrals/", payload(subject), format="json")
    case = Case.objects.get(case_no=response.json()["case_no"])
    receipt = CaseDocument.objects.get(case=case, kind="listing.lead_receipt")

    rendered = document_render(receipt.pk)

    assert rendered.status == "rendered"
    path = tmp_path / "media" / rendered.file.name
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    compact = "".join(text.split())
    assert receipt.doc_number in compact
    assert "法院线索推送接收单" in compact
    assert subject.name in compact
