"""Admission up to the shortlist: intake, screening, prefecture and regional review."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.alliance.documents import alliance_document_issue
from workflows.alliance.eligibility import Candidate, screen
from workflows.alliance.models import Admission, Membership, ScreeningItem
from workflows.alliance.services.common import AllianceRefused, membership_transition
from workflows.core.flow.registry import start_named_flow
from workflows.core.models import Case, Procedure, Subject, User
from workflows.core.services.cases import case_close, case_open, case_set_step
from workflows.core.services.deadlines import deadline_start, milestone_complete
from workflows.core.services.kit import event, local_today

Outcome = Admission.Outcome
BASIS = "[A] 企业信用同盟入盟（DOMAIN.md §6）"


@transaction.atomic
def admission_open(
    *,
    subject: Subject,
    channel: str,
    established_on: date,
    contact_name: str,
    statement: str,
    pledge_signed: bool,
    actor: User | None,
    contact_phone: str = "",
) -> Admission:
    """Open an admission case (nomination or application) and screen it at once.

    The case belongs to the subject's bureau, which reviews it first. A subject that
    is already a candidate or a member is refused (``AllianceRefused``), nothing stored.
    """
    subject = (
        Subject.objects.select_for_update(of=("self",)).select_related("region").get(pk=subject.pk)
    )
    current = Membership.objects.filter(subject=subject, state__in=Membership.ACTIVE_STATES)
    if current.exists():
        raise AllianceRefused(
            [
                _("%(name)s is already in the alliance procedure (%(state)s).")
                % {"name": subject.name, "state": current.first().get_state_display()}
            ]
        )
    try:
        with transaction.atomic():
            membership = Membership.objects.create(subject=subject, bureau=subject.region)
    except IntegrityError:  # a simultaneous nomination won
        raise AllianceRefused(
            [_("A nomination of this subject is already being handled.")]
        ) from None
    case = case_open(
        procedure=Procedure.ALLIANCE,
        bureau=subject.region,
        subject=subject,
        actor=actor,
        source=(
            Case.Source.EX_OFFICIO
            if channel == Admission.Channel.NOMINATION
            else Case.Source.APPLICATION
        ),
        sub_type="admission",
        summary=statement[:500],
        legal_basis=BASIS,
    )
    admission = Admission.objects.create(
        case=case,
        membership=membership,
        channel=channel,
        contact_name=contact_name,
        contact_phone=contact_phone,
        statement=statement,
        established_on=established_on,
        pledge_signed=pledge_signed,
        received_on=local_today(),
    )
    event(
        case,
        "alliance.received",
        actor,
        channel=channel,
        membership=membership.pk,
        established_on=established_on,
        pledge_signed=pledge_signed,
    )

    start_named_flow("alliance", case)  # screening runs at once
    admission.refresh_from_db()
    return admission


def rescreen(admission: Admission, on: date) -> list:
    """The checklist evaluated now (at the leader's decision, records may have changed)."""
    candidate = Candidate(admission.case.subject, admission.established_on, admission.pledge_signed)
    return screen(candidate, on)


@transaction.atomic
def admission_screen(*, admission: Admission) -> bool:
    """步骤2 自动筛查: store each item's result; a failure ends the case with its reasons."""
    results = rescreen(admission, local_today())
    ScreeningItem.objects.bulk_create(
        ScreeningItem(
            admission=admission,
            code=r.code,
            title=r.title,
            passed=r.passed,
            reason=r.reason,
            position=n,
        )
        for n, r in enumerate(results, start=1)
    )
    passed = all(r.passed for r in results)
    admission.screening_passed, admission.screened_at = passed, timezone.now()
    admission.save(update_fields=["screening_passed", "screened_at"])
    case = admission.case
    event(
        case,
        "alliance.screened",
        None,
        passed=passed,
        failed=[{"check": r.code, "reason": r.reason} for r in results if not r.passed],
    )
    if passed:
        deadline_start(
            case=case,
            rule_code="AL-PREF-REVIEW",
            step="prefecture_review",
            started_on=local_today(),
            actor=None,
        )
        return True
    alliance_document_issue(kind="alliance.screening_notice", admission=admission, actor=None)
    _not_admitted(
        admission,
        Outcome.SCREENING_FAILED,
        None,
        "；".join(r.reason for r in results if not r.passed),
    )
    return False


def _not_admitted(admission: Admission, outcome: str, actor, reasons: str) -> None:
    admission.outcome, admission.decision_reasons = outcome, reasons
    admission.decided_on = local_today()
    admission.save(update_fields=["outcome", "decision_reasons", "decided_on"])
    membership_transition(
        admission.membership,
        "decline",
        case=admission.case,
        actor=actor,
        ended_on=local_today(),
        end_reason=reasons[:2000],
    )
    for code in ("AL-PREF-REVIEW", "AL-REG-REVIEW"):
        milestone_complete(admission.case, code, actor)
    case_close(case=admission.case, decision=outcome, actor=actor, comment=reasons)


@transaction.atomic
def admission_prefecture_check(*, admission: Admission, data: dict, actor: User | None) -> None:
    admission.prefecture_opinion = data["opinion"]
    admission.site_visit_on = data.get("site_visit_on")
    admission.prefecture_findings = data["findings"]
    admission.save(update_fields=["prefecture_opinion", "site_visit_on", "prefecture_findings"])
    event(
        admission.case,
        "alliance.prefecture_checked",
        actor,
        opinion=data["opinion"],
        site_visit_on=data.get("site_visit_on"),
        findings=data["findings"],
    )


@transaction.atomic
def admission_prefecture_signoff(*, admission: Admission, data: dict, actor: User | None) -> None:
    """The section head agrees (recommend or not) or sends the check back."""
    case = admission.case
    event(
        case,
        "alliance.prefecture_signed_off",
        actor,
        result=data["result"],
        opinion=admission.prefecture_opinion,
    )
    if data["result"] == "send_back":
        admission.prefecture_opinion = ""
        admission.save(update_fields=["prefecture_opinion"])
        return
    milestone_complete(case, "AL-PREF-REVIEW", actor)
    if admission.prefecture_opinion == "recommend":
        alliance_document_issue(
            kind="alliance.recommendation",
            admission=admission,
            actor=actor,
            signoff=data.get("comment") or "同意推荐",
        )
        deadline_start(
            case=case,
            rule_code="AL-REG-REVIEW",
            step="regional_review",
            started_on=local_today(),
            actor=actor,
        )
        return
    alliance_document_issue(
        kind="alliance.review_opinion",
        admission=admission,
        actor=actor,
        conclusion="不予推荐",
        opinion=admission.prefecture_findings,
    )
    _not_admitted(admission, Outcome.NOT_RECOMMENDED, actor, admission.prefecture_findings)


@transaction.atomic
def admission_regional_review(*, admission: Admission, data: dict, actor: User | None) -> None:
    decision = data["decision"]
    admission.regional_decision, admission.regional_opinion = decision, data["opinion"]
    admission.save(update_fields=["regional_decision", "regional_opinion"])
    event(
        admission.case,
        "alliance.regional_reviewed",
        actor,
        decision=decision,
        opinion=data["opinion"],
    )
    if decision == "shortlist":
        _shortlist(admission, actor)
    elif decision == "reject":
        _reject(admission, actor)


@transaction.atomic
def admission_expert_scoring(*, admission: Admission, data: dict, actor: User | None) -> None:
    """The panel's scores; an average below ``ALLIANCE_EXPERT_PASS_SCORE`` is no shortlist."""
    scores = data["scores"]
    average = (sum(Decimal(s["score"]) for s in scores) / len(scores)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    passed = average >= Decimal(str(settings.ALLIANCE_EXPERT_PASS_SCORE))
    admission.expert_scores, admission.expert_average = scores, average
    admission.regional_opinion = data["opinion"]
    admission.regional_decision = "shortlist" if passed else "reject"
    admission.save(
        update_fields=["expert_scores", "expert_average", "regional_opinion", "regional_decision"]
    )
    event(
        admission.case,
        "alliance.experts_scored",
        actor,
        scores=scores,
        average=average,
        pass_score=settings.ALLIANCE_EXPERT_PASS_SCORE,
        passed=passed,
    )
    (_shortlist if passed else _reject)(admission, actor)


def _reject(admission: Admission, actor) -> None:
    alliance_document_issue(
        kind="alliance.review_opinion",
        admission=admission,
        actor=actor,
        conclusion="不予列入拟入盟名单",
        opinion=admission.regional_opinion,
    )
    alliance_document_issue(
        kind="alliance.not_admitted",
        admission=admission,
        actor=actor,
        reasons=f"自治区市场监督管理局审核认为{admission.regional_opinion}",
    )
    _not_admitted(admission, Outcome.NOT_SHORTLISTED, actor, admission.regional_opinion)


def _shortlist(admission: Admission, actor) -> None:
    """Shortlisted: the candidate goes on public notice for ``AL-NOTICE`` working days."""
    from workflows.alliance.services.notice import notice_open

    case = admission.case
    milestone_complete(case, "AL-REG-REVIEW", actor)
    alliance_document_issue(
        kind="alliance.review_opinion",
        admission=admission,
        actor=actor,
        conclusion="同意列入拟入盟名单并公示",
        opinion=admission.regional_opinion,
    )
    notice_open(admission=admission, actor=actor)
    case_set_step(case=case, step="notice", actor=actor)
