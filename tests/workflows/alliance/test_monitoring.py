"""Monitoring of members: a new serious-list entry opens a review by itself (the beat
sweep), the member is suspended, and after the prior notice and the statement period
the regional leader expels it."""

from datetime import timedelta

import pytest

from tests.calendar_oracle import workday_after
from tests.factories import SubjectFactory, bureau
from tests.workflows.alliance.conftest import admit, review_task, run_review_step, today
from workflows.alliance import tasks
from workflows.alliance.models import MembershipReview, MonitoringHit
from workflows.alliance.selectors import incentives_of, is_member
from workflows.core.models import AuditEvent, Case, CaseDocument, CreditRecord, Deadline
from workflows.core.services.credit_records import credit_record_create, credit_record_transition
from workflows.core.services.tasks import TaskFormInvalid, TaskNotPermitted, task_claim

pytestmark = pytest.mark.django_db


def _record(subject, kind=CreditRecord.Kind.SERIOUS_LIST, **extra) -> CreditRecord:
    return credit_record_create(
        subject=subject,
        kind=kind,
        reason=extra.pop("reason", "生产销售不合格食品，情节严重"),
        listed_on=extra.pop("listed_on", today()),
        deciding_bureau=subject.region,
        actor=None,
        decision_no="乌市监失信列〔2026〕9号",
        **extra,
    )


def _review_case(subject) -> Case:
    return Case.objects.get(subject=subject, sub_type="review")


def test_a_new_serious_list_entry_opens_a_review_that_ends_in_expulsion(
    pinned_day, online_client, good_subject, staff
):
    membership = admit(online_client, good_subject, staff).membership
    assert tasks.monitor_members() == 0
    record = _record(good_subject)

    assert tasks.monitor_members() == 1  # the beat job
    assert tasks.monitor_members() == 0  # idempotent: the hit is remembered
    case = _review_case(good_subject)
    review = MembershipReview.objects.get(case=case)
    membership.refresh_from_db()
    assert (case.source, case.bureau.code, membership.state) == (
        "monitoring",
        "650100",
        "suspended",
    )
    assert not is_member(good_subject) and incentives_of(good_subject) == frozenset()
    assert MonitoringHit.objects.get(credit_record=record).review == review
    assert Deadline.objects.get(task=review_task(case, "assess")).due_date == (
        workday_after(today(), 10)
    )

    # A second record while the review is open joins it instead of opening another.
    penalty = _record(
        good_subject,
        CreditRecord.Kind.PENALTY,
        reason="虚假宣传罚款20万元",
        penalty_class=CreditRecord.PenaltyClass.GENERAL,
    )
    assert tasks.monitor_members() == 1
    assert Case.objects.filter(subject=good_subject, sub_type="review").count() == 1
    assert MonitoringHit.objects.get(credit_record=penalty).review == review

    served = today()
    run_review_step(
        case,
        "assess",
        staff["handler"],
        {
            "proposal": "expel",
            "findings": "该企业被列入严重违法失信名单",
            "notice_served_on": served,
        },
    )
    notice = CaseDocument.objects.get(case=case, kind="alliance.expulsion_notice")
    assert notice.doc_number == f"乌市监同盟除告〔{served.year}〕1号"
    period = Deadline.objects.get(case=case, task__isnull=True, rule__code="AL-STATEMENT")
    assert period.due_date == workday_after(served, 5)
    with pytest.raises(TaskFormInvalid) as early:  # the member's period still runs
        run_review_step(case, "statement", staff["handler"], {"statement": "none"})
    assert set(early.value.errors) == {"statement"}
    run_review_step(
        case,
        "statement",
        staff["handler"],
        {"statement": "submitted", "statement_text": "已整改，请求保留资格"},
    )
    assert Deadline.objects.get(pk=period.pk).status == Deadline.Status.MET

    decide = review_task(case, "decide")
    with pytest.raises(TaskNotPermitted):  # the alliance's decisions are the region's
        task_claim(task=decide, user=staff["leader"])
    run_review_step(
        case,
        "decide",
        staff["region_leader"],
        {"decision": "expel", "reasons": "严重违法失信，不再符合成员条件"},
    )

    case.refresh_from_db()
    membership.refresh_from_db()
    review.refresh_from_db()
    assert (case.status, case.decision, review.outcome) == ("closed", "expelled", "expelled")
    assert (membership.state, membership.ended_on) == ("expelled", today())
    assert not is_member(good_subject)
    decision = CaseDocument.objects.get(case=case, kind="alliance.expulsion_decision")
    assert membership.certificate_no in decision.context["paragraphs"][2]
    assert "已整改，请求保留资格" in decision.context["paragraphs"][1]
    assert tasks.monitor_members() == 0  # an expelled member is no longer watched
    _record(good_subject, CreditRecord.Kind.FALSE_PLEDGE, reason="不实承诺")
    assert tasks.monitor_members() == 0
    events = AuditEvent.objects.filter(case=case).values_list("event_type", flat=True)
    assert [e for e in events if e.startswith("alliance.")] == [
        "alliance.review_opened",
        "alliance.membership_suspend",
        "alliance.review_record_added",
        "alliance.review_assessed",
        "alliance.statement_recorded",
        "alliance.membership_expel",
        "alliance.review_decided",
    ]


