"""Pledge verification end to end, driven through the staff task API: an exempt pledge,
a sampled pledge found true, and a false pledge through to its credit record, the
restriction it carries, and its repair through the credit-repair procedure."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from tests.calendar_oracle import shows_provisional_warning, workday_after
from tests.receiver import deliver_all
from tests.workflows.pledge.conftest import open_task, today
from tests.workflows.repair.conftest import run_step as repair_step
from workflows.core.deadlines import add_months
from workflows.core.models import AuditEvent, CaseDocument, CreditRecord, Deadline
from workflows.core.services.documents import document_render
from workflows.core.viewsets import case_page_url
from workflows.pledge.models import CheckMode, Pledge, PledgeType, Verification
from workflows.pledge.services import PledgeRefused, pledge_register, pledges_draw
from workflows.repair.services import repair_apply

pytestmark = pytest.mark.django_db


def api_step(case, step: str, user, data: dict, status: int = 200) -> dict:
    """Claim and complete the open task of ``step`` through the staff API."""
    client = APIClient()
    client.force_authenticate(user)
    task = open_task(case, step)
    claimed = client.post(f"/api/v1/tasks/{task.pk}/claim/")
    assert claimed.status_code == 200, claimed.json()
    response = client.post(f"/api/v1/tasks/{task.pk}/complete/", data, format="json")
    assert response.status_code == status, response.json()
    return response.json()


def _drawn(make_pledge, staff, **kwargs) -> Pledge:
    """A pledge of a class-D subject (ratio 1: always drawn) after the bureau's draw."""
    pledge = make_pledge(risk_class="D", **kwargs)
    pledges_draw(bureau=pledge.bureau, actor=staff["handler"], seed="test-seed")
    pledge.refresh_from_db()
    assert pledge.state == Pledge.State.UNDER_VERIFICATION
    return pledge


def _verify(case, staff, result: str, findings: str) -> None:
    day = today().isoformat()
    api_step(case, "plan", staff["handler"], {"method": "on_site", "planned_on": day})
    api_step(case, "verify", staff["handler"], {
        "verified_on": day, "findings": findings, "evidence": "现场检查笔录1份、照片6张",
        "result": result,
    })  # fmt: skip


def test_an_exempt_pledge_leaves_the_register_without_a_case(make_pledge, staff):
    pledge = make_pledge(PledgeType.SECTOR, content="本会员单位承诺遵守行业自律公约，诚信经营")

    result = pledges_draw(bureau=pledge.bureau, actor=staff["handler"])

    pledge.refresh_from_db()
    assert (result.exempt, result.selected, result.not_drawn) == (1, 0, 0)
    assert (pledge.state, pledge.check_mode, pledge.case) == ("exempt", "exempt", None)
    assert pledge.closed_on == today()
    assert pledge.draw.selected is False
    events = AuditEvent.objects.filter(stream=f"pledge:{pledge.pk}")
    assert list(events.values_list("event_type", flat=True)) == [
        "pledge.registered", "pledge.exempt",
    ]  # fmt: skip


def test_a_sampled_pledge_found_true_closes_fulfilled_with_notice_and_record(
    pinned_day, client, make_pledge, staff
):
    pledge = _drawn(make_pledge, staff)
    case = pledge.case
    milestone = Deadline.objects.get(case=case, task__isnull=True, rule__code="PLG-VERIFY")
    assert milestone.due_date == workday_after(today(), 20)
    assert Deadline.objects.get(task=open_task(case, "plan")).due_date == milestone.due_date
    assert shows_provisional_warning(
        client, staff["handler"], case_page_url(case), milestone.due_date.year
    )
    late = (milestone.due_date + timedelta(days=1)).isoformat()
    refused = api_step(case, "plan", staff["handler"],
                       {"method": "on_site", "planned_on": late}, status=400)  # fmt: skip
    assert "planned_on" in refused

    _verify(case, staff, "fulfilled", "经现场核查，经营场所、设备设施与承诺一致")

    case.refresh_from_db()
    pledge.refresh_from_db()
    verification = Verification.objects.get(case=case)
    assert (case.status, case.decision) == ("closed", "fulfilled")
    assert (pledge.state, verification.outcome) == ("fulfilled", "fulfilled")
    assert set(CaseDocument.objects.filter(case=case).values_list("kind", flat=True)) == {
        "pledge.verification_notice", "pledge.verification_record",
    }  # fmt: skip
    record = CaseDocument.objects.get(case=case, kind="pledge.verification_record")
    assert record.template_name == "pledge/pdf/record.html"
    assert record.context["rows"][-1] == ["核查结论", "承诺属实，已履行"]
    assert record.doc_number == f"乌市监承诺核记〔{today().year}〕1号"
    rendered = document_render(record.pk)  # the form template through WeasyPrint
    assert rendered.status == "rendered" and rendered.file.read(5) == b"%PDF-"
    assert not CreditRecord.objects.filter(subject=pledge.subject).exists()
    assert milestone.__class__.objects.get(pk=milestone.pk).status == Deadline.Status.MET


