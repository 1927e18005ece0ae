"""The abnormal operations list (经营异常名录), DOMAIN.md §4.5: listing on its grounds
(one subject, or the batch after the annual-report period), objections, the 60-day
warning before the 3-year mark and escalation to the serious list at 3 years.

Removal on application once the cause is corrected is credit repair's procedure
(kind ``abnormal_removal``, decided within AB-REMOVE): ``workflows.repair``.
"""

import logging
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forms.tabular import Source, map_columns, read_table
from forms.validators import normalize_uscc
from workflows.core import audit
from workflows.core.deadlines import due_date, rule_in_force
from workflows.core.flow.registry import start_named_flow
from workflows.core.models import Case, CreditRecord, OutboundMessage, Procedure, Subject, User
from workflows.core.roles import Role
from workflows.core.services.cases import case_close, case_open
from workflows.core.services.credit_records import credit_record_create, credit_record_transition
from workflows.core.services.deadlines import deadline_complete, deadline_start
from workflows.core.services.documents import document_issue
from workflows.core.services.notifications import notify
from workflows.core.services.outbound import credit_record_payload, outbound_enqueue
from workflows.listing.models import AbnormalEntry, AbnormalObjection, Lead

logger = logging.getLogger(__name__)
Ground = AbnormalEntry.Ground
BASIS = "《企业经营异常名录管理暂行办法》"

# kind: (title, 文号 word)
DOCUMENTS = {
    "abnormal.decision": ("列入经营异常名录决定书", "列异"),
    "abnormal.objection_refused": ("异议不予受理通知书", "异议不受"),
    "abnormal.objection_revoked": ("撤销列入经营异常名录决定书", "撤异"),
    "abnormal.objection_reply": ("异议核实答复书", "异议复"),
}


def annual_report_period_end(report_year: int) -> date:
    """The annual report of ``report_year`` is filed 1 January – 30 June of the next year."""
    return date(report_year + 1, 6, 30)


def _issue(case: Case, kind: str, paragraphs: list[str], actor) -> str:
    title, word = DOCUMENTS[kind]
    document = document_issue(
        case=case, kind=kind, title=title, number_word=word, actor=actor,
        context={"addressee": case.subject.name, "paragraphs": paragraphs,
                 "issuer": case.bureau.name},
    )  # fmt: skip
    return document.doc_number


@transaction.atomic
def abnormal_list(
    *,
    subject: Subject,
    ground: str,
    fact_date: date,
    actor: User | None,
    report_year: int | None = None,
) -> AbnormalEntry:
    """List ``subject`` on its ground; the listing period (AB-LIST-AR after the annual
    report period, AB-LIST-OTHER after the ordered deadline or the verification) runs
    from ``fact_date`` and is recorded as met or breached. An individual business is
    marked abnormal instead of listed."""
    today = timezone.localdate()
    if ground == Ground.NO_ANNUAL_REPORT and (
        report_year is None or fact_date != annual_report_period_end(report_year)
    ):
        raise ValidationError(
            {"fact_date": _("A missing annual report is listed after 30 June of the next year.")}
        )
    if fact_date >= today and ground == Ground.NO_ANNUAL_REPORT:
        raise ValidationError(_("The annual-report period has not ended yet."))
    if fact_date > today:
        raise ValidationError({"fact_date": _("This day lies in the future.")})
    duplicate = AbnormalEntry.objects.filter(
        credit_record__subject=subject, ground=ground, report_year=report_year,
        credit_record__state=CreditRecord.State.LISTED,
    ).exists()  # fmt: skip
    if duplicate:
        raise ValidationError(_("The subject is already listed on this ground."))
    individual = subject.subject_type == Subject.Type.INDIVIDUAL
    kind = CreditRecord.Kind.INDIVIDUAL_ABNORMAL if individual else CreditRecord.Kind.ABNORMAL_LIST
    reason = Ground(ground).label
    if report_year:
        reason = f"{reason}（{report_year}年度）"
    case = case_open(
        procedure=Procedure.LISTING, bureau=subject.region, source=Case.Source.EX_OFFICIO,
        actor=actor, subject=subject, sub_type="abnormal_list", summary=str(reason),
        legal_basis=BASIS,
    )  # fmt: skip
    rule = "AB-LIST-AR" if ground == Ground.NO_ANNUAL_REPORT else "AB-LIST-OTHER"
    period = deadline_start(case=case, rule_code=rule, step="abnormal_listing",
                            started_on=fact_date, actor=actor)  # fmt: skip
    action = "标记为经营异常状态" if individual else "列入经营异常名录"
    decision_no = _issue(case, "abnormal.decision", [
        f"{subject.name}（统一社会信用代码：{subject.uscc}）：经查，你单位存在以下情形：{reason}。",
        f"依据{BASIS}，本局决定将你单位{action}。",
        "你单位履行相关义务后，可以申请移出；对本决定有异议的，可以自公示之日起三十日内"
        "向本局提出书面异议。",
    ], actor)  # fmt: skip
    record = credit_record_create(
        subject=subject, kind=kind, reason=str(reason), listed_on=today,
        deciding_bureau=subject.region, actor=actor, case=case, legal_basis=BASIS,
        decision_no=decision_no,
    )  # fmt: skip
    entry = AbnormalEntry.objects.create(
        case=case, credit_record=record, ground=ground, fact_date=fact_date,
        report_year=report_year,
    )  # fmt: skip
    period = deadline_complete(deadline=period, actor=actor)
    outbound_enqueue(case=case, target=OutboundMessage.Target.PUBLICITY,
                     message_type="abnormal.listed",
                     payload=credit_record_payload(record, ground=ground))  # fmt: skip
    audit.record("abnormal.listed", case=case, actor=actor,
                 after={"ground": ground, "record": record.pk, "fact_date": fact_date,
                        "in_time": period.status == "met"})  # fmt: skip
    case_close(case=case, decision="listed", actor=actor)
    return entry


