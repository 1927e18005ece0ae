"""An approved pilot to its end: mid-term check with rectification and re-check,
self-assessment, on-site acceptance and the acceptance opinion."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from tests.forms.test_uploads import MINIMAL_PDF
from tests.receiver import deliver_all
from tests.workflows.pilot.conftest import (
    act,
    apply,
    approved_pilot,
    open_tasks,
    panel,
    score,
    today,
)
from workflows.core.models import AuditEvent, Case, CaseDocument, Deadline
from workflows.core.services.documents import document_render
from workflows.core.workdays import add_workdays
from workflows.pilot.models import Pilot, PilotReport


def test_a_pilot_is_accepted_after_a_midterm_rectification_and_published(
    client, people, call, receiver
):
    application = approved_pilot(client, people, call)
    case, pilot, year = application.case, application.pilot, today().year
    assert pilot.reports.filter(status=PilotReport.Status.DUE).exists()

    act(case, "midterm", people["region_handler"],
        {"result": "rectify", "findings": "商户信用档案建档率仅62%"})  # fmt: skip
    pilot.refresh_from_db()
    assert pilot.state == Pilot.State.RECTIFYING
    rectify = Deadline.objects.get(task=open_tasks(case, "rectify_midterm").get())
    assert (rectify.bureau.code, rectify.role) == ("650100", "handler")
    act(case, "rectify_midterm", people["handler"], {"measures": "已完成全部商户建档"})
    act(case, "recheck", people["region_handler"], {"result": "pass", "findings": "整改到位"})
    pilot.refresh_from_db()
    assert pilot.state == Pilot.State.MIDTERM_CHECKED
    # Due 20 working days after the pilot period ends (the calendar maths is core's).
    self_due = Deadline.objects.get(task=open_tasks(case, "self_assess").get())
    assert (self_due.rule.code, self_due.started_on) == ("PILOT-SELF", pilot.period_end)
    assert self_due.due_date == add_workdays(pilot.period_end, 20).value

    # Only the pilot's own bureau assesses itself; the form is the real task page.
    task = open_tasks(case, "self_assess").get()
    client.force_login(people["handler_kashgar"])
    assert client.post(task.reverse("assign")).status_code in (403, 404)
    client.force_login(people["handler"])
    assert client.post(task.reverse("assign")).status_code == 302
    bad = client.post(task.reverse("execute"), {
        "assessment": "各项指标全部完成", "self_score": "120",
        "attachments": SimpleUploadedFile("自评报告.pdf", "不是PDF".encode()),
    })  # fmt: skip
    assert bad.status_code == 200
    assert set(bad.context["form"].errors) == {"self_score", "attachments"}
    response = client.post(task.reverse("execute"), {
        "assessment": "各项指标全部完成，投诉下降35%", "self_score": "92",
        "attachments": SimpleUploadedFile("自评报告.pdf", MINIMAL_PDF),
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    pilot.refresh_from_db()
    assert (pilot.state, pilot.self_score) == (Pilot.State.UNDER_ACCEPTANCE, 92)
    assert application.attachments.filter(kind="self_assessment").count() == 1

    act(case, "onsite", people["region_handler"], {
        "inspected_on": str(today()), "inspectors": "赵婷、马国庆",
        "findings": "现场抽查商户30户，信用公示到位",
    })  # fmt: skip
    act(case, "opinion", people["region_leader"],
        {"result": "accepted", "opinion": "同意通过验收，作为示范推广"})  # fmt: skip

    pilot.refresh_from_db()
    case.refresh_from_db()
    assert (pilot.state, pilot.closed_on) == (Pilot.State.ACCEPTED, today())
    assert (case.status, case.decision) == (Case.Status.CLOSED, "accepted")
    assert not pilot.reports.filter(status=PilotReport.Status.DUE).exists()
    sent = deliver_all(receiver, case)  # published on the portal: the pilot, then its result
    assert [(target, body["type"]) for target, body in sent] == [
        ("portal", "pilot.list"), ("portal", "pilot.results"),
    ]  # fmt: skip
    assert sent[1][1]["result"] == "accepted" and sent[0][1]["pilot"]
    assert not Deadline.objects.filter(case=case, status__in=Deadline.OPEN_STATUSES).exists()
    opinion = CaseDocument.objects.get(case=case, kind="pilot.acceptance_opinion")
    assert opinion.doc_number == f"新市监试点验〔{year}〕1号"
    assert "通过验收" in " ".join(opinion.context["paragraphs"])
    transitions = list(
        AuditEvent.objects.filter(case=case, event_type__in=[
            "pilot.start", "pilot.order_rectification", "pilot.rectified_midterm",
            "pilot.pass_midterm", "pilot.request_acceptance", "pilot.accept",
        ]).order_by("pk").values_list("event_type", flat=True)
    )  # fmt: skip
    assert transitions == [
        "pilot.start", "pilot.order_rectification", "pilot.rectified_midterm",
        "pilot.pass_midterm", "pilot.request_acceptance", "pilot.accept",
    ]  # fmt: skip


def test_a_pilot_rectified_after_acceptance_is_inspected_again_and_can_fail(client, people, call):
    application = approved_pilot(client, people, call)
    case = application.case
    act(case, "midterm", people["region_handler"], {"result": "pass", "findings": "进展正常"})
    act(case, "self_assess", people["handler"], {"assessment": "基本完成", "self_score": "70"})
    onsite = {"inspected_on": str(today()), "inspectors": "赵婷", "findings": "指标未完成"}
    act(case, "onsite", people["region_handler"], onsite)
    act(
        case, "opinion", people["region_leader"], {"result": "rectify", "opinion": "限期三个月整改"}
    )
    pilot = Pilot.objects.get(application=application)
    assert pilot.state == Pilot.State.RECTIFYING
    act(case, "rectify_acceptance", people["handler"], {"measures": "补齐信用公示"})
    pilot.refresh_from_db()
    assert pilot.state == Pilot.State.UNDER_ACCEPTANCE
    act(case, "onsite", people["region_handler"], onsite | {"findings": "仍未达标"})
    act(case, "opinion", people["region_leader"], {"result": "failed", "opinion": "未达到验收标准"})
    pilot.refresh_from_db()
    case.refresh_from_db()
    assert (pilot.state, case.decision) == (Pilot.State.FAILED, "failed")
    opinions = CaseDocument.objects.filter(case=case, kind="pilot.acceptance_opinion")
    assert list(opinions.order_by("version").values_list("version", flat=True)) == [1, 2]
    with pytest.raises(AttributeError):  # the state moves only by its transitions
        pilot.state = Pilot.State.ACCEPTED


def test_the_scoring_summary_renders_as_a_pdf_with_the_outliers(client, people, call):
    application = apply(client, people["handler"], call)
    case = application.case
    act(case, "check", people["region_handler"],
        {"result": "complete", "opinion": "材料齐全", "scorers": panel(people)})  # fmt: skip
    score(case, people["expert_a"], (18, 22, 17, 13, 8, 8), "方案扎实")  # 86
    score(case, people["region_handler"], (16, 20, 16, 12, 8, 8))  # 80
    score(case, people["expert_b"], (8, 12, 10, 8, 6, 6), "指标偏弱")  # 50: an outlier
    document = CaseDocument.objects.get(case=case, kind="pilot.scoring_summary")
    rows = [(row["total"], row["outlier"], row["comment"]) for row in document.context["rows"]]
    assert rows == [("86.00", False, "方案扎实"), ("80.00", False, ""), ("50.00", True, "指标偏弱")]
    assert document.context["mean"] == "72.00"
    assert document.context["outlier_points"] == 15
    assert document.context["criteria"][0] == {
        "code": "foundation", "title": "基础条件（区域、管理主体、商户规模）", "points": 20,
    }  # fmt: skip

    rendered = document_render(document.pk)
    assert rendered.status == CaseDocument.Status.RENDERED
    pdf = rendered.file.open("rb").read()
    assert pdf[:5] == b"%PDF-"
    text = "".join(
        "".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )
    assert "72.00" in text
    # The mark follows the total in the outlier's row only.
    assert "50.00偏离指标偏弱" in text
    assert "86.00偏离" not in text and "80.00偏离" not in text
