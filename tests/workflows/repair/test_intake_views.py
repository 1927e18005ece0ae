"""新建信用修复申请 at the counter, through the real pages: step 1 the USCC, step 2 the
record, the applicant, the pledge and the materials; refusals create nothing."""

from datetime import date

import pytest

from tests.factories import bureau
from tests.workflows.repair.materials import (
    FAKE_PDF,
    jpeg_bytes,
    pdf_bytes,
    png_bytes,
    sha256,
    stored_files,
    upload,
)
from tests.workflows.repair.people import user_with
from workflows.core.models import Case, CreditRecord
from workflows.core.selectors import queue_of
from workflows.repair.models import RepairApplication, RepairAttachment
from workflows.repair.views.urls import apply_url, case_url

pytestmark = pytest.mark.django_db

APPLY = "/app/repair/apply/"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def clerk_client(client, staff):
    client.force_login(staff["clerk"])
    return client


def _form(record, **overrides) -> dict:
    data = {
        "uscc": record.subject.uscc,
        "record": record.pk,
        "applicant_name": "王建国",
        "applicant_phone": "13899880000",
        "grounds": "已履行行政处罚决定，消除不良影响。",
        "pledge_made": "on",
    }
    return {**data, **overrides}


def _page(response) -> str:
    return response.content.decode()


def test_the_page_is_mounted_in_the_credit_repair_application():
    assert apply_url() == APPLY
    assert apply_url("91650102MA0000015X", 7) == f"{APPLY}?uscc=91650102MA0000015X&record=7"


def test_step_one_normalises_the_code_and_lists_the_subjects_records(clerk_client, make_record):
    record = make_record(CreditRecord.Kind.SERIOUS_LIST, years_ago=1.5)
    typed = " " + record.subject.uscc.lower().replace("9", "９") + " "  # full-width, lower case
    page = _page(clerk_client.get(APPLY, {"uscc": typed}))
    assert record.subject.name in page
    assert "乌市监处罚〔2024〕9号" in page
    assert f'value="{record.subject.uscc}"' in page  # carried as the normalised code
    assert f'value="{record.pk}"' in page and "checked" in page  # the only record, chosen


def test_step_one_shows_the_rule_a_bad_code_breaks(clerk_client, make_record):
    uscc = make_record().subject.uscc
    wrong = uscc[:17] + ("0" if uscc[17] != "0" else "1")
    response = clerk_client.get(APPLY, {"uscc": wrong})
    assert response.status_code == 200
    assert f"校验码（第18位）为“{wrong[17]}”，应为“{uscc[17]}”。" in _page(response)
    assert 'name="record"' not in _page(response)


def test_a_reminder_link_preselects_its_record(clerk_client, make_record):
    first = make_record(CreditRecord.Kind.SERIOUS_LIST, years_ago=1.5)
    second = make_record(CreditRecord.Kind.PENALTY, years_ago=1, subject=first.subject)
    page = _page(clerk_client.get(apply_url(first.subject.uscc, second.pk)))
    assert f'name="record" value="{second.pk}" required id="id_record_0" checked>' in page
    assert f'name="record" value="{first.pk}" required id="id_record_1">' in page
    assert 'value="张三"' in page  # the applicant defaults to the legal representative


def test_a_complete_application_opens_the_case_with_its_materials(
    clerk_client, staff, make_record, media
):
    record = make_record(CreditRecord.Kind.SERIOUS_LIST, years_ago=1.5)
    files = {
        "attachments_application": [upload("信用修复申请书.pdf", pdf_bytes())],
        "attachments_pledge": [upload("守信承诺书.png", png_bytes())],
        "attachments_evidence": [
            upload("../../etc/缴款凭证.jpg", jpeg_bytes()),
            upload("整改报告.pdf", pdf_bytes(extra=100)),
        ],
    }
    response = clerk_client.post(APPLY, {**_form(record), **files})

    application = RepairApplication.objects.get(credit_record=record)
    assert response.status_code == 302
    assert response["Location"] == case_url(application.case)
    assert (application.channel, application.applicant_name, application.pledge_made) == (
        "counter", "王建国", True,
    )  # fmt: skip
    assert application.received_on == date.today()
    record.refresh_from_db()
    assert record.state == CreditRecord.State.REPAIR_REQUESTED

    attachments = list(application.attachments.order_by("pk"))
    assert [(a.kind, a.original_name, a.content_type) for a in attachments] == [
        ("application", "信用修复申请书.pdf", "application/pdf"),
        ("pledge", "守信承诺书.png", "image/png"),
        ("evidence", "缴款凭证.jpg", "image/jpeg"),
        ("evidence", "整改报告.pdf", "application/pdf"),
    ]
    expected = [pdf_bytes(), png_bytes(), jpeg_bytes(), pdf_bytes(extra=100)]
    for attachment, content in zip(attachments, expected, strict=True):
        assert attachment.sha256 == sha256(content)
        assert attachment.uploaded_by == staff["clerk"]
        with attachment.file.open("rb") as stored:
            assert sha256(stored.read()) == attachment.sha256
    assert len(stored_files(media)) == 4
    assert all(str(path).startswith(str(media / "repair")) for path in stored_files(media))

    queue = queue_of(staff["clerk"]).filter(case=application.case)
    assert [(row.step, row.rule.code) for row in queue] == [("accept", "REP-ACCEPT")]