def test_a_false_pledge_becomes_a_published_shared_record_that_restricts_until_repaired(
    pinned_day, make_pledge, staff, receiver, settings
):
    pledge = _drawn(make_pledge, staff)
    case, subject = pledge.case, pledge.subject
    _verify(case, staff, "false", "经现场核查，承诺的经营场所实际为住宅，不具备食品经营条件")
    assert CaseDocument.objects.filter(case=case, kind="pledge.finding_notice").exists()

    api_step(case, "serve_notice", staff["handler"],
             {"served_on": today().isoformat(), "method": "direct"})  # fmt: skip
    statement_period = Deadline.objects.get(case=case, rule__code="PLG-STATEMENT", task=None)
    assert statement_period.due_date == workday_after(today(), 5)
    early = api_step(case, "statement", staff["handler"], {"statement": "none"}, status=400)
    assert "statement" in early  # the subject's five working days still run
    api_step(case, "statement", staff["handler"],
             {"statement": "submitted", "statement_text": "场所正在装修，将尽快整改"})  # fmt: skip

    rectify_by = (today() + timedelta(days=30)).isoformat()
    api_step(case, "review", staff["section_head"], {
        "proposal": "false", "measures": ["rectification", "revoke_licence", "penalty_referral"],
        "rectify_by": rectify_by, "reasons": "申辩理由不能推翻核查事实",
    })  # fmt: skip
    # Revoking the licence goes through the legal unit; a failed review goes back.
    api_step(case, "legal", staff["legal"], {"opinion": "fail", "reasons": "撤销依据需补充"})
    api_step(case, "review", staff["section_head"], {
        "proposal": "false", "measures": ["rectification", "revoke_licence", "penalty_referral"],
        "rectify_by": rectify_by, "reasons": "已补充《行政许可法》第六十九条依据",
    })  # fmt: skip
    api_step(case, "legal", staff["legal"], {"opinion": "pass", "reasons": "事实清楚，依据充分"})
    api_step(case, "decide", staff["leader"], {"decision": "false", "reasons": "承诺内容不实"})

    pledge.refresh_from_db()
    record = pledge.false_record
    year = today().year
    assert (pledge.state, record.kind, record.state) == ("false", "false_pledge", "listed")
    assert record.decision_no == f"乌市监承诺定〔{year}〕1号"
    assert record.listed_on == today()  # the general class: 3 to 12 months of publicity
    assert add_months(today(), 3) <= record.repairable_from < add_months(today(), 3) + timedelta(4)
    assert add_months(today(), 12) <= record.expires_on < add_months(today(), 12) + timedelta(4)
    assert set(CaseDocument.objects.filter(case=case).values_list("kind", flat=True)) == {
        "pledge.verification_notice", "pledge.verification_record", "pledge.finding_notice",
        "pledge.decision", "pledge.licence_revocation", "pledge.penalty_referral",
    }  # fmt: skip
    decision = CaseDocument.objects.get(case=case, kind="pledge.decision")
    assert any("前改正" in p and "撤销" in p for p in decision.context["paragraphs"])
    api_step(case, "publish", staff["handler"], {"published_on": today().isoformat()})
    case.refresh_from_db()
    assert (case.status, case.decision) == ("closed", "false")
    sent = deliver_all(receiver, case)  # the record, published and shared within GOV-PUB
    assert [(target, body["type"]) for target, body in sent] == [
        ("publicity", "pledge.false_record"),
        *[("sharing", "pledge.false_record")] * len(settings.LISTING_JOINT_PUNISHMENT_DEPARTMENTS),
    ]  # fmt: skip
    record = CreditRecord.objects.get(case=case)
    assert sent[0][1]["record_kind"] == "false_pledge"
    assert sent[0][1]["decision_no"] == record.decision_no
    assert sent[0][1]["ends_on"] == record.expires_on.isoformat()
    assert "不适用告知承诺制和容缺受理" in sent[0][1]["measures"]
    assert not Deadline.objects.filter(case=case, status__in=Deadline.OPEN_STATUSES).exists()

    # The restriction: a new pledge-based licence is refused, with the reason.
    with pytest.raises(PledgeRefused) as refused:
        pledge_register(
            subject=subject, pledge_type=PledgeType.LICENSING, content="再次承诺",
            licence_no="JY2", source=Pledge.Source.COUNTER, actor=staff["clerk"],
        )  # fmt: skip
    assert record.decision_no in refused.value.reasons[0]
    assert "repaired" in refused.value.reasons[0] or "修复" in refused.value.reasons[0]

    # Repair of the false-pledge record (general class: after 3 months, on application).
    CreditRecord.objects.filter(pk=record.pk).update(
        listed_on=today() - timedelta(days=120), repairable_from=today() - timedelta(days=29)
    )
    application = repair_apply(
        record=record, channel="counter", applicant_name=subject.legal_rep,
        grounds="已完成整改，经营场所符合条件，申请修复不实承诺记录", pledge_made=True,
        actor=staff["clerk"],
    )  # fmt: skip
    assert application.kind == "false_pledge_repair"
    repair_case = application.case
    repair_step(repair_case, "accept", staff["clerk"], {"decision": "accept"})
    repair_step(repair_case, "verify", staff["handler"],
                {"opinion": "grant", "method": "on_site", "findings": "已整改到位"})  # fmt: skip
    repair_step(repair_case, "review", staff["section_head"], {"result": "agree"})
    repair_step(repair_case, "decide", staff["leader"], {"decision": "grant"})
    repair_step(repair_case, "execute", staff["handler"], {"executed_on": today().isoformat()})
    record.refresh_from_db()
    assert record.state == CreditRecord.State.REPAIRED
    licensed = pledge_register(
        subject=subject, pledge_type=PledgeType.LICENSING, content="修复后再次承诺",
        licence_no="JY3", source=Pledge.Source.COUNTER, actor=staff["clerk"],
    )  # fmt: skip
    assert licensed.state == Pledge.State.REGISTERED
    # The repair pledge made with the application is in the register too.
    assert subject.pledges.filter(pledge_type=PledgeType.REPAIR, linked_case=repair_case).exists()


