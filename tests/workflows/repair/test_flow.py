"""Credit repair end to end through the task services (the same path as the pages and API)."""

from datetime import date

import pytest

from tests.calendar_oracle import shows_provisional_warning, workday_after
from tests.receiver import deliver_all
from tests.workflows.repair.conftest import open_task, run_step
from workflows.core.models import (
    AuditEvent,
    Case,
    CaseDocument,
    CreditRecord,
    Deadline,
    OutboundMessage,
)
from workflows.repair.models import RepairApplication
from workflows.repair.services import RepairIneligible, repair_apply
from workflows.repair.views.urls import case_url


def _apply(record, staff, **kwargs) -> RepairApplication:
    return repair_apply(
        record=record, channel="counter", applicant_name="王建国", grounds="已履行处罚决定并整改",
        pledge_made=True, actor=staff["clerk"], **kwargs,
    )  # fmt: skip


def _deadline(case, step) -> Deadline:
    return Deadline.objects.get(case=case, task=open_task(case, step))


def test_serious_list_early_removal_from_application_to_repaired_record(
    pinned_day, client, staff, make_record, receiver
):
    record = make_record(CreditRecord.Kind.SERIOUS_LIST, years_ago=1.5)
    application = _apply(record, staff)
    case, today = application.case, date.today()
    assert _deadline(case, "accept").due_date == workday_after(today, 2)

    run_step(case, "accept", staff["clerk"], {"decision": "accept"})
    decide_by = workday_after(today, 15)
    assert _deadline(case, "verify").due_date == decide_by
    # 15 working days from each pinned day run into a year without the official schedule.
    assert shows_provisional_warning(client, staff["handler"], case_url(case), decide_by.year)
    run_step(case, "verify", staff["handler"],
             {"opinion": "grant", "method": "written", "findings": "已履行义务"})  # fmt: skip
    run_step(case, "review", staff["section_head"], {"result": "agree", "needs_legal_review": "on"})
    assert _deadline(case, "legal").due_date == decide_by
    run_step(case, "legal", staff["legal"], {"opinion": "pass"})
    run_step(case, "decide", staff["leader"], {"decision": "grant"})
    assert _deadline(case, "execute").due_date == workday_after(today, 3)
    run_step(case, "execute", staff["handler"], {"executed_on": today.isoformat()})

    record.refresh_from_db()
    case.refresh_from_db()
    assert record.state == CreditRecord.State.REPAIRED
    assert (case.status, case.decision) == (Case.Status.CLOSED, "granted")
    year = today.year
    assert sorted(CaseDocument.objects.filter(case=case).values_list("doc_number", flat=True)) == [
        f"乌市监信修准〔{year}〕1号", f"乌市监信修受〔{year}〕1号",
    ]  # fmt: skip
    messages = OutboundMessage.objects.filter(case=case)
    assert {(m.message_type, m.payload["uscc"]) for m in messages} == {
        ("repair.granted", record.subject.uscc)
    }
    assert set(messages.values_list("target", flat=True)) == {
        "publicity", "sharing", "credit_china",
    }  # fmt: skip
    assert {target for target, _ in deliver_all(receiver, case)} == {
        "publicity", "sharing", "credit_china",
    }  # fmt: skip
    events = set(AuditEvent.objects.filter(case=case).values_list("event_type", flat=True))
    assert {"repair.applied", "repair.accepted", "repair.verified", "repair.reviewed",
            "repair.legal_reviewed", "repair.granted", "repair.executed",
            "credit_record.repair"} <= events  # fmt: skip
    assert not Deadline.objects.filter(case=case, status__in=Deadline.OPEN_STATUSES).exists()


def test_an_ineligible_application_is_refused_at_intake_and_changes_nothing(staff, make_record):
    record = make_record(CreditRecord.Kind.SERIOUS_LIST, years_ago=0.5)
    with pytest.raises(RepairIneligible) as excinfo:
        _apply(record, staff)
    assert any("repair is possible from" in r or "修复" in r for r in excinfo.value.reasons)
    record.refresh_from_db()
    assert record.state == CreditRecord.State.LISTED
    assert not Case.objects.exists()