def test_an_ineligible_record_shows_every_reason_and_creates_nothing(
    clerk_client, make_record, media
):
    record = make_record(CreditRecord.Kind.SERIOUS_LIST, years_ago=0.5)  # listed 6 months ago
    cases = Case.objects.count()
    response = clerk_client.post(
        APPLY,
        {
            **_form(record, pledge_made=""),
            "attachments_application": [upload("申请书.pdf", pdf_bytes())],
        },
    )
    assert response.status_code == 200
    page = _page(response)
    assert "xy-reasons" in page
    assert f"尚未满最短公示期，自{record.repairable_from.isoformat()}起可申请信用修复。" in page
    assert page.count('class="xy-reason"') == 2  # the period, and the unsigned pledge
    assert Case.objects.count() == cases
    assert not RepairAttachment.objects.exists()
    assert stored_files(media) == []
    record.refresh_from_db()
    assert record.state == CreditRecord.State.LISTED


def test_a_wrong_code_at_submission_creates_nothing(clerk_client, make_record, media):
    record = make_record(CreditRecord.Kind.SERIOUS_LIST, years_ago=1.5)
    cases = Case.objects.count()
    response = clerk_client.post(
        APPLY,
        {
            **_form(record, uscc="91650102MA000001"),
            "attachments_pledge": [upload("a.pdf", pdf_bytes())],
        },
    )
    assert response.status_code == 200
    assert "统一社会信用代码应为18位，当前为16位。" in _page(response)
    assert Case.objects.count() == cases
    assert stored_files(media) == []


def test_a_fake_pdf_is_refused_next_to_its_field_and_nothing_is_stored(
    clerk_client, make_record, media
):
    record = make_record(CreditRecord.Kind.SERIOUS_LIST, years_ago=1.5)
    cases = Case.objects.count()
    response = clerk_client.post(
        APPLY,
        {
            **_form(record),
            "attachments_application": [upload("申请书.pdf", pdf_bytes())],
            "attachments_evidence": [upload("整改说明.pdf", FAKE_PDF, "application/pdf")],
        },
    )
    assert response.status_code == 200
    page = _page(response)
    assert "“整改说明.pdf”不是PDF、JPEG或PNG文件（按文件内容而非文件名判断）" in page
    assert Case.objects.count() == cases
    assert stored_files(media) == []
    record.refresh_from_db()
    assert record.state == CreditRecord.State.LISTED


def test_an_oversize_file_is_refused_and_nothing_is_stored(
    clerk_client, make_record, media, settings
):
    settings.UPLOAD_MAX_BYTES = 4096
    record = make_record(CreditRecord.Kind.SERIOUS_LIST, years_ago=1.5)
    cases = Case.objects.count()
    response = clerk_client.post(
        APPLY,
        {**_form(record), "attachments_evidence": [upload("扫描件.pdf", pdf_bytes(extra=8000))]},
    )
    assert response.status_code == 200
    assert "“扫描件.pdf”大小为0.0 MB，文件不得超过0.0 MB。" in _page(response)
    assert Case.objects.count() == cases
    assert stored_files(media) == []


@pytest.mark.parametrize("username", ["handler", "section_head", "supervisor", "auditor"])
def test_only_clerks_open_the_intake_page(client, staff, username):
    client.force_login(staff[username])
    assert client.get(APPLY).status_code == 403
    assert client.post(APPLY, {"uscc": "x"}).status_code == 403


def test_a_clerk_of_another_prefecture_gets_403_and_creates_nothing(
    client, staff, make_record, media
):
    record = make_record(CreditRecord.Kind.SERIOUS_LIST, years_ago=1.5)  # Ürümqi's record
    client.force_login(user_with("clerk", "653100"))
    cases = Case.objects.count()
    response = client.post(
        APPLY, {**_form(record), "attachments_pledge": [upload("a.pdf", pdf_bytes())]}
    )
    assert response.status_code == 403
    assert Case.objects.count() == cases
    assert stored_files(media) == []


def test_a_regional_clerk_may_apply_for_any_bureau(client, make_record, media):
    record = make_record(CreditRecord.Kind.ABNORMAL_LIST, years_ago=0.2, bureau_code="653100")
    client.force_login(user_with("clerk", "650000"))
    response = client.post(APPLY, _form(record))
    assert response.status_code == 302
    assert RepairApplication.objects.get(credit_record=record).case.bureau == bureau("653100")


def test_the_credit_repair_application_menu_lists_the_pages_each_role_may_open(client, staff):
    client.force_login(staff["clerk"])
    page = _page(client.get("/app/repair/"))
    for url in ("/app/repair/inbox/", APPLY, "/app/repair/reminders/", "/app/repair/cases/"):
        assert f'href="{url}"' in page
    assert "信用修复" in page  # the application's title
    client.force_login(staff["handler"])
    page = _page(client.get("/app/repair/"))
    assert f'href="{APPLY}"' not in page and 'href="/app/repair/reminders/"' not in page
    assert 'href="/app/repair/cases/"' in page
