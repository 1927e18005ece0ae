"""The steps of a repair case, from acceptance to execution, post-check and revocation."""

import hashlib
import random
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from workflows.core.deadlines import rule_in_force
from workflows.core.models import Case, CreditRecord, Deadline, User
from workflows.core.roles import Role
from workflows.core.services.cases import case_close
from workflows.core.services.credit_records import credit_record_transition
from workflows.core.services.deadlines import (
    deadline_pause,
    deadline_resume,
    deadline_start,
    milestone_open,
)
from workflows.core.services.kit import event, local_today, save
from workflows.core.services.notifications import notify
from workflows.core.services.outbound import credit_record_payload, outbound_announce
from workflows.core.workdays import add_workdays
from workflows.pledge.services import PledgeRefused, PledgeSource, PledgeType, pledge_register
from workflows.repair.documents import repair_document_issue
from workflows.repair.models import (
    RepairApplication,
)
from workflows.repair.services.common import close_decision_period

Outcome = RepairApplication.Outcome


@transaction.atomic
def repair_accept(*, application: RepairApplication, data: dict, actor: User | None) -> None:
    """受理 / 不予受理 / 补正, with 承诺容缺 and 即申即办 options."""
    decision = data["decision"]
    application.acceptance = decision
    if decision == "not_accept":
        _not_accepted(application, data["reasons"], actor)
        return
    if decision == "supplement":
        _supplements_requested(application, data["reasons"], actor)
        return
    if data.get("decide_now") and not application.is_abnormal_kind:
        raise ValidationError(
            {"decide_now": _("Only abnormal-list repairs can be granted at acceptance.")}
        )
    today = local_today()
    application.accepted_on = today
    fields = ["acceptance", "accepted_on"]
    if data.get("missing_materials"):
        rule = rule_in_force("REP-PLEDGE", today)
        application.missing_materials = data["missing_materials"]
        application.pledge_state = RepairApplication.PledgeState.OPEN
        application.pledge_due_on = add_workdays(today, rule.count).value
        fields += ["missing_materials", "pledge_state", "pledge_due_on"]
        deadline_start(
            case=application.case,
            rule_code="REP-PLEDGE",
            step="pledged_materials",
            started_on=today,
            actor=actor,
        )
        _register_deficiency_pledge(application, actor)
    save(application, *fields)
    if not application.is_abnormal_kind:
        deadline_start(
            case=application.case,
            rule_code="REP-DECIDE",
            step="decision",
            started_on=today,
            actor=actor,
        )
    event(
        application,
        "repair.accepted",
        actor,
        accepted_on=today,
        missing_materials=application.missing_materials,
    )
    repair_document_issue(application=application, kind="repair.accept_notice", actor=actor)
    if data.get("decide_now"):
        _grant(application, actor, at_acceptance=True)


def _register_deficiency_pledge(application: RepairApplication, actor) -> None:
    """承诺容缺 goes into the pledge register, checked by the materials arriving; it is
    refused (next to the field) to a subject with an unrepaired false pledge."""
    try:
        pledge_register(
            subject=application.credit_record.subject, pledge_type=PledgeType.DEFICIENCY,
            content=application.missing_materials, linked_case=application.case, actor=actor,
            source=PledgeSource.REPAIR, source_ref=f"{application.case.case_no}:deficiency",
            verification_due=application.pledge_due_on, verified_by_source=True,
        )  # fmt: skip
    except PledgeRefused as exc:
        raise ValidationError({"missing_materials": exc.reasons}) from exc


def _not_accepted(application: RepairApplication, reasons: str, actor) -> None:
    application.outcome, application.outcome_reason = Outcome.NOT_ACCEPTED, reasons
    save(application, "acceptance", "outcome", "outcome_reason")
    credit_record_transition(
        record=application.credit_record, name="refuse_repair", actor=actor, case=application.case
    )
    close_decision_period(application, actor)
    event(application, "repair.not_accepted", actor, reasons=reasons)
    repair_document_issue(
        application=application, kind="repair.not_accept_notice", actor=actor, reasons=reasons
    )
    case_close(case=application.case, decision=Outcome.NOT_ACCEPTED, actor=actor, comment=reasons)


