"""Every kind of repair and every service mode, end to end through the task services."""

from datetime import date, timedelta

import pytest

from tests.calendar_oracle import workday_after
from tests.workflows.repair.conftest import open_task, run_step
from workflows.core.models import (
    AuditEvent,
    Case,
    CaseDocument,
    CreditRecord,
    Deadline,
    OutboundMessage,
)
from workflows.core.services.outbound import outbound_deliver
from workflows.core.services.tasks import TaskFormInvalid, task_claim, task_complete
from workflows.repair.flows import AutoRestoreFlow
from workflows.repair.models import RepairApplication
from workflows.repair.services import (
    repair_apply,
    repair_auto_restore,
    repair_pledge_fulfilled,
    repair_pledges_check,
    repair_revoke_for_fraud,
)

Kind = CreditRecord.Kind


def _apply(record, staff) -> RepairApplication:
    return repair_apply(
        record=record, channel="counter", applicant_name="李红梅", grounds="已补报年度报告",
        pledge_made=True, actor=staff["clerk"],
    )  # fmt: skip


def _docs(case) -> list[str]:
    return sorted(CaseDocument.objects.filter(case=case).values_list("kind", flat=True))


def _full_path(case, staff, decision="grant"):
    run_step(case, "accept", staff["clerk"], {"decision": "accept"})
    run_step(case, "verify", staff["handler"],
             {"opinion": decision, "method": "online", "findings": "核查属实"})  # fmt: skip
    run_step(case, "review", staff["section_head"], {"result": "agree"})
    run_step(case, "decide", staff["leader"], {"decision": decision, "reasons": "未履行处罚决定"})


def test_abnormal_list_removal_is_decided_within_5_working_days_of_receipt(
    pinned_day, staff, make_record
):
    record = make_record(Kind.ABNORMAL_LIST, years_ago=0.3)
    case, today = _apply(record, staff).case, date.today()
    milestone = Deadline.objects.get(case=case, task__isnull=True, rule__code="AB-REMOVE")
    assert milestone.due_date == workday_after(today, 5)
    run_step(case, "accept", staff["clerk"], {"decision": "accept"})
    assert Deadline.objects.get(task=open_task(case, "verify")).due_date == milestone.due_date
    run_step(case, "verify", staff["handler"],
             {"opinion": "grant", "method": "online", "findings": "已补报"})  # fmt: skip
    run_step(case, "review", staff["section_head"], {"result": "agree"})
    run_step(case, "decide", staff["leader"], {"decision": "grant"})
    run_step(case, "execute", staff["handler"], {"executed_on": today.isoformat()})
    record.refresh_from_db()
    assert record.state == CreditRecord.State.REPAIRED
    assert _docs(case) == [
        "repair.abnormal_removal",
        "repair.accept_notice",
        "repair.grant_decision",
    ]


def test_individual_business_restore_and_penalty_early_stop(staff, make_record):
    individual = make_record(Kind.INDIVIDUAL_ABNORMAL, years_ago=0.2)
    penalty = make_record(Kind.PENALTY, years_ago=1, penalty_class="general")
    for record in (individual, penalty):
        case = _apply(record, staff).case
        _full_path(case, staff)
        run_step(case, "execute", staff["handler"], {"executed_on": date.today().isoformat()})
        record.refresh_from_db()
        assert record.state == CreditRecord.State.REPAIRED


def test_food_penalty_needs_12_months_and_non_repairable_types_are_refused(staff, make_record):
    from workflows.repair.services import RepairIneligible

    food = make_record(Kind.PENALTY, years_ago=0.75, penalty_class="sensitive")
    with pytest.raises(RepairIneligible, match="repair is possible from|修复"):
        _apply(food, staff)
    licence = make_record(Kind.PENALTY, years_ago=2, penalty_class="general")
    CreditRecord.objects.filter(pk=licence.pk).update(repairable=False)
    licence.refresh_from_db()
    with pytest.raises(RepairIneligible):
        _apply(licence, staff)


def test_refusal_at_decision_keeps_the_record_listed_and_issues_the_refusal(staff, make_record):
    record = make_record(Kind.PENALTY, years_ago=1, penalty_class="general")
    case = _apply(record, staff).case
    _full_path(case, staff, decision="refuse")
    record.refresh_from_db()
    case.refresh_from_db()
    assert record.state == CreditRecord.State.LISTED
    assert (case.status, case.decision) == (Case.Status.CLOSED, "refused")
    assert "repair.refuse_decision" in _docs(case)


def test_not_accepted_closes_the_case_with_a_notice(staff, make_record):
    record = make_record(Kind.SERIOUS_LIST, years_ago=2)
    case = _apply(record, staff).case
    run_step(case, "accept", staff["clerk"], {"decision": "not_accept", "reasons": "非本局管辖"})
    case.refresh_from_db()
    record.refresh_from_db()
    assert case.decision == "not_accepted" and record.state == CreditRecord.State.LISTED
    assert _docs(case) == ["repair.not_accept_notice"]


