"""The steps of a verification case: plan, verify, notice, statement, review, decision,
publicity of the false-pledge record (DOMAIN.md §5.2)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from forms import pledge as forms
from workflows.core.models import CreditRecord, User
from workflows.core.roles import Role
from workflows.core.services.cases import case_close
from workflows.core.services.credit_records import credit_record_create
from workflows.core.services.deadlines import deadline_start, milestone_complete, milestone_open
from workflows.core.services.kit import event, local_today, save
from workflows.core.services.notifications import notify
from workflows.core.services.outbound import credit_record_payload, outbound_announce
from workflows.pledge.documents import pledge_document_issue
from workflows.pledge.models import Measure, Verification
from workflows.pledge.services.common import pledge_transition

#: What a false-pledge record costs its subject until repaired (DOMAIN.md §5.2 step 8).
RESTRICTIONS = ("不适用告知承诺制和容缺受理", "列为重点监管对象，提高抽查比例和频次")

Outcome = Verification.Outcome


@transaction.atomic
def verification_plan(*, verification: Verification, data: dict, actor: User | None) -> None:
    """Method and date; the 核查通知书 tells the subject."""
    if data["planned_on"] < local_today():
        raise ValidationError({"planned_on": _("The verification date cannot lie in the past.")})
    milestone = milestone_open(verification.case, "PLG-VERIFY")
    # Within the period while it runs; once it has run out (the bureau is late, the
    # deadline is breached), any day from today: the verification must still be done.
    if milestone and local_today() <= milestone.due_date < data["planned_on"]:
        raise ValidationError(
            {"planned_on": _("Verify by %(day)s, the end of the verification period.")
             % {"day": milestone.due_date}}
        )  # fmt: skip
    verification.method, verification.planned_on = data["method"], data["planned_on"]
    save(verification, "method", "planned_on")
    event(verification, "pledge.verification_planned", actor, method=verification.method,
          planned_on=verification.planned_on)  # fmt: skip
    pledge_document_issue(verification=verification, kind="pledge.verification_notice", actor=actor)


@transaction.atomic
def verification_verify(*, verification: Verification, data: dict, actor: User | None) -> None:
    """The findings and evidence (核查记录); fulfilled ends the case, an adverse result
    goes to the subject in a 不实承诺认定告知书."""
    verified_on = data["verified_on"]
    if not (verification.planned_on <= verified_on <= local_today()):
        raise ValidationError(
            {"verified_on": _("Verification lies between the planned date and today.")}
        )
    verification.verified_on = verified_on
    verification.findings, verification.evidence = data["findings"], data["evidence"]
    verification.result = data["result"]
    save(verification, "verified_on", "findings", "evidence", "result")
    milestone_complete(verification.case, "PLG-VERIFY", actor)
    event(verification, "pledge.verified", actor, result=verification.result,
          verified_on=verified_on, findings=verification.findings,
          evidence=verification.evidence)  # fmt: skip
    pledge_document_issue(verification=verification, kind="pledge.verification_record", actor=actor)
    if verification.adverse:
        pledge_document_issue(verification=verification, kind="pledge.finding_notice", actor=actor)
    else:
        _fulfilled(verification, actor, _("Verified: the pledge was kept."))


def _fulfilled(verification: Verification, actor, reasons: str) -> None:
    verification.outcome, verification.outcome_reason = Outcome.FULFILLED, reasons
    verification.decided_on = local_today()
    save(verification, "outcome", "outcome_reason", "decided_on")
    pledge = verification.pledge
    pledge.closed_on = local_today()
    pledge.save(update_fields=["closed_on"])
    pledge_transition(pledge, "fulfil", actor)
    milestone_complete(verification.case, "PLG-DECIDE", actor)
    case_close(case=verification.case, decision=Outcome.FULFILLED, actor=actor, comment=reasons)


@transaction.atomic
def verification_serve_notice(
    *, verification: Verification, data: dict, actor: User | None
) -> None:
    """Service of the notice starts the subject's statement period (PLG-STATEMENT)."""
    served_on = data["served_on"]
    if not (verification.verified_on <= served_on <= local_today()):
        raise ValidationError({"served_on": _("Service lies between verification and today.")})
    verification.notice_served_on = served_on
    verification.notice_service_method = data["method"]
    save(verification, "notice_served_on", "notice_service_method")
    deadline_start(case=verification.case, rule_code="PLG-STATEMENT", step="statement",
                   started_on=served_on, actor=actor)  # fmt: skip
    event(verification, "pledge.notice_served", actor, served_on=served_on, method=data["method"])


@transaction.atomic
def verification_statement(*, verification: Verification, data: dict, actor: User | None) -> None:
    """The subject's statement; silence counts only once its period has run out. The
    review and decision period (PLG-DECIDE) runs from here."""
    case, today = verification.case, local_today()
    period = milestone_open(case, "PLG-STATEMENT")
    silent = data["statement"] == forms.StatementForm.NONE
    if silent and period is not None and today <= period.due_date:
        raise ValidationError(
            {"statement": _("The subject's period runs until %(day)s; wait for it.")
             % {"day": period.due_date}}
        )  # fmt: skip
    verification.statement = data.get("statement_text", "")
    save(verification, "statement")
    milestone_complete(case, "PLG-STATEMENT", actor, period_ran_out=silent)
    deadline_start(case=case, rule_code="PLG-DECIDE", step="decision", started_on=today,
                   actor=actor)  # fmt: skip
    event(verification, "pledge.statement_recorded", actor, statement=data["statement"],
          text=verification.statement)  # fmt: skip