def _supplements_requested(application: RepairApplication, reasons: str, actor) -> None:
    save(application, "acceptance")
    milestone = milestone_open(application.case, "AB-REMOVE")
    if milestone is not None and milestone.status != Deadline.Status.PAUSED:
        deadline_pause(deadline=milestone, actor=actor, reason=_("Waiting for supplements"))
    event(application, "repair.supplements_requested", actor, items=reasons)
    repair_document_issue(
        application=application, kind="repair.supplement_notice", actor=actor, reasons=reasons
    )


@transaction.atomic
def repair_supplements_received(
    *, application: RepairApplication, received_on: date, actor: User | None
) -> None:
    milestone = milestone_open(application.case, "AB-REMOVE")
    if milestone is not None and milestone.status == Deadline.Status.PAUSED:
        deadline_resume(deadline=milestone, actor=actor)
    application.acceptance = ""
    save(application, "acceptance")
    event(application, "repair.supplements_received", actor, received_on=received_on)


# --- verification, review, decision ------------------------------------------------


def verification_may_be_waived(application: RepairApplication) -> bool:
    """承诺免查: low-risk subjects (class A) that signed the pledge, abnormal-list kinds."""
    subject = application.credit_record.subject
    return (
        application.is_abnormal_kind
        and application.pledge_made
        and subject.risk_class == subject.RiskClass.A
    )


def draw_post_check(case: Case) -> tuple[bool, str]:
    """A reproducible draw: the seed is the case number, recorded so an auditor can redo it."""
    seed = hashlib.sha256(case.case_no.encode("utf-8")).hexdigest()[:16]
    return random.Random(seed).random() < settings.REPAIR_POST_CHECK_RATIO, seed


@transaction.atomic
def repair_waive_verification(*, application: RepairApplication) -> None:
    drawn, seed = draw_post_check(application.case)
    application.verification_waived, application.verification_opinion = True, "grant"
    application.post_check, application.post_check_seed = drawn, seed
    save(
        application, "verification_waived", "verification_opinion", "post_check", "post_check_seed"
    )
    event(
        application,
        "repair.verification_waived",
        None,
        post_check=drawn,
        seed=seed,
        ratio=settings.REPAIR_POST_CHECK_RATIO,
    )


@transaction.atomic
def repair_verify(*, application: RepairApplication, data: dict, actor: User | None) -> None:
    application.verification_opinion = data["opinion"]
    application.review_result = application.legal_opinion = ""
    save(application, "verification_opinion", "review_result", "legal_opinion")
    event(
        application,
        "repair.verified",
        actor,
        opinion=data["opinion"],
        method=data["method"],
        findings=data["findings"],
    )


@transaction.atomic
def repair_review(*, application: RepairApplication, data: dict, actor: User | None) -> None:
    application.review_result = data["result"]
    application.needs_legal_review = bool(data.get("needs_legal_review"))
    save(application, "review_result", "needs_legal_review")
    event(
        application,
        "repair.reviewed",
        actor,
        result=data["result"],
        needs_legal_review=application.needs_legal_review,
    )


@transaction.atomic
def repair_legal_review(*, application: RepairApplication, data: dict, actor: User | None) -> None:
    application.legal_opinion = data["opinion"]
    save(application, "legal_opinion")
    event(application, "repair.legal_reviewed", actor, opinion=data["opinion"])


@transaction.atomic
def repair_decide(*, application: RepairApplication, data: dict, actor: User | None) -> None:
    if data["decision"] == "grant":
        _grant(application, actor)
        return
    application.outcome, application.outcome_reason = Outcome.REFUSED, data["reasons"]
    application.decided_on = local_today()
    save(application, "outcome", "outcome_reason", "decided_on")
    credit_record_transition(
        record=application.credit_record, name="refuse_repair", actor=actor, case=application.case
    )
    close_decision_period(application, actor)
    event(application, "repair.refused", actor, reasons=data["reasons"])
    repair_document_issue(
        application=application, kind="repair.refuse_decision", actor=actor, reasons=data["reasons"]
    )
    case_close(
        case=application.case, decision=Outcome.REFUSED, actor=actor, comment=data["reasons"]
    )


def _grant(application: RepairApplication, actor, at_acceptance: bool = False) -> None:
    application.outcome, application.decided_on = Outcome.GRANTED, local_today()
    save(application, "outcome", "decided_on")
    close_decision_period(application, actor)
    event(application, "repair.granted", actor, at_acceptance=at_acceptance)
    repair_document_issue(application=application, kind="repair.grant_decision", actor=actor)
    if application.credit_record.kind == CreditRecord.Kind.ABNORMAL_LIST:
        repair_document_issue(application=application, kind="repair.abnormal_removal", actor=actor)


