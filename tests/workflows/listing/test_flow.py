"""Serious-violation listing end to end: from the court's API call to the published listing.

Every statutory deadline is checked against the chinese-calendar package directly.
"""

from datetime import date, timedelta

import pytest

from tests import calendar_oracle
from tests.calendar_oracle import shows_provisional_warning, workday_after
from tests.factories import SubjectFactory, bureau, next_uscc
from tests.receiver import deliver_all
from tests.workflows.listing.conftest import open_task, payload, run_step, today
from workflows.core.deadlines import add_months
from workflows.core.models import (
    AuditEvent,
    Case,
    CaseDocument,
    CreditRecord,
    Deadline,
    OutboundMessage,
)
from workflows.core.selectors import queue_of
from workflows.core.services.outbound import outbound_deliver
from workflows.core.services.tasks import TaskFormInvalid, TaskNotPermitted, task_claim
from workflows.core.viewsets import case_page_url
from workflows.listing.models import Listing, ListingRuleVersion

pytestmark = pytest.mark.django_db

ASSESSMENT = {
    "intent": "intentional", "frequency": 2, "duration_days": 180, "penalty_type":
    "court_judgment", "fine_amount": "200000", "confiscated_amount": "35000.50",
    "goods_value": "80000", "health_harm": "yes", "property_loss": "0",
    "social_impact": "serious", "proposal": "list", "findings": "判决认定销售不合格食品，情节严重",
}  # fmt: skip


def _case(court_client, subject, **overrides) -> Case:
    response = court_client.post(
        "/api/v1/court-referrals/", payload(subject, **overrides), format="json"
    )
    assert response.status_code == 201, response.json()
    return Case.objects.get(case_no=response.json()["case_no"])


def _deadline(case, step) -> Deadline:
    return Deadline.objects.get(case=case, task=open_task(case, step))


def _milestone(case, code) -> Deadline:
    """The case's own milestone of ``code`` (not a delivery's period of the same rule)."""
    return Deadline.objects.get(
        case=case, task__isnull=True, rule__code=code, outbound_message__isnull=True
    )


def _to_statement(case, staff, served_on: date, assessment=ASSESSMENT) -> None:
    run_step(case, "register", staff["handler"], {"decision": "register"})
    run_step(case, "assess", staff["handler"], assessment)
    run_step(case, "notice", staff["section_head"],
             {"facts": "经查，当事人销售不合格食品", "basis": "第五条"})  # fmt: skip
    run_step(case, "serve_notice", staff["handler"],
             {"served_on": served_on.isoformat(), "method": "direct"})  # fmt: skip


def _to_legal(case, staff, served_on: date, assessment=ASSESSMENT) -> None:
    _to_statement(case, staff, served_on, assessment)
    run_step(case, "statement", staff["handler"], {
        "statement": "submitted", "statement_text": "我司已整改", "hearing_requested": "waived",
    })  # fmt: skip
    run_step(case, "recheck", staff["handler"], {"result": "maintain", "reasons": "申辩理由不成立"})


