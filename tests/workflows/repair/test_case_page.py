"""The repair case page: application, materials, documents, deadlines and audit trail,
with the staff actions outside the steps (pledged materials received, revoke for fraud)."""

from datetime import date

import pytest

from forms.validators import inspect_upload
from tests.workflows.repair.conftest import run_step
from tests.workflows.repair.materials import pdf_bytes, png_bytes, sha256
from tests.workflows.repair.people import user_with
from workflows.core.models import AuditEvent, Case, CaseDocument, CreditRecord
from workflows.core.services.documents import document_render
from workflows.repair.models import RepairApplication
from workflows.repair.services import repair_apply
from workflows.repair.views.urls import case_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _attachment(kind: str, name: str, content: bytes) -> dict:
    return {**inspect_upload(name, content, max_bytes=2**20), "kind": kind}


@pytest.fixture
def application(staff, make_record, media) -> RepairApplication:
    record = make_record(CreditRecord.Kind.ABNORMAL_LIST, years_ago=0.3)
    return repair_apply(
        record=record, channel="counter", applicant_name="王建国", grounds="已补报年度报告",
        pledge_made=True, actor=staff["clerk"], applicant_phone="13899880000",
        attachments=[
            _attachment("application", "信用修复申请书.pdf", pdf_bytes()),
            _attachment("evidence", "年报公示截图.png", png_bytes()),
        ],
    )  # fmt: skip


def _page(client, application) -> str:
    response = client.get(case_url(application.case))
    assert response.status_code == 200
    return response.content.decode()


def _executed(application, staff) -> RepairApplication:
    """即申即办: granted at acceptance, then executed on the publicity system."""
    case = application.case
    run_step(case, "accept", staff["clerk"], {"decision": "accept", "decide_now": "on"})
    run_step(case, "execute", staff["handler"], {"executed_on": date.today().isoformat()})
    application.refresh_from_db()
    assert application.outcome == RepairApplication.Outcome.GRANTED and application.executed_on
    return application


def test_the_page_shows_application_materials_deadlines_tasks_and_trail(client, staff, application):
    client.force_login(staff["clerk"])
    page = _page(client, application)
    case = application.case
    assert case.case_no in page and case.subject.name in page
    assert "王建国" in page and "13899880000" in page and "已补报年度报告" in page
    attachments = list(application.attachments.order_by("pk"))
    assert [a.original_name for a in attachments] == ["信用修复申请书.pdf", "年报公示截图.png"]
    for attachment in attachments:
        url = f"/app/repair/cases/{case.pk}/attachments/{attachment.pk}/"
        assert f'href="{url}"' in page and attachment.original_name in page
    assert "xy-workdays" in page  # working days left on the open deadlines
    accept = case.process.task_set.get(flow_task__endswith="accept", finished__isnull=True)
    assert f'href="{accept.reverse("index")}"' in page
    assert "repair.applied" in page and "repair.attachment_added" in page
    assert "xy-actions" not in page  # nothing to do outside the steps yet


