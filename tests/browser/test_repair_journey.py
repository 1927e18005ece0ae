"""Journey 1: a credit-repair application from the counter to the signed decision.

The clerk enters the application with its materials and accepts it, the handler
verifies, the section head reviews and the leader grants; each takes the task from the
workbench queue. The leader downloads the decision, rendered by the real worker.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.steps import choose, execute, fill_text, pdf_text, take_from_queue
from tests.factories import SubjectFactory, bureau
from tests.workflows.repair.materials import pdf_bytes, png_bytes
from workflows.core.models import Case, CaseDocument, CreditRecord
from workflows.core.services.credit_records import credit_record_create

pytestmark = pytest.mark.django_db(transaction=True)

APPLICATION_PDF = pdf_bytes(extra=2048)


@pytest.fixture
def listed_record(staff) -> CreditRecord:
    subject = SubjectFactory(
        name="乌鲁木齐丝路明珠商贸有限公司", region=bureau("650100"), risk_class="B"
    )
    return credit_record_create(
        subject=subject,
        kind=CreditRecord.Kind.SERIOUS_LIST,
        reason="提供虚假材料骗取公司登记",
        listed_on=date.today() - timedelta(days=550),
        deciding_bureau=bureau("650100"),
        actor=None,
        decision_no="乌市监处罚〔2025〕17号",
    )


def test_repair_application_goes_from_the_counter_to_a_downloadable_decision(
    login, worker, listed_record, tmp_path
):
    subject = listed_record.subject

    # The clerk finds the subject by a code typed in lower case and submits.
    clerk = login("clerk")
    page = clerk.go("/app/repair/apply/")
    page.get_by_label("统一社会信用代码").fill(subject.uscc.lower())
    page.get_by_label("统一社会信用代码").press("Enter")
    expect(page.get_by_text("乌市监处罚〔2025〕17号")).to_be_visible()
    page.get_by_label("申请人").fill("马丽")
    page.get_by_label("联系电话").fill("13999001122")
    page.locator("input[name=attachments_application]").set_input_files(
        files=[{"name": "信用修复申请书.pdf", "mimeType": "application/pdf",
                "buffer": APPLICATION_PDF}]
    )  # fmt: skip
    page.locator("input[name=attachments_evidence]").set_input_files(
        files=[{"name": "整改说明.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    page.get_by_role("button", name="提交申请").click()
    # Forgotten grounds and pledge: the errors stand next to their fields.
    grounds = page.locator(".xy-field", has=page.locator("[name=grounds]"))
    expect(grounds.locator(".xy-error")).to_have_text("这个字段是必填项。")
    clerk.shot("repair-1-intake-errors")

    page.get_by_label("修复理由").fill("已全面整改，消除不良影响，按期履行行政处罚决定。")
    page.get_by_label("已签署守信承诺书").check()
    for name, file in (
        ("attachments_application", ("信用修复申请书.pdf", "application/pdf", APPLICATION_PDF)),
        ("attachments_evidence", ("整改说明.png", "image/png", png_bytes())),
    ):
        page.locator(f"input[name={name}]").set_input_files(
            files=[{"name": file[0], "mimeType": file[1], "buffer": file[2]}]
        )
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/app/repair/cases/*/")
    case = Case.objects.get(subject=subject)
    expect(page.locator(".xy-attachments")).to_contain_text("信用修复申请书.pdf")
    clerk.shot("repair-2-application-received")

    # The uploaded material comes back byte for byte.
    with page.expect_download() as download:
        page.get_by_role("link", name="信用修复申请书.pdf").click()
    assert download.value.path().read_bytes() == APPLICATION_PDF

    # 受理 (acceptance) by the clerk, from the queue.
    take_from_queue(page, case.case_no)
    choose(page, "decision", "accept")
    execute(page)

    # 核查 (verification) by the handler.
    handler = login("handler")
    take_from_queue(handler.page, case.case_no)
    choose(handler.page, "opinion", "grant")
    choose(handler.page, "method", "written")
    fill_text(handler.page, "findings", "经书面核查，当事人已履行处罚决定并完成整改。")
    execute(handler.page)

    # 科室审核 (section review).
    head = login("section_head")
    take_from_queue(head.page, case.case_no)
    choose(head.page, "result", "agree")
    execute(head.page)

    # 决定 (decision) by the leader.
    leader = login("leader")
    take_from_queue(leader.page, case.case_no)
    choose(leader.page, "decision", "grant")
    leader.shot("repair-3-decision-form")
    execute(leader.page)

    # The decision is rendered by the worker; the case page shows it when it is ready.
    page = leader.go(f"/app/repair/cases/{case.pk}/")
    decision = CaseDocument.objects.get(case=case, kind="repair.grant_decision")
    number = f"乌市监信修准〔{timezone.localdate().year}〕1号"
    assert decision.doc_number == number
    row = page.locator(".xy-documents tr", has_text=number)
    link = row.get_by_role("link", name="下载PDF")
    expect(link).to_be_visible(timeout=60_000)
    expect(page.locator(".xy-outcome")).to_have_text("准予信用修复")
    leader.shot("repair-4-decision-issued")

    with page.expect_download() as download:
        link.click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    assert target.name == f"{number}-v1.pdf"
    text = pdf_text(target)
    assert number in text
    assert "准予信用修复决定书" in text
    assert subject.name in text