def test_a_court_referral_becomes_a_published_listing_within_every_deadline(
    pinned_day, client, court_client, subject, staff, receiver
):
    case, day = _case(court_client, subject), today()
    run_step(case, "register", staff["handler"], {"decision": "register"})
    decide_by = _milestone(case, "PEN-DECIDE")
    assert decide_by.due_date >= day + timedelta(days=90)
    # The listing case's page (its timeline) shows the 90 days ending in a provisional year.
    assert shows_provisional_warning(
        client, staff["handler"], case_page_url(case), decide_by.due_date.year
    )
    assert _deadline(case, "assess").due_date == decide_by.due_date
    with pytest.raises(TaskFormInvalid) as refused:  # Art. 12 para 2
        run_step(case, "assess", staff["handler"], ASSESSMENT | {"intent": "none_proven"})
    assert "proposal" in refused.value.errors
    run_step(case, "assess", staff["handler"], ASSESSMENT)
    run_step(case, "notice", staff["section_head"], {"facts": "经查属实", "basis": "第五条"})
    run_step(case, "serve_notice", staff["handler"],
             {"served_on": day.isoformat(), "method": "direct"})  # fmt: skip

    assert _milestone(case, "DEFENCE").due_date == workday_after(day, 5)
    assert _milestone(case, "HEAR-REQ").due_date == workday_after(day, 5)
    with pytest.raises(TaskFormInvalid) as early:  # the subject's period still runs
        run_step(case, "statement", staff["handler"],
                 {"statement": "none", "hearing_requested": "waived"})  # fmt: skip
    assert "statement" in early.value.errors
    with pytest.raises(TaskFormInvalid) as early:  # so does the hearing-request period
        run_step(case, "statement", staff["handler"],
                 {"statement": "submitted", "hearing_requested": "none"})  # fmt: skip
    assert set(early.value.errors) == {"hearing_requested"}
    run_step(case, "statement", staff["handler"], {
        "statement": "submitted", "statement_text": "已整改", "hearing_requested": "waived",
    })  # fmt: skip
    assert _milestone(case, "DEFENCE").status == Deadline.Status.MET
    run_step(case, "recheck", staff["handler"], {"result": "maintain", "reasons": "不成立"})
    run_step(case, "legal", staff["legal"], {"opinion": "pass", "reasons": "程序合法"})
    run_step(case, "business", staff["section_head"], {"result": "agree"})

    # Upper-level approval: the regional bureau's leader, not the Ürümqi leader.
    upper = open_task(case, "upper")
    assert _deadline(case, "upper").due_date == workday_after(day, 10)
    with pytest.raises(TaskNotPermitted):
        task_claim(task=upper, user=staff["leader"])
    assert Deadline.objects.get(task=upper).bureau.code == "650000"
    assert upper.pk in queue_of(staff["region_leader"]).values_list("task", flat=True)
    assert upper.pk not in queue_of(staff["leader"]).values_list("task", flat=True)
    run_step(case, "upper", staff["region_leader"], {"result": "approve"})
    run_step(case, "decide", staff["leader"], {"decision": "list", "reasons": "情节严重"})

    assert _deadline(case, "serve_decision").due_date == workday_after(day, 7)
    assert _milestone(case, "SL-PUB").due_date == workday_after(day, 20)
    assert _milestone(case, "PEN-DECIDE").status == Deadline.Status.MET
    run_step(case, "serve_decision", staff["handler"],
             {"served_on": day.isoformat(), "method": "post"})  # fmt: skip
    assert _milestone(case, "SERVE").status == Deadline.Status.MET
    assert _deadline(case, "publish").due_date == workday_after(day, 20)

    pushed = OutboundMessage.objects.get(case=case, target="publicity")
    assert (pushed.status, pushed.payload["uscc"]) == ("pending", subject.uscc)
    with pytest.raises(TaskFormInvalid):  # not published before the system has it
        run_step(case, "publish", staff["handler"], {"published_on": day.isoformat()})
    assert [(target, body["id"]) for target, body in deliver_all(receiver, case)] == [
        ("publicity", pushed.pk),
    ]  # fmt: skip
    run_step(case, "publish", staff["handler"], {"published_on": day.isoformat()})

    case.refresh_from_db()
    listing = Listing.objects.get(case=case)
    record = listing.credit_record
    assert (case.status, case.decision, listing.outcome) == ("closed", "listed", "listed")
    assert (record.kind, record.state, record.listed_on) == ("serious_list", "listed", day)
    anniversary = add_months(day, 36)
    assert anniversary <= record.expires_on < anniversary + timedelta(days=10)
    assert add_months(day, 12) <= record.repairable_from < add_months(day, 12) + timedelta(10)
    year = day.year
    assert record.decision_no == f"乌市监失信列〔{year}〕1号"
    assert set(CaseDocument.objects.filter(case=case).values_list("kind", flat=True)) == {
        "listing.lead_receipt", "listing.prelist_notice", "listing.decision",
    }  # fmt: skip
    shared = OutboundMessage.objects.filter(case=case, target="sharing")
    assert set(shared.values_list("department", flat=True)) == {
        "发展改革委（信用中国）", "税务局", "人民银行", "人民法院",
    }  # fmt: skip
    assert shared.first().payload["expires_on"] == record.expires_on.isoformat()
    assert _milestone(case, "SL-PUB").status == Deadline.Status.MET
    sent = deliver_all(receiver, case)  # the listing's measures, for joint punishment
    assert [target for target, _ in sent] == ["sharing"] * 4 + ["credit_china"]
    assert {body["type"] for _, body in sent} == {"serious_list.listed"}
    assert set(sent[-1][1]["measures"]) >= {"重点监管", "不适用告知承诺制"}
    assert not OutboundMessage.objects.filter(case=case, target="cross_province").exists()
    assert not Deadline.objects.filter(case=case, status__in=Deadline.OPEN_STATUSES).exists()
    events = set(AuditEvent.objects.filter(case=case).values_list("event_type", flat=True))
    assert {"listing.registered", "listing.assessed", "listing.notice_served",
            "listing.statement_recorded", "listing.legal_reviewed",
            "listing.upper_level_reviewed", "listing.decided", "listing.published",
            "credit_record.created"} <= events  # fmt: skip