def test_the_decision_refuses_a_licence_revocation_without_legal_review(make_pledge, staff):
    pledge = _drawn(make_pledge, staff)
    case = pledge.case
    _verify(case, staff, "not_fulfilled", "承诺的设备未到位")
    api_step(case, "serve_notice", staff["handler"],
             {"served_on": today().isoformat(), "method": "post"})  # fmt: skip
    api_step(case, "statement", staff["handler"], {"statement": "waived"})
    refused = api_step(case, "review", staff["section_head"], {
        "proposal": "fulfilled", "measures": ["rectification"], "reasons": "x",
    }, status=400)  # fmt: skip
    assert "measures" in refused
    api_step(case, "review", staff["section_head"],
             {"proposal": "fulfilled", "reasons": "当事人已补充设备，申辩成立"})  # fmt: skip
    assert open_task(case, "decide")  # no licence revocation: no legal review
    api_step(case, "decide", staff["leader"], {"decision": "fulfilled", "reasons": "申辩成立"})
    case.refresh_from_db()
    pledge.refresh_from_db()
    assert (case.decision, pledge.state, pledge.false_record) == ("fulfilled", "fulfilled", None)


def test_a_deficiency_pledge_is_never_drawn(make_pledge, staff):
    pledge = make_pledge(PledgeType.DEFICIENCY, verified_by_source=True, risk_class="D")
    assert (pledge.state, pledge.check_mode) == ("under_verification", CheckMode.FULL)
    with pytest.raises(ValidationError):  # nothing waits for a plan
        pledges_draw(bureau=pledge.bureau, actor=staff["handler"])


def test_a_verification_whose_period_ran_out_can_still_be_planned_and_is_breached(
    pinned_day, make_pledge, staff
):
    import time_machine

    from tests.calendar_oracle import moment

    pledge = _drawn(make_pledge, staff)
    case = pledge.case
    milestone = Deadline.objects.get(case=case, task__isnull=True, rule__code="PLG-VERIFY")
    late = milestone.due_date + timedelta(days=14)
    with time_machine.travel(moment(late), tick=True):
        # Today is past the period: neither the past nor the period's end can be chosen.
        yesterday = (late - timedelta(days=1)).isoformat()
        refused = api_step(case, "plan", staff["handler"],
                           {"method": "on_site", "planned_on": yesterday}, status=400)  # fmt: skip
        assert "planned_on" in refused
        api_step(case, "plan", staff["handler"],
                 {"method": "on_site", "planned_on": late.isoformat()})  # fmt: skip
        assert Verification.objects.get(case=case).planned_on == late
        api_step(case, "verify", staff["handler"], {
            "verified_on": late.isoformat(), "findings": "经现场核查，与承诺一致",
            "evidence": "现场检查笔录1份", "result": "fulfilled",
        })  # fmt: skip
    milestone.refresh_from_db()
    assert milestone.status == Deadline.Status.BREACHED  # done, and late on the record
