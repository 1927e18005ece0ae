"""Continuous monitoring of members and the review that may end in expulsion.

No model signal (DESIGN.md §3): ``alliance_monitor_sweep`` (Celery beat, every few
minutes) looks for credit records of members that have no ``MonitoringHit`` yet and
acts on each in its own transaction. The hit row is the memory: a sweep that fails,
is skipped or runs twice neither loses nor duplicates a review.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from workflows.alliance.documents import alliance_document_issue
from workflows.alliance.models import Membership, MembershipReview, MonitoringHit
from workflows.alliance.services.common import AllianceRefused, membership_transition
from workflows.core.flow.registry import start_named_flow
from workflows.core.models import Case, CreditRecord, Procedure, Subject, User
from workflows.core.services.cases import case_close, case_open
from workflows.core.services.deadlines import deadline_start, milestone_complete, milestone_open
from workflows.core.services.kit import event, local_today

logger = logging.getLogger(__name__)

Kind = CreditRecord.Kind
#: New records of these kinds put a member under review (a minor penalty does not).
MONITORED_KINDS = (
    Kind.SERIOUS_LIST,
    Kind.ABNORMAL_LIST,
    Kind.INDIVIDUAL_ABNORMAL,
    Kind.PENALTY,
    Kind.FALSE_PLEDGE,
)
UNDER_WATCH = (Membership.State.MEMBER, Membership.State.SUSPENDED)


def unhandled_member_records():
    """Records of members created since their admission that no sweep has acted on."""
    return (
        CreditRecord.objects.filter(
            kind__in=MONITORED_KINDS,
            alliance_hit__isnull=True,
            subject__alliance_memberships__state__in=UNDER_WATCH,
            created_at__gte=F("subject__alliance_memberships__admitted_at"),
        )
        .exclude(state=CreditRecord.State.REVOKED)
        .exclude(kind=Kind.PENALTY, penalty_class=CreditRecord.PenaltyClass.MINOR)
        .order_by("created_at", "pk")
        .distinct()
    )


def alliance_monitor_sweep() -> int:
    """Act on every unhandled member record; returns how many were handled."""
    handled = 0
    for record_id in list(unhandled_member_records().values_list("pk", flat=True)):
        try:
            handled += monitor_record(record_id)
        except Exception:  # one bad record must not stop the others; it is retried
            logger.exception("alliance monitoring of credit record %s failed", record_id)
    return handled


@transaction.atomic
def monitor_record(record_id: int) -> int:
    """Open a review for the record's member, or add it to the member's open review."""
    record = CreditRecord.objects.select_related("subject").get(pk=record_id)
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .filter(subject=record.subject, state__in=UNDER_WATCH)
        .first()
    )
    if membership is None or MonitoringHit.objects.filter(credit_record=record).exists():
        return 0
    review = membership.reviews.filter(outcome=MembershipReview.Outcome.PENDING).first()
    if review is None:
        review = _review_open(membership, record)
    else:
        event(
            review.case,
            "alliance.review_record_added",
            None,
            credit_record=record.pk,
            kind=record.kind,
            reason=record.reason,
        )
    MonitoringHit.objects.create(credit_record=record, membership=membership, review=review)
    return 1


def _review_open(membership: Membership, record: CreditRecord) -> MembershipReview:
    summary = _("%(kind)s of %(date)s: %(reason)s") % {
        "kind": record.get_kind_display(),
        "date": record.listed_on.isoformat(),
        "reason": record.reason,
    }
    case = case_open(
        procedure=Procedure.ALLIANCE,
        bureau=membership.bureau,
        source=Case.Source.MONITORING,
        actor=None,
        subject=membership.subject,
        sub_type="review",
        summary=summary[:500],
        legal_basis="[A] 企业信用同盟成员动态监测",
    )
    review = MembershipReview.objects.create(case=case, membership=membership)
    event(
        case,
        "alliance.review_opened",
        None,
        credit_record=record.pk,
        kind=record.kind,
        reason=record.reason,
    )
    if membership.state == Membership.State.MEMBER:
        membership_transition(membership, "suspend", case=case, actor=None)

    start_named_flow("alliance.review", case)
    return review


@transaction.atomic
def review_assess(*, review: MembershipReview, data: dict, actor: User | None) -> None:
    review.proposal, review.findings = data["proposal"], data["findings"]
    review.notice_served_on = data.get("notice_served_on")
    review.save(update_fields=["proposal", "findings", "notice_served_on"])
    event(
        review.case,
        "alliance.review_assessed",
        actor,
        proposal=review.proposal,
        findings=review.findings,
        notice_served_on=review.notice_served_on,
    )
    if review.proposal == "expel":
        alliance_document_issue(kind="alliance.expulsion_notice", review=review, actor=actor)
        deadline_start(
            case=review.case,
            rule_code="AL-STATEMENT",
            step="statement_period",
            started_on=review.notice_served_on,
            actor=actor,
        )


@transaction.atomic
def review_statement(*, review: MembershipReview, data: dict, actor: User | None) -> None:
    """The member's statement; "none" only once its period is over."""
    period = milestone_open(review.case, "AL-STATEMENT")
    if data["statement"] == "none" and period is not None and local_today() <= period.due_date:
        raise ValidationError(
            {
                "statement": _("The statement period runs until %(day)s.")
                % {"day": period.due_date.isoformat()}
            }
        )
    review.statement, review.statement_text = data["statement"], data.get("statement_text", "")
    review.save(update_fields=["statement", "statement_text"])
    milestone_complete(review.case, "AL-STATEMENT", actor)
    event(
        review.case,
        "alliance.statement_recorded",
        actor,
        statement=review.statement,
        text=review.statement_text,
    )