@dataclass
class BatchReport:
    listed: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"listed_count": len(self.listed), "skipped_count": len(self.skipped)}


def abnormal_batch_list(
    *, report_year: int, source: Source, actor: User | None, max_bytes: int | None = None
) -> BatchReport:
    """The batch after 30 June: every subject of the file (统一社会信用代码 column, the
    registration system's list of missing reports) is listed on its own, one
    transaction each; rows that cannot be listed are reported with the reason."""
    table = read_table(source, max_bytes=max_bytes)
    columns = map_columns(table.header, {"uscc": ("统一社会信用代码", "uscc")}, required=("uscc",))
    report = BatchReport()
    fact_date = annual_report_period_end(report_year)
    for row, record in table.records(columns):
        try:
            uscc = normalize_uscc(record["uscc"])
            subject = Subject.objects.filter(uscc=uscc).select_related("region").first()
            if subject is None:
                raise ValidationError(_("The code is not in the subject register."))
            entry = abnormal_list(
                subject=subject, ground=Ground.NO_ANNUAL_REPORT, fact_date=fact_date,
                report_year=report_year, actor=actor,
            )  # fmt: skip
        except ValidationError as exc:
            report.skipped.append({"row": row, "uscc": record["uscc"], "errors": exc.messages})
            continue
        report.listed.append({"row": row, "uscc": uscc, "case_no": entry.case.case_no,
                              "kind": entry.credit_record.kind})  # fmt: skip
    return report


# --- objections ------------------------------------------------------------------


@transaction.atomic
def abnormal_object(*, entry: AbnormalEntry, grounds: str, actor: User | None) -> AbnormalObjection:
    """The subject objects: a case whose acceptance (AB-OBJ-ACCEPT, 5 WD) and
    verification (AB-OBJ-VERIFY, 20 WD from acceptance) are tasks of the flow."""
    if entry.credit_record.state != CreditRecord.State.LISTED:
        raise ValidationError(_("Only a listing in force can be objected to."))
    subject = entry.credit_record.subject
    case = case_open(
        procedure=Procedure.LISTING, bureau=entry.case.bureau, source=Case.Source.APPLICATION,
        actor=actor, subject=subject, sub_type="abnormal_objection", summary=grounds[:500],
        legal_basis=BASIS,
    )  # fmt: skip
    objection = AbnormalObjection.objects.create(
        case=case, entry=entry, grounds=grounds, received_on=timezone.localdate()
    )
    audit.record("abnormal.objection_received", case=case, actor=actor,
                 after={"entry": entry.pk, "record": entry.credit_record_id})  # fmt: skip

    start_named_flow("listing.abnormal_objection", case)
    return objection


def _who(objection: AbnormalObjection) -> str:
    subject = objection.case.subject
    return f"{subject.name}（统一社会信用代码：{subject.uscc}）"


@transaction.atomic
def objection_accept(*, objection: AbnormalObjection, data: dict, actor: User | None) -> None:
    if data["decision"] == "accept":
        audit.record("abnormal.objection_accepted", case=objection.case, actor=actor)
        return
    objection.outcome, objection.reasons = AbnormalObjection.Outcome.NOT_ACCEPTED, data["reasons"]
    objection.save(update_fields=["outcome", "reasons"])
    _issue(objection.case, "abnormal.objection_refused", [
        f"{_who(objection)}：你单位于{objection.received_on:%Y年%m月%d日}提出的异议，"
        f"经审查不予受理。理由：{data['reasons']}",
    ], actor)  # fmt: skip
    case_close(case=objection.case, decision="not_accepted", actor=actor, comment=data["reasons"])


