"""Admission from the public notice on: objections, the close of the notice and the
leader's decision that makes the candidate a member."""

from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.alliance.documents import alliance_document_issue
from workflows.alliance.models import Admission, Membership, Objection
from workflows.alliance.services.admission import _not_admitted, rescreen
from workflows.alliance.services.common import AllianceRefused, membership_transition
from workflows.core.deadlines import SHANGHAI, due_date, rule_in_force
from workflows.core.models import User
from workflows.core.services.cases import case_close
from workflows.core.services.kit import event, local_today
from workflows.core.services.numbering import number_next
from workflows.core.services.outbound import outbound_enqueue

Outcome = Admission.Outcome


def notice_open(*, admission: Admission, actor: User | None) -> None:
    """Publish the candidate: the notice runs ``AL-NOTICE`` working days from tomorrow."""
    today = local_today()
    last_day = due_date(rule_in_force("AL-NOTICE", today), today).last_day
    admission.notice_from, admission.notice_until = today, last_day
    admission.save(update_fields=["notice_from", "notice_until"])
    membership_transition(admission.membership, "start_notice", case=admission.case, actor=actor)
    batch = (
        Admission.objects.filter(notice_from=today, membership__state=Membership.State.ON_NOTICE)
        .select_related("case__subject", "case__bureau")
        .order_by("case__case_no")
    )
    candidates = [
        [a.case.subject.name, a.case.subject.uscc, a.case.bureau.name, str(a.get_channel_display())]
        for a in batch
    ]
    alliance_document_issue(
        kind="alliance.notice_list", admission=admission, actor=actor, candidates=candidates
    )
    outbound_enqueue(
        case=admission.case, target="portal", message_type="alliance.notice",
        payload={
            "uscc": admission.case.subject.uscc, "name": admission.case.subject.name,
            "bureau": admission.case.bureau.code, "bureau_name": admission.case.bureau.name,
            "channel": admission.channel, "notice_from": today, "notice_until": last_day,
            "objections_to": admission.case.bureau.name,
        },
    )  # fmt: skip
    event(admission.case, "alliance.notice_opened", actor, notice_from=today, notice_until=last_day)


def notice_ends_at(admission: Admission) -> datetime:
    """24:00 of the notice's last day, Shanghai time (when the flow's timer fires)."""
    return datetime.combine(admission.notice_until + timedelta(days=1), time.min, tzinfo=SHANGHAI)


@transaction.atomic
def objection_receive(
    *,
    admission: Admission,
    channel: str,
    objector_name: str,
    grounds: str,
    actor: User | None,
    objector_contact: str = "",
) -> Objection:
    """An objection during the notice; after it (or before it) it is refused."""
    admission = (
        Admission.objects.select_for_update(of=("self",))
        .select_related("case", "membership")
        .get(pk=admission.pk)
    )
    today = local_today()
    running = (
        admission.membership.state == Membership.State.ON_NOTICE
        and admission.notice_closed_at is None
        and admission.notice_from <= today <= admission.notice_until
    )
    if not running:
        raise AllianceRefused(
            [
                _(
                    "%(case)s is not on public notice: objections are received only during the "
                    "notice period."
                )
                % {"case": admission.case.case_no}
            ]
        )
    objection = Objection.objects.create(
        admission=admission,
        channel=channel,
        objector_name=objector_name,
        objector_contact=objector_contact,
        grounds=grounds,
        received_on=today,
    )
    event(
        admission.case,
        "alliance.objection_received",
        actor,
        objection=objection.pk,
        channel=channel,
        objector=objector_name,
        grounds=grounds,
    )
    return objection


@transaction.atomic
def notice_close(*, admission: Admission) -> None:
    """The notice period is over (the flow's timer): no further objections."""
    admission.notice_closed_at = timezone.now()
    admission.save(update_fields=["notice_closed_at"])
    pending = admission.objections.filter(status=Objection.Status.PENDING).count()
    event(admission.case, "alliance.notice_closed", None, objections=pending)


@transaction.atomic
def objection_decide(*, admission: Admission, data: dict, actor: User | None) -> None:
    """Decide one pending objection; once none is pending, an upheld one ends the case."""
    objection = (
        Objection.objects.select_for_update(of=("self",))
        .filter(admission=admission, pk=data["objection"], status=Objection.Status.PENDING)
        .first()
    )
    if objection is None:
        raise ValidationError({"objection": _("This objection is no longer pending.")})
    objection.status, objection.findings = data["result"], data["findings"]
    objection.decided_on, objection.decided_by = local_today(), actor
    objection.save(update_fields=["status", "findings", "decided_on", "decided_by"])
    event(
        admission.case,
        "alliance.objection_decided",
        actor,
        objection=objection.pk,
        result=objection.status,
        findings=objection.findings,
    )
    objections = admission.objections.all()
    if objections.filter(status=Objection.Status.PENDING).exists():
        return
    upheld = [o for o in objections if o.status == Objection.Status.UPHELD]
    if upheld:
        reasons = "；".join(o.findings for o in upheld)
        alliance_document_issue(
            kind="alliance.not_admitted",
            admission=admission,
            actor=actor,
            reasons=f"公示期间收到的异议经核查属实（{reasons}）",
        )
        _not_admitted(admission, Outcome.OBJECTION_UPHELD, actor, reasons)


@transaction.atomic
def admission_decide(*, admission: Admission, data: dict, actor: User | None) -> None:
    """The leader admits or refuses; admission re-runs the screening on today's records."""
    today = local_today()
    if data["decision"] == "refuse":
        alliance_document_issue(
            kind="alliance.not_admitted", admission=admission, actor=actor, reasons=data["reasons"]
        )
        _not_admitted(admission, Outcome.REFUSED, actor, data["reasons"])
        return
    failed = [r for r in rescreen(admission, today) if not r.passed]
    if failed:
        raise ValidationError(
            {
                "decision": [
                    _("The subject no longer meets the conditions: %(reasons)s")
                    % {"reasons": "; ".join(r.reason for r in failed)}
                ]
            }
        )
    number = number_next(bureau=admission.case.bureau, year=today.year, kind="alliance:cert")
    certificate_no = f"XJXYTM-{today.year}-{admission.case.bureau.code}-{number:04d}"
    membership_transition(
        admission.membership,
        "admit",
        case=admission.case,
        actor=actor,
        admitted_at=timezone.now(),
        certificate_no=certificate_no,
    )
    admission.membership.refresh_from_db()
    admission.outcome, admission.decided_on = Outcome.ADMITTED, today
    admission.decision_reasons = data.get("reasons", "")
    admission.save(update_fields=["outcome", "decided_on", "decision_reasons"])
    dismissed = admission.objections.count()
    alliance_document_issue(
        kind="alliance.admission_decision",
        admission=admission,
        actor=actor,
        objections=f"收到异议{dismissed}件，经核查均不成立" if dismissed else "无异议",
    )
    alliance_document_issue(kind="alliance.certificate", admission=admission, actor=actor)
    event(
        admission.case,
        "alliance.admitted",
        actor,
        certificate_no=certificate_no,
        member_pledge_signed=True,
    )
    case_close(case=admission.case, decision=Outcome.ADMITTED, actor=actor)