@transaction.atomic
def review_decide(*, review: MembershipReview, data: dict, actor: User | None) -> None:
    if data["decision"] == "expel" and not (review.proposal == "expel" and review.statement):
        raise ValidationError(
            {"decision": _("Expulsion needs the prior notice and the member's statement period.")}
        )
    review.decision_reasons, review.decided_on = data["reasons"], local_today()
    case = review.case
    if data["decision"] == "expel":
        review.outcome = MembershipReview.Outcome.EXPELLED
        membership_transition(
            review.membership,
            "expel",
            case=case,
            actor=actor,
            ended_on=local_today(),
            end_reason=data["reasons"][:2000],
        )
        review.membership.refresh_from_db()
    else:
        review.outcome = MembershipReview.Outcome.KEPT
        membership_transition(review.membership, "reinstate", case=case, actor=actor)
    review.save(update_fields=["outcome", "decision_reasons", "decided_on"])
    event(
        case,
        "alliance.review_decided",
        actor,
        outcome=review.outcome,
        reasons=review.decision_reasons,
    )
    if review.outcome == MembershipReview.Outcome.EXPELLED:
        alliance_document_issue(kind="alliance.expulsion_decision", review=review, actor=actor)
    case_close(case=case, decision=review.outcome, actor=actor, comment=data["reasons"])


@transaction.atomic
def membership_withdraw(*, subject: Subject, reason: str, actor: User | None) -> Case:
    """Voluntary withdrawal (退盟): a case of its own, closed at once with its document.

    Refused while a review is open: the member cannot escape a pending expulsion.
    """
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .filter(subject=subject, state__in=UNDER_WATCH)
        .select_related("subject")
        .first()
    )
    if membership is None:
        raise AllianceRefused(
            [_("%(name)s is not a member of the alliance.") % {"name": subject.name}]
        )
    if membership.reviews.filter(outcome=MembershipReview.Outcome.PENDING).exists():
        raise AllianceRefused(
            [_("The membership is under review; it can be withdrawn once the review is decided.")]
        )
    case = case_open(
        procedure=Procedure.ALLIANCE,
        bureau=membership.bureau,
        source=Case.Source.APPLICATION,
        actor=actor,
        subject=subject,
        sub_type="withdrawal",
        summary=reason[:500],
        legal_basis="[A] 企业信用同盟成员退盟",
    )
    membership = membership_transition(
        membership,
        "withdraw",
        case=case,
        actor=actor,
        ended_on=local_today(),
        end_reason=reason[:2000],
    )
    event(case, "alliance.withdrawn", actor, membership=membership.pk, reason=reason)
    alliance_document_issue(
        kind="alliance.withdrawal", membership=membership, case=case, actor=actor, reason=reason
    )
    case_close(case=case, decision="withdrawn", actor=actor, comment=reason)
    return case
