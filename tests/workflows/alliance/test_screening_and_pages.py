"""The nomination page and its screening: every failed item with its reason, nothing
admitted; the case, member and list pages, and who may see and use them."""

from datetime import timedelta

import pytest
from django.test import Client

from tests.factories import SubjectFactory, bureau
from tests.workflows.alliance.conftest import admit, apply, to_notice, today
from workflows.alliance.models import Admission, Objection
from workflows.core.models import Case, CaseDocument, CreditRecord
from workflows.core.services.credit_records import credit_record_create
from workflows.listing.models import AbnormalEntry
from workflows.listing.services.abnormal import abnormal_list, annual_report_period_end

pytestmark = pytest.mark.django_db

NOMINATE = "/app/alliance/nominate/"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _nomination(subject, **overrides) -> dict:
    return {
        "uscc": subject.uscc,
        "established_on": "2016-03-01",
        "contact_name": "马丽",
        "contact_phone": "0991-1234567",
        "statement": "诚信经营，行业示范",
        "pledge_signed": "on",
    } | overrides


def test_a_nomination_failing_the_screening_is_closed_with_the_reason_of_each_item(staff):
    subject = SubjectFactory(
        name="乌鲁木齐恒丰建材有限公司", risk_class="B", region=bureau("650100")
    )
    day = today()
    report_year = day.year - 2
    abnormal_list(
        subject=subject,
        ground=AbnormalEntry.Ground.NO_ANNUAL_REPORT,
        fact_date=annual_report_period_end(report_year),
        actor=None,
        report_year=report_year,
    )
    listed = day - timedelta(days=200)
    credit_record_create(
        subject=subject,
        kind=CreditRecord.Kind.PENALTY,
        reason="销售不合格建材，罚款5万元",
        listed_on=listed,
        deciding_bureau=subject.region,
        actor=None,
        penalty_class=CreditRecord.PenaltyClass.GENERAL,
    )

    response = _client(staff["handler"]).post(
        NOMINATE,
        _nomination(
            subject, established_on=(day - timedelta(days=400)).isoformat(), pledge_signed=""
        ),
    )
    admission = Admission.objects.get(case__subject=subject)
    assert response.status_code == 302
    assert response["Location"] == f"/app/alliance/cases/{admission.case_id}/"
    failed = {item.code: item.reason for item in admission.screening.filter(passed=False)}
    abnormal = CreditRecord.objects.get(subject=subject, kind="abnormal_list")
    assert failed == {
        "registered_years": f"成立于{(day - timedelta(days=400)).isoformat()}，"
        f"距{day.isoformat()}不满3年。",
        "credit_class": "信用风险分类为B类，要求为A类。",
        "no_abnormal_list": f"经营异常名录（自{abnormal.listed_on}起）：{abnormal.reason}",
        "no_unrepaired_penalty": (
            f"有1条行政处罚尚在公示期且未修复，最近一条为{listed}：销售不合格建材，罚款5万元"
        ),
        "annual_reports": f"{report_year}年度年报未在次年6月30日前报送。",
        "pledge_signed": "尚未签署公开信用承诺书。",
    }
    passed = set(admission.screening.filter(passed=True).values_list("code", flat=True))
    assert passed == {"no_serious_list", "no_false_pledge"}
    case = admission.case
    assert (case.status, case.decision, admission.outcome) == (
        "closed",
        "screening_failed",
        "screening_failed",
    )
    assert admission.membership.state == "declined"
    assert not case.process.task_set.filter(flow_task_type="HUMAN").exists()
    notice = CaseDocument.objects.get(case=case, kind="alliance.screening_notice")
    assert notice.doc_number == f"乌市监同盟筛〔{day.year}〕1号"
    assert (
        notice.context["paragraphs"][3]
        == "3. 近3年未被列入经营异常名录：" + failed["no_abnormal_list"]
    )

    page = _client(staff["section_head"]).get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('class="xy-failed"') == 6 and html.count('class="xy-passed"') == 2
    assert "尚未签署公开信用承诺书。" in html


def test_nominating_needs_a_role_and_a_subject_of_ones_own_bureaus(staff, good_subject):
    assert _client(staff["clerk"]).get(NOMINATE).status_code == 403
    kashgar = _client(staff["handler_kashgar"]).post(NOMINATE, _nomination(good_subject))
    assert kashgar.status_code == 400
    assert "您可推荐的辖区内没有该代码的经营主体。" in kashgar.content.decode()
    bad = _client(staff["handler"]).post(
        NOMINATE, _nomination(good_subject, uscc="123", statement="")
    )
    assert bad.status_code == 400
    assert bad.content.decode().count('class="xy-error"') == 2
    assert not Case.objects.filter(procedure="alliance").exists()


def test_staff_record_an_objection_on_the_case_page_during_the_notice(
    online_client, good_subject, staff
):
    case = apply(online_client, good_subject)
    to_notice(case, staff)
    client = _client(staff["region_handler"])
    page = client.get(f"/app/alliance/cases/{case.pk}/")
    assert "记录书面、电话或来访异议" in page.content.decode()
    empty = client.post(f"/app/alliance/cases/{case.pk}/objections/", {"objector_name": ""})
    assert empty.status_code == 400
    response = client.post(
        f"/app/alliance/cases/{case.pk}/objections/",
        {"objector_name": "周强", "grounds": "来信反映该企业拖欠工资"},
    )
    assert response.status_code == 302
    objection = Objection.objects.get(admission__case=case)
    assert (objection.channel, objection.status, objection.grounds) == (
        "counter",
        "pending",
        "来信反映该企业拖欠工资",
    )
    assert (
        _client(staff["handler_kashgar"]).get(f"/app/alliance/cases/{case.pk}/").status_code == 404
    )


def test_the_lists_show_members_and_cases_with_empty_states(online_client, good_subject, staff):
    client = _client(staff["handler"])
    assert "暂无该状态的成员。" in client.get("/app/alliance/members/").content.decode()
    assert "暂无企业信用同盟案件。" in client.get("/app/alliance/cases/").content.decode()
    admit(online_client, good_subject, staff)
    members = client.get("/app/alliance/members/").content.decode()
    assert good_subject.name in members and "XJXYTM-" in members
    assert (
        "暂无该状态的成员。"
        in _client(staff["handler_kashgar"]).get("/app/alliance/members/").content.decode()
    )
    assert good_subject.name in client.get("/app/alliance/cases/?status=closed").content.decode()
