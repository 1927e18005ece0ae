"""The abnormal operations list: listing (batch after 30 June, single), objection,
removal on application, the 60-day warning and the escalation at 3 years."""

import io
import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from tests import calendar_oracle
from tests.calendar_oracle import workday_after
from tests.factories import SubjectFactory, bureau, next_uscc
from tests.workflows.listing.conftest import today
from tests.workflows.repair.conftest import run_step as repair_step
from workflows.core.deadlines import add_months
from workflows.core.models import Case, CaseDocument, CreditRecord, Deadline, OutboundMessage
from workflows.core.services.tasks import task_claim, task_complete
from workflows.listing.flows import AbnormalObjectionFlow, ListingFlow
from workflows.listing.models import AbnormalEntry, Lead
from workflows.listing.services.abnormal import (
    abnormal_list,
    abnormal_object,
    abnormal_three_year_check,
)

pytestmark = pytest.mark.django_db


def _workday_before(day: date) -> date:
    day -= timedelta(days=1)
    while not calendar_oracle.is_workday(day):
        day -= timedelta(days=1)
    return day


def _objection_step(case, step, user, data):
    task = case.process.task_set.get(
        flow_task=getattr(AbnormalObjectionFlow, step), finished__isnull=True
    )
    task_claim(task=task, user=user)
    task_complete(task=task, user=user, data=data)


def _deadline(case, step) -> Deadline:
    task = case.process.task_set.get(
        flow_task=getattr(AbnormalObjectionFlow, step), finished__isnull=True
    )
    return Deadline.objects.get(task=task)


def test_the_batch_after_30_june_lists_enterprises_and_marks_individual_businesses(
    pinned_day, tmp_path, staff
):
    # The latest year whose annual report was due by a 30 June already past.
    year = today().year - (1 if today() > date(today().year, 6, 30) else 2)
    enterprise = SubjectFactory(region=bureau("650100"))
    individual = SubjectFactory(uscc=next_uscc("92"), subject_type="individual",
                                name="天山区阿依古丽烤肉店", region=bureau("650100"))  # fmt: skip
    path = tmp_path / "missing.csv"
    rows = ["统一社会信用代码", enterprise.uscc, individual.uscc, next_uscc(), enterprise.uscc]
    path.write_bytes("\r\n".join(rows).encode("gbk"))

    out = io.StringIO()
    call_command("abnormal_batch_list", str(year), str(path), "--json", "--user", "handler",
                 stdout=out)  # fmt: skip
    report = json.loads(out.getvalue())

    assert (report["listed_count"], report["skipped_count"]) == (2, 2)
    assert [row["kind"] for row in report["listed"]] == ["abnormal_list", "individual_abnormal"]
    assert [row["row"] for row in report["skipped"]] == [4, 5]
    entry = AbnormalEntry.objects.get(credit_record__subject=enterprise)
    assert (entry.ground, entry.report_year, entry.fact_date) == (
        "no_annual_report", year, date(year + 1, 6, 30),
    )  # fmt: skip
    period = Deadline.objects.get(case=entry.case, rule__code="AB-LIST-AR")
    assert period.due_date == workday_after(date(year + 1, 6, 30), 10)
    assert entry.credit_record.listed_on == today()
    assert entry.credit_record.decision_no.startswith("乌市监列异〔")
    assert OutboundMessage.objects.filter(case=entry.case, message_type="abnormal.listed").exists()

    not_yet = abnormal_list  # the current year's reports are not due before next June
    with pytest.raises(ValidationError):
        not_yet(subject=enterprise, ground="no_annual_report", report_year=today().year,
                fact_date=date(today().year + 1, 6, 30), actor=staff["handler"])  # fmt: skip


def test_an_unreachable_enterprise_is_listed_within_ten_working_days_of_verification(
    pinned_day, staff
):
    subject = SubjectFactory(region=bureau("650100"))
    verified = _workday_before(today())

    entry = abnormal_list(subject=subject, ground="unreachable", fact_date=verified,
                          actor=staff["handler"])  # fmt: skip

    period = Deadline.objects.get(case=entry.case, rule__code="AB-LIST-OTHER")
    assert period.due_date == workday_after(verified, 10)
    assert period.status == Deadline.Status.MET
    assert entry.case.status == Case.Status.CLOSED
    with pytest.raises(ValidationError):  # not twice on the same ground
        abnormal_list(subject=subject, ground="unreachable", fact_date=verified, actor=None)