def test_supplements_pause_the_5_day_period_and_send_the_case_back_to_acceptance(
    staff, make_record
):
    case = _apply(make_record(Kind.ABNORMAL_LIST, years_ago=0.3), staff).case
    run_step(case, "accept", staff["clerk"], {"decision": "supplement", "reasons": "缺少年报截图"})
    milestone = Deadline.objects.get(case=case, task__isnull=True, rule__code="AB-REMOVE")
    assert milestone.status == Deadline.Status.PAUSED
    assert _docs(case) == ["repair.supplement_notice"]
    run_step(case, "supplement", staff["clerk"], {"received_on": date.today().isoformat()})
    milestone.refresh_from_db()
    assert milestone.status != Deadline.Status.PAUSED
    assert open_task(case, "accept")


def test_decide_now_is_for_abnormal_kinds_only_and_skips_to_execution(staff, make_record):
    serious = _apply(make_record(Kind.SERIOUS_LIST, years_ago=2), staff).case
    task = open_task(serious, "accept")
    task_claim(task=task, user=staff["clerk"])
    with pytest.raises(TaskFormInvalid) as excinfo:
        task_complete(
            task=task, user=staff["clerk"], data={"decision": "accept", "decide_now": "on"}
        )
    assert list(excinfo.value.errors) == ["decide_now"]
    assert not CaseDocument.objects.filter(case=serious).exists()

    quick = _apply(make_record(Kind.ABNORMAL_LIST, years_ago=0.3), staff).case
    run_step(quick, "accept", staff["clerk"], {"decision": "accept", "decide_now": "on"})
    assert open_task(quick, "execute")
    assert "repair.grant_decision" in _docs(quick)


def test_pledge_for_missing_materials_fulfilled_or_broken_into_a_false_pledge(
    pinned_day, staff, make_record
):
    kept = _apply(make_record(Kind.SERIOUS_LIST, years_ago=2), staff)
    broken = _apply(make_record(Kind.SERIOUS_LIST, years_ago=2), staff)
    for application in (kept, broken):
        run_step(application.case, "accept", staff["clerk"],
                 {"decision": "accept", "missing_materials": "营业执照副本复印件"})  # fmt: skip
        application.refresh_from_db()
        assert application.pledge_due_on == workday_after(date.today(), 20)
    repair_pledge_fulfilled(application=kept, actor=staff["clerk"])

    assert repair_pledges_check(today=broken.pledge_due_on + timedelta(days=1)) == 1
    kept.refresh_from_db()
    broken.refresh_from_db()
    assert (kept.pledge_state, broken.pledge_state) == ("fulfilled", "broken")
    false_pledge = CreditRecord.objects.get(
        kind=Kind.FALSE_PLEDGE, subject=broken.credit_record.subject
    )
    assert (false_pledge.case, false_pledge.listed_on) == (
        broken.case,
        broken.pledge_due_on + timedelta(days=1),
    )
    assert not CreditRecord.objects.filter(
        kind=Kind.FALSE_PLEDGE, subject=kept.credit_record.subject
    ).exists()
    assert repair_pledges_check(today=broken.pledge_due_on + timedelta(days=2)) == 0


def test_low_risk_subjects_skip_verification_under_the_pledge_with_a_recorded_draw(
    staff, make_record
):
    record = make_record(Kind.ABNORMAL_LIST, years_ago=0.3, risk_class="A")
    application = _apply(record, staff)
    case = application.case
    run_step(case, "accept", staff["clerk"], {"decision": "accept"})
    application.refresh_from_db()
    assert application.verification_waived and application.post_check_seed
    assert open_task(case, "review")
    event = AuditEvent.objects.get(case=case, event_type="repair.verification_waived")
    assert event.after["seed"] == application.post_check_seed


def test_automatic_restore_without_application_when_the_annual_report_is_filed(staff, make_record):
    record = make_record(Kind.INDIVIDUAL_ABNORMAL, years_ago=0.2)
    application = repair_auto_restore(record=record, report_year=2025)
    record.refresh_from_db()
    assert record.state == CreditRecord.State.REPAIRED
    application.refresh_from_db()
    assert (application.channel, application.outcome) == ("system", "granted")
    assert AuditEvent.objects.filter(case=application.case, event_type="repair.auto_restored",
                                     actor__isnull=True).exists()  # fmt: skip
    if application.post_check:
        run_step(application.case, "post_check", staff["clerk"], {"result": "confirmed"},
                 flow_class=AutoRestoreFlow)  # fmt: skip
    application.case.refresh_from_db()
    assert application.case.status == Case.Status.CLOSED