@transaction.atomic
def repair_execute(
    *, application: RepairApplication, executed_on: date, actor: User | None
) -> None:
    """Stop publicity / remove from the list on the record, share the result, notify."""
    record = credit_record_transition(
        record=application.credit_record, name="repair", actor=actor, case=application.case
    )
    application.executed_on = executed_on
    save(application, "executed_on")
    event(application, "repair.executed", actor, executed_on=executed_on, record=record.pk)
    _share_result(application, "repair.granted")
    if not application.post_check:
        case_close(case=application.case, decision=Outcome.GRANTED, actor=actor)


def _share_result(application: RepairApplication, message_type: str) -> None:
    """The result goes wherever the record had effect: the publicity system stops or
    restores its publicity, the joint-punishment departments lift or restore their
    measures, Credit China synchronises (CC-SYNC)."""
    record, subject = application.credit_record, application.credit_record.subject
    record.refresh_from_db()  # the transition may have saved another instance
    outbound_announce(
        case=application.case,
        message_type=message_type,
        payload=credit_record_payload(
            record,
            repair_kind=application.kind,
            repair_decided_on=application.decided_on,
            repair_executed_on=application.executed_on,
            repair_outcome=application.outcome,
        ),
    )
    clerks = User.objects.filter(bureau=application.case.bureau, groups__name=Role.CLERK)
    notify(
        recipients=clerks,
        kind=message_type,
        case=application.case,
        title=_("Credit repair result: %(name)s") % {"name": subject.name},
        body=_("%(case)s: %(outcome)s.")
        % {"case": application.case.case_no, "outcome": application.get_outcome_display()},
    )


@transaction.atomic
def repair_post_check(*, application: RepairApplication, data: dict, actor: User | None) -> None:
    event(
        application,
        "repair.post_checked",
        actor,
        result=data["result"],
        comment=data.get("comment", ""),
    )
    if data["result"] == "fraud":
        repair_revoke_for_fraud(
            application=application,
            actor=actor,
            reason=data.get("comment") or _("false materials found at the post-check"),
        )
    elif application.case.status == Case.Status.OPEN:
        case_close(case=application.case, decision=Outcome.GRANTED, actor=actor)


@transaction.atomic
def repair_revoke_for_fraud(
    *, application: RepairApplication, actor: User | None, reason: str
) -> None:
    """Revoke a granted repair: the record is public again and its period starts over."""
    if application.outcome != Outcome.GRANTED or application.executed_on is None:
        raise ValidationError(_("Only an executed repair can be revoked."))
    application.outcome, application.revoked_on = Outcome.REVOKED, local_today()
    application.outcome_reason = reason
    save(application, "outcome", "revoked_on", "outcome_reason")
    credit_record_transition(
        record=application.credit_record,
        name="revoke_repair",
        actor=actor,
        case=application.case,
        comment=reason,
    )
    event(application, "repair.revoked", actor, reason=reason)
    repair_document_issue(
        application=application, kind="repair.revocation", actor=actor, reasons=reason
    )
    _share_result(application, "repair.revoked")
    if application.case.status == Case.Status.OPEN:
        case_close(case=application.case, decision=Outcome.REVOKED, actor=actor, comment=reason)


@transaction.atomic
def repair_auto_restore_execute(*, application: RepairApplication) -> None:
    record, today = application.credit_record, local_today()
    credit_record_transition(
        record=record, name="request_repair", actor=None, case=application.case
    )
    application.outcome, application.decided_on, application.executed_on = (
        Outcome.GRANTED,
        today,
        today,
    )
    application.post_check, application.post_check_seed = draw_post_check(application.case)
    save(application, "outcome", "decided_on", "executed_on", "post_check", "post_check_seed")
    credit_record_transition(record=record, name="repair", actor=None, case=application.case)
    event(
        application,
        "repair.auto_restored",
        None,
        post_check=application.post_check,
        seed=application.post_check_seed,
    )
    _share_result(application, "repair.granted")
    if not application.post_check:
        case_close(case=application.case, decision=Outcome.GRANTED, actor=None)