def test_a_listing_of_a_subject_registered_in_another_province_is_pushed_there_in_10_days(
    pinned_day, court_client, staff, receiver
):
    # 110108: Haidian, Beijing. The subject trades in Ürümqi and was penalised there.
    outsider = SubjectFactory(uscc=next_uscc(county="110108"), name="北京远途物流有限公司",
                              region=bureau("650100"))  # fmt: skip
    assert outsider.registered_in_another_province()
    case, day = _case(court_client, outsider), today()
    _to_legal(case, staff, day)
    run_step(case, "legal", staff["legal"], {"opinion": "pass", "reasons": "程序合法"})
    run_step(case, "business", staff["section_head"], {"result": "agree"})
    run_step(case, "upper", staff["region_leader"], {"result": "approve"})
    run_step(case, "decide", staff["leader"], {"decision": "list", "reasons": "情节严重"})
    run_step(case, "serve_decision", staff["handler"],
             {"served_on": day.isoformat(), "method": "post"})  # fmt: skip

    push = OutboundMessage.objects.get(case=case, target="cross_province")
    assert (push.message_type, push.deadline.rule.code) == ("serious_list.pushed", "PEN-PUSH")
    assert push.deadline.due_date == workday_after(day, 10)
    sent = dict(deliver_all(receiver, case))
    assert set(sent) == {"publicity", "cross_province"}
    assert sent["cross_province"]["registration_division"] == "110108"
    assert sent["cross_province"]["uscc"] == outsider.uscc
    assert sent["cross_province"]["decision_no"] == sent["publicity"]["decision_no"]
    assert Deadline.objects.get(pk=push.deadline_id).status == Deadline.Status.MET


def test_the_hearing_path_checks_the_request_period_and_the_notice_period(
    pinned_day, court_client, subject, staff
):
    case = _case(court_client, subject)
    served = today() - timedelta(days=40)
    while not calendar_oracle.is_workday(served):  # the oracle counts from a working day
        served -= timedelta(days=1)
    _to_statement(case, staff, served)
    last_request_day = workday_after(served, 5)
    assert _milestone(case, "HEAR-REQ").due_date == last_request_day

    late = workday_after(served, 6)
    with pytest.raises(TaskFormInvalid) as refused:
        run_step(case, "statement", staff["handler"], {
            "statement": "waived", "hearing_requested": "yes",
            "requested_on": late.isoformat(),
        })  # fmt: skip
    assert "requested_on" in refused.value.errors
    run_step(case, "statement", staff["handler"], {
        "statement": "waived", "hearing_requested": "yes",
        "requested_on": last_request_day.isoformat()})  # fmt: skip

    notified = workday_after(last_request_day, 1)
    too_soon = workday_after(notified, 6)
    with pytest.raises(TaskFormInvalid) as short:
        run_step(case, "hearing_notice", staff["handler"], {
            "notified_on": notified.isoformat(), "hearing_date": too_soon.isoformat(),
            "place": "本局第一听证室", "officer": "刘敏"})  # fmt: skip
    assert "hearing_date" in short.value.errors
    hearing_day = workday_after(notified, 7)
    run_step(case, "hearing_notice", staff["handler"], {
        "notified_on": notified.isoformat(), "hearing_date": hearing_day.isoformat(),
        "place": "本局第一听证室", "officer": "刘敏"})  # fmt: skip
    notice = CaseDocument.objects.get(case=case, kind="listing.hearing_notice")
    assert f"{hearing_day:%Y年%m月%d日}" in notice.context["paragraphs"][0]
    run_step(case, "hearing", staff["handler"],
             {"held_on": hearing_day.isoformat(), "record": "当事人到场陈述"})  # fmt: skip
    run_step(case, "recheck", staff["handler"], {"result": "maintain", "reasons": "不成立"})
    assert open_task(case, "legal")
    listing = Listing.objects.get(case=case)
    assert (listing.hearing_requested, listing.hearing_date) == (True, hearing_day)


