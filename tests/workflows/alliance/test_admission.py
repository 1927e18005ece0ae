"""Admission end to end: the enterprise's API application, the reviews, the public notice
with an objection received through the API, and the leader's decision."""

from decimal import Decimal

import pytest

from tests.calendar_oracle import shows_provisional_warning, workday_after
from tests.receiver import deliver_all
from tests.workflows.alliance.conftest import (
    admit,
    application,
    apply,
    end_notice,
    open_task,
    run_step,
    to_notice,
    today,
)
from workflows.alliance.models import Admission, Membership
from workflows.alliance.selectors import incentives_of, is_member
from workflows.alliance.views.urls import case_url
from workflows.core.models import AuditEvent, CaseDocument, Deadline
from workflows.core.selectors import queue_of
from workflows.core.services.tasks import TaskFormInvalid, TaskNotPermitted, task_claim

pytestmark = pytest.mark.django_db


def _objection(client, case, **overrides):
    data = {
        "case_no": case.case_no,
        "objector_name": "李华",
        "objector_contact": "13700001111",
        "grounds": "该企业曾拖欠供应商货款。",
    } | overrides
    return client.post("/api/v1/alliance/objections/", data)


def test_an_application_with_a_dismissed_objection_ends_in_membership_on_the_portal(
    pinned_day, client, online_client, good_subject, staff, receiver
):
    day = today()
    response = online_client.post(
        "/api/v1/alliance/applications/",
        {
            "uscc": good_subject.uscc.lower(),
            "established_on": "2015-06-18",
            "contact_name": "王建国",
            "statement": "信用管理制度健全",
            "pledge_signed": True,
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["outcome"], body["screening_passed"]) == ("pending", True)
    assert [item["check"] for item in body["screening"]] == [
        "registered_years",
        "credit_class",
        "no_serious_list",
        "no_abnormal_list",
        "no_unrepaired_penalty",
        "no_false_pledge",
        "annual_reports",
        "pledge_signed",
    ]
    assert all(item["passed"] and item["reason"] == "" for item in body["screening"])
    assert body["prefecture_review_due_date"] == workday_after(day, 15).isoformat()
    admission = Admission.objects.get(case_id=body["case_id"])
    case, membership = admission.case, admission.membership
    assert (case.bureau.code, membership.state) == ("650100", "candidate")
    assert not is_member(good_subject)

    # Prefecture: another prefecture's handler may not take the task.
    with pytest.raises(TaskNotPermitted):
        task_claim(task=open_task(case, "prefecture_check"), user=staff["handler_kashgar"])
    run_step(
        case,
        "prefecture_check",
        staff["handler"],
        {
            "opinion": "recommend",
            "site_visit_on": day.isoformat(),
            "findings": "实地核查属实",
        },
    )
    run_step(case, "prefecture_signoff", staff["section_head"], {"result": "agree"})
    assert CaseDocument.objects.get(case=case, kind="alliance.recommendation").doc_number == (
        f"乌市监同盟荐〔{day.year}〕1号"
    )

    # Regional review: the regional bureau's queue, not Ürümqi's.
    regional = open_task(case, "regional_review")
    assert Deadline.objects.get(task=regional).due_date == workday_after(day, 20)
    assert shows_provisional_warning(
        client, staff["region_handler"], case_url(case), workday_after(day, 20).year
    )
    assert regional.pk in queue_of(staff["region_handler"]).values_list("task", flat=True)
    assert regional.pk not in queue_of(staff["handler"]).values_list("task", flat=True)
    with pytest.raises(TaskNotPermitted):
        task_claim(task=regional, user=staff["handler"])
    run_step(
        case,
        "regional_review",
        staff["region_handler"],
        {"decision": "shortlist", "opinion": "符合入盟条件"},
    )

    admission.refresh_from_db()
    membership.refresh_from_db()
    assert membership.state == "on_notice"
    assert (admission.notice_from, admission.notice_until) == (day, workday_after(day, 5))
    notices = online_client.get("/api/v1/alliance/notices/").json()
    assert [(n["case_no"], n["uscc"]) for n in notices] == [(case.case_no, good_subject.uscc)]

    # An objection through the API during the notice; bad input is refused field by field.
    assert _objection(online_client, case, grounds="").json() == {"grounds": ["该字段不能为空。"]}
    created = _objection(online_client, case)
    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "pending"
    assert end_notice(case) == 1
    late = _objection(online_client, case)
    assert late.status_code == 422
    assert "公示" in late.json()["reasons"][0]

    # The objection is verified and dismissed; only then does the leader decide.
    objection_id = created.json()["objection_id"]
    with pytest.raises(TaskFormInvalid) as missing:
        run_step(
            case,
            "handle_objection",
            staff["region_handler"],
            {"objection": objection_id, "result": "dismissed"},
        )
    assert set(missing.value.errors) == {"findings"}
    run_step(
        case,
        "handle_objection",
        staff["region_handler"],
        {
            "objection": objection_id,
            "result": "dismissed",
            "findings": "经核实，货款纠纷已结清",
        },
    )
    with pytest.raises(TaskFormInvalid) as no_pledge:
        run_step(case, "approve", staff["region_leader"], {"decision": "admit"})
    assert set(no_pledge.value.errors) == {"member_pledge_signed"}
    run_step(
        case, "approve", staff["region_leader"], {"decision": "admit", "member_pledge_signed": "on"}
    )

    case.refresh_from_db()
    admission.refresh_from_db()
    membership.refresh_from_db()
    assert (case.status, case.decision, admission.outcome) == ("closed", "admitted", "admitted")
    assert membership.state == "member"
    assert membership.certificate_no == f"XJXYTM-{day.year}-650100-0001"
    assert is_member(good_subject)
    assert incentives_of(good_subject) == {
        "lower_sampling_ratio",
        "green_channel",
        "pledge_priority",
    }
    assert set(CaseDocument.objects.filter(case=case).values_list("kind", flat=True)) == {
        "alliance.recommendation",
        "alliance.review_opinion",
        "alliance.notice_list",
        "alliance.admission_decision",
        "alliance.certificate",
    }
    decision = CaseDocument.objects.get(case=case, kind="alliance.admission_decision")
    assert "收到异议1件，经核查均不成立" in decision.context["paragraphs"][0]
    assert decision.context["issuer"] == "新疆维吾尔自治区市场监督管理局"
    sent = deliver_all(receiver, case)  # the public notice, then the member list's change
    assert [(target, body["type"]) for target, body in sent] == [
        ("portal", "alliance.notice"), ("portal", "alliance.members"),
    ]  # fmt: skip
    notice, member = sent[0][1], sent[1][1]
    assert notice["uscc"] == case.subject.uscc and notice["notice_until"]
    assert (member["change"], member["members"]) == ("admitted", 1)
    assert member["certificate_no"].startswith("XJXYTM-")
    assert not Deadline.objects.filter(case=case, status__in=Deadline.OPEN_STATUSES).exists()
    events = list(AuditEvent.objects.filter(case=case).values_list("event_type", flat=True))
    assert [e for e in events if e.startswith("alliance.")] == [
        "alliance.received",
        "alliance.screened",
        "alliance.prefecture_checked",
        "alliance.prefecture_signed_off",
        "alliance.regional_reviewed",
        "alliance.membership_start_notice",
        "alliance.notice_opened",
        "alliance.objection_received",
        "alliance.notice_closed",
        "alliance.objection_decided",
        "alliance.membership_admit",
        "alliance.admitted",
    ]


def test_an_upheld_objection_ends_the_candidacy(online_client, good_subject, staff):
    case = apply(online_client, good_subject)
    to_notice(case, staff)
    first = _objection(online_client, case).json()["objection_id"]
    second = _objection(online_client, case, objector_name="张敏", grounds="存在虚假宣传").json()
    end_notice(case)
    run_step(
        case,
        "handle_objection",
        staff["region_handler"],
        {
            "objection": second["objection_id"],
            "result": "upheld",
            "findings": "经核查，该企业2026年因虚假宣传被投诉属实",
        },
    )
    assert case.process.task_set.get(
        flow_task=case.process.flow_class.handle_objection, finished__isnull=True
    )
    run_step(
        case,
        "handle_objection",
        staff["region_handler"],
        {"objection": first, "result": "dismissed", "findings": "货款已结清"},
    )

    case.refresh_from_db()
    admission = Admission.objects.get(case=case)
    assert (case.status, admission.outcome) == ("closed", "objection_upheld")
    assert admission.membership.state == "declined"
    refusal = CaseDocument.objects.get(case=case, kind="alliance.not_admitted")
    assert "虚假宣传被投诉属实" in refusal.context["paragraphs"][1]
    assert (
        not case.process.task_set.filter(finished__isnull=True)
        .exclude(flow_task_type="END")
        .exists()
    )


def test_experts_scoring_below_the_pass_mark_keep_the_candidate_off_the_notice(
    online_client, good_subject, staff
):
    case = apply(online_client, good_subject)
    run_step(
        case, "prefecture_check", staff["handler"], {"opinion": "recommend", "findings": "材料齐全"}
    )
    run_step(case, "prefecture_signoff", staff["section_head"], {"result": "agree"})
    run_step(
        case,
        "regional_review",
        staff["region_handler"],
        {"decision": "experts", "opinion": "提请专家评审"},
    )
    with pytest.raises(TaskFormInvalid) as bad:
        run_step(
            case,
            "expert_scoring",
            staff["region_handler"],
            {"scores": "李明 86\n王芳 一百", "opinion": "评审"},
        )
    assert bad.value.errors["scores"] == ["第 2 行：请填写专家姓名和0至100之间的分数。"]
    scores = {"scores": "李明 86\n王芳 70\n赵强 75.5", "opinion": "信用管理制度尚不完善"}
    run_step(case, "expert_scoring", staff["region_handler"], scores)

    admission = Admission.objects.get(case=case)
    assert admission.expert_average == Decimal("77.17")
    assert (admission.outcome, admission.membership.state) == ("not_shortlisted", "declined")
    opinion = CaseDocument.objects.get(case=case, kind="alliance.review_opinion")
    assert opinion.context["scores"] == [["李明", "86"], ["王芳", "70"], ["赵强", "75.5"]]


def test_a_subject_already_a_candidate_or_member_is_refused_and_nothing_is_stored(
    online_client, good_subject, staff
):
    admit(online_client, good_subject, staff)
    cases = good_subject.cases.count()
    response = online_client.post(
        "/api/v1/alliance/applications/",
        {
            "uscc": good_subject.uscc,
            "established_on": "2015-06-18",
            "contact_name": "王建国",
            "statement": "再次申请",
            "pledge_signed": True,
        },
    )
    assert response.status_code == 422
    assert response.json() == {"reasons": ["新疆天山乳业有限公司已在企业信用同盟中（成员）。"]}
    assert good_subject.cases.count() == cases
    assert Membership.objects.filter(subject=good_subject).count() == 1


def test_the_api_admits_only_the_online_channel_and_checks_every_field(
    online_client, good_subject, staff
):
    from rest_framework.test import APIClient

    staff_client = APIClient()
    staff_client.force_authenticate(staff["handler"])
    assert staff_client.get("/api/v1/alliance/notices/").status_code == 403
    # A valid application from a staff account is refused: only the platform applies.
    refused = staff_client.post("/api/v1/alliance/applications/", application(good_subject))
    assert refused.status_code == 403
    assert not good_subject.cases.exists()
    response = online_client.post(
        "/api/v1/alliance/applications/",
        {
            "uscc": "91650100MA0000001X",
            "established_on": "2999-01-01",
            "contact_name": "",
            "statement": "x",
            "pledge_signed": True,
            "contact_phone": "电话",
        },
    )
    assert response.status_code == 400
    assert set(response.json()) == {"uscc", "established_on", "contact_name", "contact_phone"}
    unknown = online_client.post(
        "/api/v1/alliance/objections/",
        {
            "case_no": "无此案号",
            "objector_name": "李华",
            "grounds": "异议",
        },
    )
    assert unknown.status_code == 404
    assert Admission.objects.count() == 0


def test_the_leader_cannot_admit_a_candidate_listed_during_the_notice(
    online_client, good_subject, staff
):
    from workflows.core.models import CreditRecord
    from workflows.core.services.credit_records import credit_record_create

    case = apply(online_client, good_subject)
    to_notice(case, staff)
    end_notice(case)
    credit_record_create(
        subject=good_subject,
        kind=CreditRecord.Kind.SERIOUS_LIST,
        reason="提交虚假材料骗取登记",
        listed_on=today(),
        deciding_bureau=good_subject.region,
        actor=None,
    )
    with pytest.raises(TaskFormInvalid) as refused:
        run_step(
            case,
            "approve",
            staff["region_leader"],
            {"decision": "admit", "member_pledge_signed": "on"},
        )
    assert refused.value.errors["decision"] == [
        f"该经营主体已不符合入盟条件：{today().isoformat()}被列入严重违法失信名单：提交虚假材料骗取登记"
    ]
    assert Admission.objects.get(case=case).membership.state == "on_notice"
    run_step(
        case,
        "approve",
        staff["region_leader"],
        {"decision": "refuse", "reasons": "公示期间被列入严重违法失信名单"},
    )
    admission = Admission.objects.get(case=case)
    assert (admission.outcome, admission.membership.state) == ("refused", "declined")
    assert CaseDocument.objects.filter(case=case, kind="alliance.not_admitted").exists()