def test_documents_are_listed_with_their_download_link(client, staff, application):
    run_step(application.case, "accept", staff["clerk"], {"decision": "accept"})
    document = CaseDocument.objects.get(case=application.case)
    document_render(document.pk)
    client.force_login(staff["handler"])
    page = _page(client, application)
    assert document.doc_number in page
    assert f'href="/documents/{document.pk}/download/"' in page
    download = client.get(f"/documents/{document.pk}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_attachments_download_with_their_name_and_checked_content(client, staff, application):
    client.force_login(staff["handler"])
    attachment = application.attachments.get(kind="evidence")
    response = client.get(f"/app/repair/cases/{application.case_id}/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "attachment;" in response["Content-Disposition"]
    assert "filename*=utf-8''%E5%B9%B4%E6%8A%A5" in response["Content-Disposition"]
    assert sha256(b"".join(response.streaming_content)) == attachment.sha256


def test_a_tampered_attachment_is_refused_with_409(client, staff, application):
    attachment = application.attachments.get(kind="application")
    with open(attachment.file.path, "ab") as stored:
        stored.write(b"tampered")
    client.force_login(staff["clerk"])
    url = f"/app/repair/cases/{application.case_id}/attachments/{attachment.pk}/"
    assert client.get(url).status_code == 409


def test_other_prefectures_get_404_and_outside_clients_403(client, application):
    case = application.case
    attachment = application.attachments.first()
    urls = [case_url(case), f"/app/repair/cases/{case.pk}/attachments/{attachment.pk}/"]
    client.force_login(user_with("handler", "653100"))
    assert [client.get(url).status_code for url in urls] == [404, 404]
    client.force_login(user_with("online_channel", "650000"))
    assert [client.get(url).status_code for url in urls] == [403, 403]


def test_supervisors_read_the_page_without_actions(client, staff, application):
    _executed(application, staff)
    client.force_login(staff["supervisor"])
    page = _page(client, application)
    assert "xy-actions" not in page
    assert client.get(f"/app/repair/cases/{application.case_id}/revoke/").status_code == 403


def test_the_clerk_records_the_pledged_materials_as_received(client, staff, application):
    run_step(
        application.case, "accept", staff["clerk"],
        {"decision": "accept", "missing_materials": "营业执照副本复印件"},
    )  # fmt: skip
    url = f"/app/repair/cases/{application.case_id}/pledge-fulfilled/"
    client.force_login(staff["handler"])
    assert client.post(url).status_code == 403

    client.force_login(staff["clerk"])
    assert "pledge-fulfilled" in _page(client, application)
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == case_url(application.case)
    application.refresh_from_db()
    assert application.pledge_state == RepairApplication.PledgeState.FULFILLED
    assert AuditEvent.objects.filter(case=application.case, event_type="repair.pledge_fulfilled")
    assert "pledge-fulfilled" not in _page(client, application)

    again = client.post(url, follow=True)
    assert "没有待履行的容缺承诺。" in again.content.decode()  # shown; nothing recorded
    assert (
        AuditEvent.objects.filter(
            case=application.case, event_type="repair.pledge_fulfilled"
        ).count()
        == 1
    )


def test_a_section_head_revokes_an_executed_repair_after_confirming(client, staff, application):
    application = _executed(application, staff)
    url = f"/app/repair/cases/{application.case_id}/revoke/"
    client.force_login(staff["section_head"])
    assert f'href="{url}"' in _page(client, application)

    form = client.get(url)
    assert form.status_code == 200 and 'name="confirm"' in form.content.decode()
    unconfirmed = client.post(url, {"reason": "提交的年报截图系伪造"})
    assert unconfirmed.status_code == 200
    application.refresh_from_db()
    assert application.outcome == RepairApplication.Outcome.GRANTED

    response = client.post(url, {"reason": "提交的年报截图系伪造", "confirm": "on"})
    assert response.status_code == 302
    application.refresh_from_db()
    application.credit_record.refresh_from_db()
    assert application.outcome == RepairApplication.Outcome.REVOKED
    assert application.outcome_reason == "提交的年报截图系伪造"
    assert application.credit_record.state == CreditRecord.State.LISTED
    revoked = AuditEvent.objects.get(case=application.case, event_type="repair.revoked")
    assert revoked.actor == staff["section_head"]
    assert Case.objects.get(pk=application.case_id).status == Case.Status.CLOSED
    page = _page(client, application)  # the closed case still opens
    assert "提交的年报截图系伪造" in page and f'href="{url}"' not in page
    assert client.get(url).status_code == 404  # nothing left to revoke


@pytest.mark.parametrize(
    ("role", "bureau_code", "status"),
    [
        ("clerk", "650100", 403),
        ("handler", "650100", 403),
        ("leader", "653100", 404),  # another prefecture's leader does not see the case
        ("leader", "650000", 200),  # the regional bureau's may act on every bureau
    ],
)
def test_only_section_heads_and_leaders_of_the_bureau_may_revoke(
    client, staff, application, role, bureau_code, status
):
    _executed(application, staff)
    client.force_login(user_with(role, bureau_code))
    url = f"/app/repair/cases/{application.case_id}/revoke/"
    assert client.get(url).status_code == status
    response = client.post(url, {"reason": "伪造材料", "confirm": "on"})
    assert response.status_code == (302 if status == 200 else status)


def test_an_unexecuted_repair_cannot_be_revoked(client, staff, application):
    client.force_login(staff["leader"])
    assert client.get(f"/app/repair/cases/{application.case_id}/revoke/").status_code == 404


def test_the_case_list_shows_the_bureaus_repair_cases(client, staff, application):
    client.force_login(staff["clerk"])
    page = client.get("/app/repair/cases/").content.decode()
    assert f'href="{case_url(application.case)}"' in page
    client.force_login(user_with("clerk", "653100"))
    assert application.case.case_no not in client.get("/app/repair/cases/").content.decode()