@transaction.atomic
def objection_verify(*, objection: AbnormalObjection, data: dict, actor: User | None) -> None:
    """Upheld: the listing was wrong and is revoked; rejected: a written reply."""
    entry, upheld = objection.entry, data["result"] == "upheld"
    objection.outcome = (
        AbnormalObjection.Outcome.UPHELD if upheld else AbnormalObjection.Outcome.REJECTED
    )
    objection.reasons = data["reasons"]
    objection.save(update_fields=["outcome", "reasons"])
    if upheld:
        credit_record_transition(record=entry.credit_record, name="revoke", actor=actor,
                                 case=objection.case, comment=data["reasons"])  # fmt: skip
        _issue(objection.case, "abnormal.objection_revoked", [
            f"{_who(objection)}：经核实，你单位提出的异议成立。",
            f"依据{BASIS}，本局决定撤销将你单位列入经营异常名录的决定，停止公示相关信息。",
        ], actor)  # fmt: skip
        entry.credit_record.refresh_from_db()
        outbound_enqueue(case=objection.case, target=OutboundMessage.Target.PUBLICITY,
                         message_type="abnormal.revoked",
                         payload=credit_record_payload(entry.credit_record,
                                                       reasons=data["reasons"]))  # fmt: skip
    else:
        _issue(objection.case, "abnormal.objection_reply", [
            f"{_who(objection)}：经核实，你单位提出的异议不成立，列入经营异常名录的决定维持不变。",
            f"理由：{data['reasons']}",
        ], actor)  # fmt: skip
    case_close(case=objection.case, decision=objection.outcome, actor=actor,
               comment=data["reasons"])  # fmt: skip


# --- the 3-year mark ----------------------------------------------------------------


def three_year_mark(record: CreditRecord) -> date:
    return due_date(rule_in_force("AB-3Y-ESC", record.listed_on), record.listed_on).last_day


@transaction.atomic
def abnormal_warn(*, entry: AbnormalEntry, today: date) -> None:
    """The public reminder AB-3Y-WARN (60) days before the 3-year mark."""
    entry.warned_on = today
    entry.save(update_fields=["warned_on"])
    record, mark = entry.credit_record, three_year_mark(entry.credit_record)
    outbound_enqueue(case=entry.case, target=OutboundMessage.Target.PUBLICITY,
                   message_type="abnormal.three_year_warning",
                   payload={"uscc": record.subject.uscc, "name": record.subject.name,
                            "listed_on": record.listed_on, "serious_list_on": mark})  # fmt: skip
    handlers = User.objects.filter(bureau=entry.case.bureau, groups__name=Role.HANDLER)
    notify(
        recipients=handlers, kind="abnormal.three_year_warning", case=entry.case,
        title=_("Three years on the abnormal list soon: %(name)s") % {"name": record.subject.name},
        body=_("Listed on %(listed)s; the serious list follows on %(mark)s.")
        % {"listed": record.listed_on, "mark": mark},
    )  # fmt: skip
    audit.record("abnormal.warned", case=entry.case, actor=None,
                 after={"record": record.pk, "mark": mark})  # fmt: skip


@transaction.atomic
def abnormal_escalate(*, entry: AbnormalEntry) -> Lead:
    """At 3 years on the list the enterprise becomes a lead for the serious list."""
    from workflows.listing.services.referrals import lead_register

    record = entry.credit_record
    listing = lead_register(
        source=Lead.Source.ABNORMAL_ESCALATION, subject=record.subject, actor=None,
        summary=_("On the abnormal operations list since %(listed)s (%(reason)s), decision "
                  "%(no)s: three years have passed.")
        % {"listed": record.listed_on, "reason": record.reason, "no": record.decision_no},
    )  # fmt: skip
    entry.escalated_to = listing.lead
    entry.save(update_fields=["escalated_to"])
    audit.record("abnormal.escalated", case=entry.case, actor=None,
                 after={"record": record.pk, "listing_case": listing.case.case_no})  # fmt: skip
    return listing.lead


def abnormal_three_year_check(today: date | None = None) -> dict[str, int]:
    """Daily job: warn AB-3Y-WARN days before the 3-year mark, escalate at the mark.

    Enterprises only (an individual business is marked, never escalated); each entry
    once (idempotent), each in its own transaction."""
    today = today or timezone.localdate()
    counts = {"warned": 0, "escalated": 0}
    entries = AbnormalEntry.objects.filter(
        credit_record__kind=CreditRecord.Kind.ABNORMAL_LIST,
        credit_record__state=CreditRecord.State.LISTED, escalated_to__isnull=True,
    ).select_related("credit_record__subject", "case__bureau")  # fmt: skip
    for entry in entries:
        try:
            mark = three_year_mark(entry.credit_record)
            warn_days = rule_in_force("AB-3Y-WARN", entry.credit_record.listed_on).count
            if entry.warned_on is None and today >= mark - timedelta(days=warn_days):
                abnormal_warn(entry=entry, today=today)
                counts["warned"] += 1
            if today >= mark:
                abnormal_escalate(entry=entry)
                counts["escalated"] += 1
        except Exception:  # noqa: BLE001 - logged; the next run tries again
            logger.exception("3-year check of abnormal entry %s failed", entry.pk)
    return counts