def test_a_kept_member_is_reinstated_without_the_expulsion_steps(
    online_client, good_subject, staff
):
    membership = admit(online_client, good_subject, staff).membership
    _record(good_subject, CreditRecord.Kind.ABNORMAL_LIST, reason="未按期公示即时信息")
    tasks.monitor_members()
    case = _review_case(good_subject)
    run_review_step(
        case, "assess", staff["handler"], {"proposal": "keep", "findings": "已补正公示并移出名录"}
    )
    with pytest.raises(TaskFormInvalid) as refused:  # no prior notice: no expulsion
        run_review_step(
            case, "decide", staff["region_leader"], {"decision": "expel", "reasons": "x"}
        )
    assert set(refused.value.errors) == {"decision"}
    run_review_step(
        case,
        "decide",
        staff["region_leader"],
        {"decision": "keep", "reasons": "情节轻微，已及时纠正"},
    )
    membership.refresh_from_db()
    assert membership.state == "member" and is_member(good_subject)
    assert not CaseDocument.objects.filter(case=case, kind__startswith="alliance.expulsion")


def test_only_new_relevant_records_of_members_are_monitored(online_client, good_subject, staff):
    # Listed four years ago, before the admission: the screening let it pass.
    old = _record(good_subject, reason="旧列入", listed_on=today() - timedelta(days=1500))
    admit(online_client, good_subject, staff)
    minor = _record(
        good_subject,
        CreditRecord.Kind.PENALTY,
        reason="通报批评",
        penalty_class=CreditRecord.PenaltyClass.MINOR,
    )
    revoked = _record(good_subject, reason="错误列入")
    credit_record_transition(record=revoked, name="revoke", actor=None)
    outsider = SubjectFactory(risk_class="A", region=bureau("653100"))
    outsiders = _record(outsider)

    assert tasks.monitor_members() == 0
    assert not MonitoringHit.objects.exists()
    assert not Case.objects.filter(sub_type="review").exists()
    # A relevant new record of the member is found by the same sweep; the others never are.
    relevant = _record(good_subject, reason="新列入")
    assert tasks.monitor_members() == 1
    assert not MonitoringHit.objects.filter(
        credit_record__in=[old, minor, revoked, outsiders]
    ).exists()
    assert set(MonitoringHit.objects.values_list("credit_record", flat=True)) == {relevant.pk}


def test_a_sweep_that_missed_records_catches_up_on_the_next_run(online_client, good_subject, staff):
    """No watermark to lose: whatever the sweep did not act on is still found later."""
    admit(online_client, good_subject, staff)
    first = _record(good_subject)
    second = _record(good_subject, CreditRecord.Kind.FALSE_PLEDGE, reason="承诺不实")
    # The first run handles only the first record (e.g. the worker died after it).
    from workflows.alliance.services import monitor_record

    assert monitor_record(first.pk) == 1
    assert tasks.monitor_members() == 1
    assert set(MonitoringHit.objects.values_list("credit_record", flat=True)) == {
        first.pk,
        second.pk,
    }


def test_a_member_withdraws_through_the_api_unless_under_review(online_client, good_subject, staff):
    admit(online_client, good_subject, staff)
    url = "/api/v1/alliance/withdrawals/"
    _record(good_subject, CreditRecord.Kind.FALSE_PLEDGE, reason="承诺不实")
    tasks.monitor_members()
    refused = online_client.post(url, {"uscc": good_subject.uscc, "reason": "经营调整"})
    assert refused.status_code == 422
    assert refused.json() == {"reasons": ["成员资格正在复核，复核决定作出后方可退盟。"]}
    review_case = _review_case(good_subject)
    run_review_step(
        review_case, "assess", staff["handler"], {"proposal": "keep", "findings": "已纠正"}
    )
    run_review_step(
        review_case, "decide", staff["region_leader"], {"decision": "keep", "reasons": "情节轻微"}
    )

    response = online_client.post(url, {"uscc": good_subject.uscc, "reason": "经营调整"})
    assert response.status_code == 201, response.json()
    case = Case.objects.get(case_no=response.json()["case_no"])
    assert (case.sub_type, case.status, case.decision) == ("withdrawal", "closed", "withdrawn")
    membership = good_subject.alliance_memberships.get()
    assert (membership.state, membership.ended_on) == ("withdrawn", today())
    assert not is_member(good_subject)
    letter = CaseDocument.objects.get(case=case, kind="alliance.withdrawal")
    assert letter.doc_number == f"新市监同盟退〔{today().year}〕1号"
    from django.test import Client

    page = Client()
    page.force_login(staff["handler"])
    html = page.get(f"/app/alliance/cases/{case.pk}/").content.decode()
    assert "退盟" in html and "已退盟" in html and letter.doc_number in html
    again = online_client.post(url, {"uscc": good_subject.uscc, "reason": "经营调整"})
    assert again.json() == {"reasons": ["新疆天山乳业有限公司不是企业信用同盟成员。"]}