def test_refusal_at_legal_review_ends_the_case_without_a_listing(court_client, subject, staff):
    case = _case(court_client, subject)
    _to_legal(case, staff, today())
    run_step(case, "legal", staff["legal"], {"opinion": "fail", "reasons": "证据不足"})

    case.refresh_from_db()
    assert (case.status, case.decision) == ("closed", "refused_legal")
    assert not CreditRecord.objects.filter(subject=subject).exists()
    assert not CaseDocument.objects.filter(case=case, kind="listing.decision").exists()
    assert _milestone(case, "PEN-DECIDE").status == Deadline.Status.MET
    assert (
        not case.process.task_set.filter(finished__isnull=True)
        .exclude(flow_task_type="END")
        .exists()
    )


def test_the_upper_level_approval_is_skipped_when_the_rule_version_says_so(
    court_client, subject, staff
):
    ListingRuleVersion.objects.create(
        title="2025年修订：取消上一级审核", effective_from=today() - timedelta(days=1),
        upper_level_approval=False, legal_basis="修订草案",
    )  # fmt: skip
    case = _case(court_client, subject)
    _to_legal(case, staff, today())
    run_step(case, "legal", staff["legal"], {"opinion": "pass", "reasons": "合法"})
    run_step(case, "business", staff["section_head"], {"result": "agree"})

    assert open_task(case, "decide")
    assert not case.process.task_set.filter(flow_task="listing/flows.ListingFlow.upper").exists()
    assert Listing.objects.get(case=case).upper_level_required is False


def test_the_upper_level_may_refuse(court_client, subject, staff):
    case = _case(court_client, subject)
    _to_legal(case, staff, today())
    run_step(case, "legal", staff["legal"], {"opinion": "pass", "reasons": "合法"})
    run_step(case, "business", staff["section_head"], {"result": "agree"})
    with pytest.raises(TaskFormInvalid):  # reasons are required
        run_step(case, "upper", staff["region_leader"], {"result": "refuse"})
    run_step(case, "upper", staff["region_leader"], {"result": "refuse", "reasons": "依据不足"})
    case.refresh_from_db()
    assert (case.status, case.decision) == ("closed", "refused_upper")


@pytest.mark.parametrize("source", ["penalty_case", "internal_lead"])
def test_a_penalty_case_or_an_internal_lead_opens_a_listing_case(source, subject, staff):
    from workflows.listing.services import lead_register

    listing = lead_register(
        source=source, subject=subject, summary="行政处罚案件移送",
        penalty_decision_no="乌市监处罚〔2026〕8号", actor=staff["handler"],
    )  # fmt: skip

    assert (listing.case.source, listing.case.bureau.code) == (source, "650100")
    assert open_task(listing.case, "register")
    assert not CaseDocument.objects.filter(case=listing.case).exists()  # no court receipt
    with pytest.raises(ValueError):
        lead_register(source="court_referral", subject=subject, summary="x", actor=None)


def test_a_longer_restriction_period_is_the_listing_period_and_early_removal_waits_for_it(
    court_client, subject, staff
):
    restricted_until = add_months(today(), 60)
    case = _case(court_client, subject)
    _to_legal(case, staff, today(), ASSESSMENT | {"restriction_until": restricted_until})
    run_step(case, "legal", staff["legal"], {"opinion": "pass", "reasons": "合法"})
    run_step(case, "business", staff["section_head"], {"result": "agree"})
    run_step(case, "upper", staff["region_leader"], {"result": "approve"})
    run_step(case, "decide", staff["leader"], {"decision": "list", "reasons": "限制从业五年"})
    run_step(case, "serve_decision", staff["handler"],
             {"served_on": today().isoformat(), "method": "direct"})  # fmt: skip
    outbound_deliver(OutboundMessage.objects.get(case=case, target="publicity").pk)
    run_step(case, "publish", staff["handler"], {"published_on": today().isoformat()})

    record = CreditRecord.objects.get(case=case)
    assert record.expires_on == restricted_until
    assert record.repairable_from == restricted_until  # not after one year
    assert AuditEvent.objects.filter(case=case, event_type="listing.period_extended").exists()