def test_revocation_for_fraud_relists_restarts_the_period_and_blocks_new_applications(
    staff, make_record
):
    from workflows.repair.services import RepairIneligible

    record = make_record(Kind.SERIOUS_LIST, years_ago=2)
    application = _apply(record, staff)
    _full_path(application.case, staff)
    run_step(
        application.case, "execute", staff["handler"], {"executed_on": date.today().isoformat()}
    )
    application.refresh_from_db()
    repair_revoke_for_fraud(
        application=application, actor=staff["leader"], reason="提交虚假缴款凭证"
    )
    record.refresh_from_db()
    assert record.state == CreditRecord.State.LISTED and record.listed_on == date.today()
    assert "repair.revocation" in _docs(application.case)
    assert OutboundMessage.objects.filter(
        case=application.case, message_type="repair.revoked"
    ).exists()
    with pytest.raises(RepairIneligible):
        _apply(record, staff)


def test_an_executed_repair_reaches_the_publicity_system_every_department_and_credit_china(
    staff, make_record, receiver, settings
):
    from tests.receiver import verified

    application = _apply(make_record(Kind.ABNORMAL_LIST, years_ago=0.3), staff)
    case = application.case
    run_step(case, "accept", staff["clerk"], {"decision": "accept", "decide_now": "on"})
    run_step(case, "execute", staff["handler"], {"executed_on": date.today().isoformat()})
    messages = OutboundMessage.objects.filter(case=case).order_by("pk")
    departments = settings.LISTING_JOINT_PUNISHMENT_DEPARTMENTS
    assert [(m.target, m.department) for m in messages] == [
        ("publicity", ""), *(("sharing", d) for d in departments), ("credit_china", ""),
    ]  # fmt: skip
    assert {m.deadline.rule.code for m in messages} == {"CC-SYNC"}  # within 3 working days

    receiver.expect_ordered_request("/publicity").respond_with_data("", status=502)
    for target in [*["sharing"] * len(departments), "credit_china", "publicity"]:
        receiver.expect_ordered_request(f"/{target}").respond_with_json({})
    statuses = [outbound_deliver(m.pk) for m in messages]
    assert statuses == ["pending", *["sent"] * (len(departments) + 1)]
    assert outbound_deliver(messages[0].pk) == "sent"  # the retry, after the 502

    bodies = [verified(request) for request, _ in receiver.log]
    assert [body["id"] for body in bodies] == [m.pk for m in [*messages, messages[0]]]
    record = application.credit_record
    assert {body["uscc"] for body in bodies} == {record.subject.uscc}
    assert all(body["case_no"] == case.case_no for body in bodies)
    assert bodies[-2] | {"id": 0} == {
        "id": 0, "type": "repair.granted", "department": "", "case_no": case.case_no,
        "uscc": record.subject.uscc, "name": record.subject.name,
        "record_kind": "abnormal_list", "record_kind_name": "经营异常名录",
        "decision_no": record.decision_no, "reason": record.reason,
        "listed_on": record.listed_on.isoformat(),
        "ends_on": record.expires_on.isoformat() if record.expires_on else None,
        "state": "repaired", "deciding_bureau": "650100",
        "deciding_bureau_name": "乌鲁木齐市市场监督管理局",
        "repair_kind": application.kind, "repair_outcome": "granted",
        "repair_decided_on": date.today().isoformat(),
        "repair_executed_on": date.today().isoformat(),
    }  # fmt: skip
    assert [body["department"] for body in bodies if body["department"]] == departments
    assert all(m.deadline.status == "met" for m in OutboundMessage.objects.filter(case=case))


def test_annual_report_filed_command_restores_and_refuses_bad_input(staff, make_record):
    from io import StringIO

    from django.core.management import CommandError, call_command

    record = make_record(Kind.INDIVIDUAL_ABNORMAL, years_ago=0.2)
    out = StringIO()
    call_command("annual_report_filed", record.subject.uscc.lower(), "2025", stdout=out)
    case = Case.objects.get(repair__credit_record=record)
    assert out.getvalue().strip() == case.case_no
    with pytest.raises(CommandError):
        call_command("annual_report_filed", "91650102MA000001X0", "2025")
    with pytest.raises(CommandError, match="no individual-business abnormal status"):
        call_command("annual_report_filed", record.subject.uscc, "2025")


def test_documents_are_chinese_whatever_language_the_clerk_browses_in(staff, make_record):
    from django.utils import translation

    record = make_record(Kind.SERIOUS_LIST, years_ago=2)
    with translation.override("en"):
        case = _apply(record, staff).case
        run_step(case, "accept", staff["clerk"], {"decision": "accept"})
    application = RepairApplication.objects.get(case=case)
    notice = CaseDocument.objects.get(case=case, kind="repair.accept_notice")
    text = " ".join(notice.context["paragraphs"])
    with translation.override("zh-hans"):
        assert f"（{application.get_kind_display()}）" in text
        assert str(record.get_kind_display()) in text
    with translation.override("en"):
        assert str(application.get_kind_display()) not in text
        assert str(record.get_kind_display()) not in text
