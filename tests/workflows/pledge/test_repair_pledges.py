"""The repair procedure's pledges in the register: the 守信承诺书 at application, the
承诺容缺 pledge at acceptance (fulfilled or broken into a false pledge), and 承诺容缺
refused to a subject with an unrepaired false pledge."""

from datetime import timedelta

import pytest

from tests.workflows.pledge.conftest import today
from tests.workflows.repair.conftest import run_step
from workflows.core.models import CreditRecord
from workflows.core.services.credit_records import credit_record_create
from workflows.core.services.tasks import TaskFormInvalid
from workflows.pledge.models import Pledge, PledgeType
from workflows.repair.models import RepairApplication
from workflows.repair.services import repair_apply, repair_pledge_fulfilled, repair_pledges_check

pytestmark = pytest.mark.django_db


def _apply(record, staff) -> RepairApplication:
    return repair_apply(
        record=record, channel="counter", applicant_name="张三", grounds="已补报年报并公示",
        pledge_made=True, actor=staff["clerk"],
    )  # fmt: skip


def test_the_repair_pledge_and_the_deficiency_pledge_are_registered(make_record, staff):
    application = _apply(make_record(CreditRecord.Kind.ABNORMAL_LIST), staff)
    case = application.case
    repair_pledge = Pledge.objects.get(linked_case=case, pledge_type=PledgeType.REPAIR)
    assert (repair_pledge.state, repair_pledge.source, repair_pledge.source_ref) == (
        "registered", "repair", f"{case.case_no}:repair",
    )  # fmt: skip

    run_step(case, "accept", staff["clerk"],
             {"decision": "accept", "missing_materials": "法定代表人身份证明复印件"})  # fmt: skip
    deficiency = Pledge.objects.get(linked_case=case, pledge_type=PledgeType.DEFICIENCY)
    application.refresh_from_db()
    assert (deficiency.state, deficiency.check_mode) == ("under_verification", "full")
    assert deficiency.verification_due == application.pledge_due_on
    assert deficiency.content == "法定代表人身份证明复印件"

    repair_pledge_fulfilled(application=application, actor=staff["clerk"])
    deficiency.refresh_from_db()
    assert (deficiency.state, deficiency.closed_on) == ("fulfilled", today())


def test_a_broken_deficiency_pledge_is_a_false_pledge_in_the_register(make_record, staff):
    application = _apply(make_record(CreditRecord.Kind.SERIOUS_LIST), staff)
    run_step(application.case, "accept", staff["clerk"],
             {"decision": "accept", "missing_materials": "整改报告原件"})  # fmt: skip
    application.refresh_from_db()

    assert repair_pledges_check(today=application.pledge_due_on + timedelta(days=1)) == 1

    deficiency = Pledge.objects.get(linked_case=application.case, pledge_type="deficiency")
    assert deficiency.state == "false"
    assert deficiency.false_record.kind == CreditRecord.Kind.FALSE_PLEDGE


def test_deficiency_acceptance_is_refused_to_a_subject_with_a_false_pledge(make_record, staff):
    record = make_record(CreditRecord.Kind.ABNORMAL_LIST)
    false = credit_record_create(
        subject=record.subject, kind=CreditRecord.Kind.FALSE_PLEDGE, reason="告知承诺不实",
        listed_on=today() - timedelta(days=10), deciding_bureau=record.deciding_bureau,
        actor=None, decision_no="乌市监承诺定〔2026〕4号",
    )  # fmt: skip
    application = _apply(record, staff)
    case = application.case

    with pytest.raises(TaskFormInvalid) as refused:
        run_step(case, "accept", staff["clerk"],
                 {"decision": "accept", "missing_materials": "身份证明"})  # fmt: skip

    assert list(refused.value.errors) == ["missing_materials"]
    assert "乌市监承诺定〔2026〕4号" in refused.value.errors["missing_materials"][0]
    application.refresh_from_db()
    assert (application.pledge_state, application.accepted_on) == ("", None)
    assert not Pledge.objects.filter(linked_case=case, pledge_type="deficiency").exists()
    # Acceptance without a pledge for missing materials goes on as usual.
    run_step(case, "accept", staff["clerk"], {"decision": "accept"})
    application.refresh_from_db()
    assert application.accepted_on == today()
    false.refresh_from_db()
    assert false.state == "listed"