@transaction.atomic
def verification_review(*, verification: Verification, data: dict, actor: User | None) -> None:
    """The section head proposes the finding and its measures; revoking a licence needs
    the legal unit's review first."""
    measures = list(data.get("measures") or [])
    if Measure.REVOKE_LICENCE in measures and not verification.pledge.licence_no:
        raise ValidationError(
            {"measures": _("This pledge granted no licence to revoke (no licence number).")}
        )
    if data.get("rectify_by") and data["rectify_by"] <= local_today():
        raise ValidationError({"rectify_by": _("The time limit lies after today.")})
    verification.proposal, verification.measures = data["proposal"], measures
    verification.rectify_by = data.get("rectify_by") if Measure.RECTIFICATION in measures else None
    verification.legal_opinion = ""
    save(verification, "proposal", "measures", "rectify_by", "legal_opinion")
    event(verification, "pledge.reviewed", actor, proposal=verification.proposal,
          measures=measures, rectify_by=verification.rectify_by,
          reasons=data["reasons"])  # fmt: skip


def legal_review_needed(verification: Verification) -> bool:
    return Measure.REVOKE_LICENCE in verification.measures and not verification.legal_opinion


@transaction.atomic
def verification_legal_review(
    *, verification: Verification, data: dict, actor: User | None
) -> None:
    """Passed: on to the decision. Failed: back to the section head with the reasons."""
    opinion = data["opinion"]
    verification.legal_opinion = opinion if opinion == forms.LegalReviewForm.PASS else ""
    save(verification, "legal_opinion")
    event(verification, "pledge.legal_reviewed", actor, opinion=opinion, reasons=data["reasons"])


@transaction.atomic
def verification_decide(*, verification: Verification, data: dict, actor: User | None) -> None:
    """认定不实承诺: the false-pledge credit record, the decision and its measures."""
    if data["decision"] == forms.DecisionForm.FULFILLED:
        event(verification, "pledge.decided", actor, decision="fulfilled", reasons=data["reasons"])
        _fulfilled(verification, actor, data["reasons"])
        return
    if Measure.REVOKE_LICENCE in verification.measures and not verification.legal_opinion:
        raise ValidationError(_("Revoking the licence needs the legal review first."))
    today = local_today()
    verification.outcome, verification.outcome_reason = Outcome.FALSE, data["reasons"]
    verification.decided_on = today
    save(verification, "outcome", "outcome_reason", "decided_on")
    milestone_complete(verification.case, "PLG-DECIDE", actor)
    decision = pledge_document_issue(
        verification=verification, kind="pledge.decision", actor=actor, reasons=data["reasons"]
    )
    pledge, subject = verification.pledge, verification.case.subject
    record = credit_record_create(
        subject=subject,
        kind=CreditRecord.Kind.FALSE_PLEDGE,
        reason=_("False pledge: %(content)s") % {"content": pledge.content[:300]},
        listed_on=today,
        deciding_bureau=verification.case.bureau,
        actor=actor,
        case=verification.case,
        legal_basis="《经营主体信用承诺实施指南》",
        decision_no=decision.doc_number,
    )
    pledge.closed_on, pledge.false_record = today, record
    pledge.save(update_fields=["closed_on", "false_record"])
    pledge_transition(pledge, "find_false", actor, record=record.pk)
    if Measure.REVOKE_LICENCE in verification.measures:
        pledge_document_issue(
            verification=verification, kind="pledge.licence_revocation", actor=actor
        )
    if Measure.PENALTY_REFERRAL in verification.measures:
        pledge_document_issue(verification=verification, kind="pledge.penalty_referral",
                              actor=actor)  # fmt: skip
        _notify_referral(verification)
    deadline_start(case=verification.case, rule_code="PLG-PUB", step="publish",
                   started_on=today, actor=actor)  # fmt: skip
    outbound_announce(
        case=verification.case, message_type="pledge.false_record", due_from=today,
        payload=credit_record_payload(
            record, pledge_type=pledge.pledge_type, measures=RESTRICTIONS,
            decision_measures=[str(Measure(m).label) for m in verification.measures],
        ),
    )  # fmt: skip
    event(verification, "pledge.decided", actor, decision="false", record=record.pk,
          measures=verification.measures, decision_no=decision.doc_number,
          repairable_from=record.repairable_from, expires_on=record.expires_on)  # fmt: skip


def _notify_referral(verification: Verification) -> None:
    case = verification.case
    handlers = User.objects.filter(bureau=case.bureau, groups__name=Role.HANDLER)
    notify(
        recipients=handlers,
        kind="pledge.penalty_referral",
        case=case,
        title=_("Penalty referral from a pledge check: %(name)s") % {"name": case.subject.name},
        body=_("%(case)s: a false pledge was found; open a penalty case if the facts warrant it.")
        % {"case": case.case_no},
    )


@transaction.atomic
def verification_publish(*, verification: Verification, data: dict, actor: User | None) -> None:
    """The false-pledge record is published on GSXT and shared; the case closes."""
    published_on = data["published_on"]
    if not (verification.decided_on <= published_on <= local_today()):
        raise ValidationError({"published_on": _("Publication lies between decision and today.")})
    verification.published_on = published_on
    save(verification, "published_on")
    milestone_complete(verification.case, "PLG-PUB", actor)
    event(verification, "pledge.published", actor, published_on=published_on,
          record=verification.pledge.false_record_id)  # fmt: skip
    case_close(case=verification.case, decision=Outcome.FALSE, actor=actor)