def test_an_upheld_objection_revokes_the_listing_within_the_periods(pinned_day, staff):
    subject = SubjectFactory(region=bureau("650100"))
    entry = abnormal_list(subject=subject, ground="unreachable",
                          fact_date=_workday_before(today()), actor=staff["handler"])  # fmt: skip

    objection = abnormal_object(entry=entry, grounds="我司一直在登记住所经营", actor=staff["clerk"])
    case = objection.case
    assert _deadline(case, "accept").due_date == workday_after(today(), 5)
    _objection_step(case, "accept", staff["clerk"], {"decision": "accept"})
    assert _deadline(case, "verify").due_date == workday_after(today(), 20)
    _objection_step(case, "verify", staff["handler"],
                    {"result": "upheld", "reasons": "现场核查可以联系"})  # fmt: skip

    entry.credit_record.refresh_from_db()
    case.refresh_from_db()
    assert entry.credit_record.state == CreditRecord.State.REVOKED
    assert (case.status, case.decision) == ("closed", "upheld")
    assert CaseDocument.objects.get(case=case).title == "撤销列入经营异常名录决定书"


def test_an_objection_not_accepted_or_rejected_leaves_the_listing(pinned_day, staff):
    subject = SubjectFactory(region=bureau("650100"))
    entry = abnormal_list(subject=subject, ground="false_info",
                          fact_date=_workday_before(today()), actor=staff["handler"])  # fmt: skip
    first = abnormal_object(entry=entry, grounds="异议", actor=staff["clerk"])
    _objection_step(first.case, "accept", staff["clerk"],
                    {"decision": "not_accept", "reasons": "超过异议期限"})  # fmt: skip
    second = abnormal_object(entry=entry, grounds="补充异议", actor=staff["clerk"])
    _objection_step(second.case, "accept", staff["clerk"], {"decision": "accept"})
    _objection_step(second.case, "verify", staff["handler"],
                    {"result": "rejected", "reasons": "公示信息确有隐瞒"})  # fmt: skip

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.outcome, second.outcome) == ("not_accepted", "rejected")
    entry.credit_record.refresh_from_db()
    assert entry.credit_record.state == CreditRecord.State.LISTED
    assert CaseDocument.objects.get(case=second.case).title == "异议核实答复书"


def test_removal_on_application_is_credit_repair_within_five_working_days(pinned_day, staff):
    from workflows.core.models import Deadline as D
    from workflows.repair.services import repair_apply

    subject = SubjectFactory(region=bureau("650100"))
    entry = abnormal_list(subject=subject, ground="unreachable",
                          fact_date=_workday_before(today()), actor=staff["handler"])  # fmt: skip
    application = repair_apply(
        record=entry.credit_record, channel="counter", applicant_name="张三",
        grounds="已恢复正常经营，可通过登记住所联系", pledge_made=True, actor=staff["clerk"],
    )  # fmt: skip
    removal = D.objects.get(case=application.case, task__isnull=True, rule__code="AB-REMOVE")
    assert removal.due_date == workday_after(today(), 5)
    repair_step(application.case, "accept", staff["clerk"],
                {"decision": "accept", "decide_now": "on"})  # fmt: skip
    repair_step(application.case, "execute", staff["handler"],
                {"executed_on": today().isoformat()})  # fmt: skip

    entry.credit_record.refresh_from_db()
    assert entry.credit_record.state == CreditRecord.State.REPAIRED


def test_the_warning_60_days_before_and_the_escalation_at_three_years(pinned_day, staff):
    warned_subject = SubjectFactory(region=bureau("650100"))
    old_subject = SubjectFactory(region=bureau("650100"))
    soon = abnormal_list(subject=warned_subject, ground="unreachable",
                         fact_date=_workday_before(today()), actor=None)  # fmt: skip
    old = abnormal_list(subject=old_subject, ground="unreachable",
                        fact_date=_workday_before(today()), actor=None)  # fmt: skip
    # As if listed earlier: 30 days before the 3-year mark, and 3 years and a week ago.
    CreditRecord.objects.filter(pk=soon.credit_record_id).update(
        listed_on=add_months(today(), -36) + timedelta(days=30)
    )
    CreditRecord.objects.filter(pk=old.credit_record_id).update(
        listed_on=add_months(today(), -36) - timedelta(days=7)
    )

    assert abnormal_three_year_check() == {"warned": 2, "escalated": 1}
    assert abnormal_three_year_check() == {"warned": 0, "escalated": 0}  # once each

    soon.refresh_from_db()
    old.refresh_from_db()
    assert soon.warned_on == today() and soon.escalated_to is None
    assert OutboundMessage.objects.filter(
        case=soon.case, message_type="abnormal.three_year_warning"
    ).exists()
    lead = old.escalated_to
    assert (lead.source, lead.status, lead.subject) == (
        Lead.Source.ABNORMAL_ESCALATION, "case_opened", old_subject,
    )  # fmt: skip
    assert (lead.case.source, lead.case.procedure) == ("ex_officio", "listing")
    assert lead.case.process.task_set.filter(
        flow_task=ListingFlow.register, finished__isnull=True
    ).exists()
