"""The steps of a listing case, from registration to the published listing (DOMAIN.md §4.3)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from forms import listing as forms
from workflows.core.deadlines import due_date, rule_in_force
from workflows.core.models import Bureau, Case, CreditRecord, OutboundMessage, User
from workflows.core.regions import REGIONAL_BUREAU_CODE
from workflows.core.services.cases import case_close
from workflows.core.services.credit_records import credit_record_create
from workflows.core.services.deadlines import deadline_start, milestone_complete, milestone_open
from workflows.core.services.kit import event, local_today, save
from workflows.core.services.outbound import outbound_announce, outbound_enqueue
from workflows.core.workdays import Calendar
from workflows.listing.documents import listing_document_issue
from workflows.listing.models import Listing, ListingRuleVersion

Outcome = Listing.Outcome

#: The measures a listing carries (Order 44 Art. 15), shared for joint punishment.
MEASURES = ("重点监管", "不适用告知承诺制", "限制评先评优", "行政许可、政府采购、招标投标重点审查")


def _end(listing: Listing, reason: str, outcome: str, actor) -> None:
    listing.outcome, listing.outcome_reason = outcome, reason
    save(listing, "outcome", "outcome_reason")
    milestone_complete(listing.case, "PEN-DECIDE", actor)
    event(listing, "listing.ended", actor, outcome=outcome, reasons=reason)
    case_close(case=listing.case, decision=outcome, actor=actor, comment=reason)


def upper_bureau(case: Case) -> Bureau:
    """The bureau that approves a listing decided by ``case.bureau``: its parent."""
    return case.bureau.parent or Bureau.objects.get(code=REGIONAL_BUREAU_CODE)


def upper_level_approval_required(case: Case, on: date) -> bool:
    """County and prefecture bureaus need the upper level, unless the rules in force
    (the ``ListingRuleVersion`` of ``on``) say the approval is no longer required."""
    if case.bureau.is_regional:
        return False
    version = (
        ListingRuleVersion.objects.filter(effective_from__lte=on)
        .exclude(effective_to__lte=on)
        .order_by("-effective_from")
        .first()
    )
    return bool(version and version.upper_level_approval)


# --- registration, investigation, notice ------------------------------------------


@transaction.atomic
def listing_register(*, listing: Listing, data: dict, actor: User | None) -> None:
    if data["decision"] == forms.RegisterForm.NO_CASE:
        event(listing, "listing.not_registered", actor, reasons=data["reasons"])
        listing.outcome, listing.outcome_reason = Outcome.NOT_REGISTERED, data["reasons"]
        save(listing, "outcome", "outcome_reason")
        case_close(
            case=listing.case, decision=Outcome.NOT_REGISTERED, actor=actor,
            comment=data["reasons"],
        )  # fmt: skip
        return
    listing.registered = True
    save(listing, "registered")
    deadline_start(
        case=listing.case, rule_code="PEN-DECIDE", step="decision", started_on=local_today(),
        actor=actor,
    )  # fmt: skip
    event(listing, "listing.registered", actor)


ASSESSMENT_FACTORS = (
    "intent", "frequency", "duration_days", "penalty_type", "fine_amount",
    "confiscated_amount", "goods_value", "health_harm", "property_loss", "social_impact",
)  # fmt: skip


@transaction.atomic
def listing_assess(*, listing: Listing, data: dict, actor: User | None) -> None:
    """The Art. 12 factors as structured data; a subject that proved it had no intent
    is not listed (Art. 12 para 2)."""
    if data["intent"] == "none_proven" and data["proposal"] == forms.AssessmentForm.LIST:
        raise ValidationError(
            {"proposal": _("A subject that proved it had no intent is not listed (Art. 12).")}
        )
    listing.assessment = {
        name: str(data[name]) if name.endswith(("amount", "value", "loss")) else data[name]
        for name in ASSESSMENT_FACTORS
    } | {"findings": data["findings"]}
    listing.proposed = data["proposal"] == forms.AssessmentForm.LIST
    listing.restriction_until = data.get("restriction_until")
    save(listing, "assessment", "proposed", "restriction_until")
    event(listing, "listing.assessed", actor, proposed=listing.proposed, **listing.assessment)
    if not listing.proposed:
        _end(listing, data["findings"], Outcome.NOT_LISTED, actor)


@transaction.atomic
def listing_notice(*, listing: Listing, data: dict, actor: User | None) -> None:
    """The section head signs the pre-listing notice off; it is issued as a PDF."""
    listing_document_issue(
        listing=listing, kind="listing.prelist_notice", actor=actor,
        facts=data["facts"], basis=data["basis"],
    )  # fmt: skip
    event(listing, "listing.notice_issued", actor)


@transaction.atomic
def listing_serve_notice(*, listing: Listing, data: dict, actor: User | None) -> None:
    """Service of the notice starts the subject's periods: statement and defence
    (DEFENCE) and the hearing request (HEAR-REQ), counted from the day after service."""
    served_on = data["served_on"]
    if served_on > local_today():
        raise ValidationError({"served_on": _("Service cannot be recorded in advance.")})
    listing.notice_served_on, listing.notice_service_method = served_on, data["method"]
    save(listing, "notice_served_on", "notice_service_method")
    for code, step in (("DEFENCE", "statement"), ("HEAR-REQ", "hearing_request")):
        deadline_start(case=listing.case, rule_code=code, step=step, started_on=served_on,
                       actor=actor)  # fmt: skip
    event(listing, "listing.notice_served", actor, served_on=served_on, method=data["method"])


@transaction.atomic
def listing_statement(*, listing: Listing, data: dict, actor: User | None) -> None:
    case, today = listing.case, local_today()
    defence, hearing = milestone_open(case, "DEFENCE"), milestone_open(case, "HEAR-REQ")
    requested = data["hearing_requested"] == "yes"
    if requested:
        requested_on = data["requested_on"]
        last_day = hearing.due_date if hearing else None
        if requested_on < listing.notice_served_on or (last_day and requested_on > last_day):
            raise ValidationError(
                {"requested_on": _("A hearing may be requested from service to %(day)s.")
                 % {"day": last_day}}
            )  # fmt: skip
    # A period without an answer must have run out before the case goes on.
    waiting = (
        ("statement", defence, data["statement"] == forms.StatementForm.NONE),
        ("hearing_requested", hearing, data["hearing_requested"] == forms.StatementForm.NONE),
    )
    for field, period, silent in waiting:
        if silent and period is not None and today <= period.due_date:
            raise ValidationError(
                {field: _("The subject's period runs until %(day)s; wait for it.")
                 % {"day": period.due_date}}
            )  # fmt: skip
    listing.statement = data.get("statement_text", "")
    listing.hearing_requested = requested
    save(listing, "statement", "hearing_requested")
    milestone_complete(case, "DEFENCE", actor, period_ran_out=data["statement"] == "none")
    milestone_complete(case, "HEAR-REQ", actor, period_ran_out=data["hearing_requested"] == "none")
    event(
        listing, "listing.statement_recorded", actor, statement=data["statement"],
        hearing=data["hearing_requested"], requested_on=data.get("requested_on"),
    )  # fmt: skip


@transaction.atomic
def listing_hearing_notice(*, listing: Listing, data: dict, actor: User | None) -> None:
    """听证通知: served at least HEAR-NOTICE (7) working days before a working-day hearing."""
    notified_on, hearing_date = data["notified_on"], data["hearing_date"]
    if not (listing.notice_served_on <= notified_on <= local_today()):
        raise ValidationError(
            {"notified_on": _("The hearing notice is served after the pre-listing notice, "
                              "and not in advance.")}
        )  # fmt: skip
    earliest = due_date(rule_in_force("HEAR-NOTICE", notified_on), notified_on).last_day
    if hearing_date < earliest:
        raise ValidationError(
            {"hearing_date": _("The notice must be served at least %(n)d working days before "
                               "the hearing: the earliest hearing date is %(day)s.")
             % {"n": rule_in_force("HEAR-NOTICE", notified_on).count, "day": earliest}}
        )  # fmt: skip
    if not Calendar().is_workday(hearing_date):
        raise ValidationError({"hearing_date": _("The hearing date is not a working day.")})
    listing.hearing_notified_on, listing.hearing_date = notified_on, hearing_date
    save(listing, "hearing_notified_on", "hearing_date")
    listing_document_issue(
        listing=listing, kind="listing.hearing_notice", actor=actor,
        hearing_date=f"{hearing_date:%Y年%m月%d日}", place=data["place"], officer=data["officer"],
    )  # fmt: skip
    event(listing, "listing.hearing_notified", actor, hearing_date=hearing_date,
          notified_on=notified_on, place=data["place"], officer=data["officer"])  # fmt: skip


@transaction.atomic
def listing_hearing(*, listing: Listing, data: dict, actor: User | None) -> None:
    if not (listing.hearing_date <= data["held_on"] <= local_today()):
        raise ValidationError(
            {"held_on": _("A hearing is recorded once held, on or after its notified date.")}
        )
    listing.hearing_record = data["record"]
    save(listing, "hearing_record")
    event(listing, "listing.hearing_held", actor, held_on=data["held_on"])


# --- re-check, reviews, approval, decision ----------------------------------------


@transaction.atomic
def listing_recheck(*, listing: Listing, data: dict, actor: User | None) -> None:
    listing.recheck_result = data["result"]
    save(listing, "recheck_result")
    event(listing, "listing.rechecked", actor, result=data["result"], reasons=data["reasons"])
    if data["result"] == forms.RecheckForm.DROP:
        _end(listing, data["reasons"], Outcome.NOT_LISTED, actor)


@transaction.atomic
def listing_legal_review(*, listing: Listing, data: dict, actor: User | None) -> None:
    listing.legal_opinion = data["opinion"]
    save(listing, "legal_opinion")
    event(listing, "listing.legal_reviewed", actor, opinion=data["opinion"],
          reasons=data["reasons"])  # fmt: skip
    if data["opinion"] == forms.LegalReviewForm.FAIL:
        _end(listing, data["reasons"], Outcome.REFUSED_LEGAL, actor)


@transaction.atomic
def listing_business_recheck(*, listing: Listing, data: dict, actor: User | None) -> None:
    listing.business_result = data["result"]
    listing.upper_level_required = upper_level_approval_required(listing.case, local_today())
    save(listing, "business_result", "upper_level_required")
    event(listing, "listing.business_rechecked", actor, result=data["result"],
          upper_level_required=listing.upper_level_required)  # fmt: skip
    if data["result"] == forms.BusinessRecheckForm.DISAGREE:
        _end(listing, data.get("reasons", ""), Outcome.REFUSED_BUSINESS, actor)


@transaction.atomic
def listing_upper_approval(*, listing: Listing, data: dict, actor: User | None) -> None:
    listing.upper_result = data["result"]
    save(listing, "upper_result")
    event(listing, "listing.upper_level_reviewed", actor, result=data["result"],
          bureau=upper_bureau(listing.case).code, reasons=data.get("reasons", ""))  # fmt: skip
    if data["result"] == forms.UpperApprovalForm.REFUSE:
        _end(listing, data["reasons"], Outcome.REFUSED_UPPER, actor)


@transaction.atomic
def listing_decide(*, listing: Listing, data: dict, actor: User | None) -> None:
    """The decision: service (SERVE) and publicity (SL-PUB) run from the decision day."""
    if data["decision"] == forms.DecisionForm.NOT_LIST:
        _end(listing, data["reasons"], Outcome.NOT_LISTED, actor)
        return
    today = local_today()
    listing.decided_on = today
    save(listing, "decided_on")
    milestone_complete(listing.case, "PEN-DECIDE", actor)
    for code, step in (("SERVE", "serve_decision"), ("SL-PUB", "publish")):
        deadline_start(case=listing.case, rule_code=code, step=step, started_on=today,
                       actor=actor)  # fmt: skip
    listing_document_issue(
        listing=listing, kind="listing.decision", actor=actor, reasons=data["reasons"]
    )
    event(listing, "listing.decided", actor, decided_on=today)


@transaction.atomic
def listing_serve_decision(*, listing: Listing, data: dict, actor: User | None) -> None:
    served_on = data["served_on"]
    if not (listing.decided_on <= served_on <= local_today()):
        raise ValidationError({"served_on": _("Service lies between the decision and today.")})
    listing.decision_served_on = served_on
    save(listing, "decision_served_on")
    milestone_complete(listing.case, "SERVE", actor)
    event(listing, "listing.decision_served", actor, served_on=served_on, method=data["method"])


def _decision_no(listing: Listing) -> str:
    document = listing.case.documents.filter(kind="listing.decision").order_by("-version").first()
    return document.doc_number if document else ""


def _public_payload(listing: Listing) -> dict:
    subject = listing.case.subject
    return {
        "uscc": subject.uscc,
        "name": subject.name,
        "legal_rep": subject.legal_rep,
        "decision_no": _decision_no(listing),
        "decided_on": listing.decided_on,
        "reason": listing.case.summary,
        "deciding_bureau": listing.case.bureau.code,
        "deciding_bureau_name": listing.case.bureau.name,
    }


@transaction.atomic
def listing_publicize(*, listing: Listing) -> None:
    """Push the listing to the publicity system (GSXT) through the outbox, and, for a
    subject registered in another province, to its registration-place bureau (信息推送,
    PEN-PUSH), which publishes it there."""
    payload = _public_payload(listing) | {"measures": MEASURES}
    outbound_enqueue(
        case=listing.case, target=OutboundMessage.Target.PUBLICITY,
        message_type="serious_list.listed", payload=payload, due_from=listing.decided_on,
    )  # fmt: skip
    pushed = listing.case.subject.registered_in_another_province()
    if pushed:
        outbound_enqueue(
            case=listing.case, target=OutboundMessage.Target.CROSS_PROVINCE,
            message_type="serious_list.pushed", due_from=listing.decided_on,
            payload=payload | {"registration_division": listing.case.subject.uscc[2:8]},
        )  # fmt: skip
    event(listing, "listing.publicity_pushed", None, cross_province=pushed)


@transaction.atomic
def listing_publish(*, listing: Listing, data: dict, actor: User | None) -> CreditRecord:
    """The publicity system confirmed: the credit record is listed, with its removal and
    earliest repair dates, and the listing is shared for joint punishment."""
    pushed = OutboundMessage.objects.filter(
        case=listing.case, target=OutboundMessage.Target.PUBLICITY,
        message_type="serious_list.listed",
    ).first()  # fmt: skip
    if pushed is None or pushed.status != OutboundMessage.Status.SENT:
        raise ValidationError(_("The publicity system has not received the listing yet."))
    published_on = data["published_on"]
    if not (listing.decided_on <= published_on <= local_today()):
        raise ValidationError({"published_on": _("Publication lies between decision and today.")})
    record = credit_record_create(
        subject=listing.case.subject,
        kind=CreditRecord.Kind.SERIOUS_LIST,
        reason=listing.case.summary,
        listed_on=listing.decided_on,
        deciding_bureau=listing.case.bureau,
        actor=actor,
        case=listing.case,
        legal_basis="《市场监督管理严重违法失信名单管理办法》",
        decision_no=_decision_no(listing),
    )
    if listing.restriction_until and listing.restriction_until > record.expires_on:
        # The restriction on business is longer: the listing lasts as long, and early
        # removal waits for the restriction to end.
        before = record.expires_on
        record.expires_on = record.repairable_from = listing.restriction_until
        record.save(update_fields=["expires_on", "repairable_from"])
        event(listing, "listing.period_extended", actor, before=before,
              expires_on=record.expires_on, repairable_from=record.repairable_from)  # fmt: skip
    listing.published_on, listing.credit_record, listing.outcome = (
        published_on, record, Outcome.LISTED,
    )  # fmt: skip
    save(listing, "published_on", "credit_record", "outcome")
    milestone_complete(listing.case, "SL-PUB", actor)
    payload = _public_payload(listing) | {
        "listed_on": record.listed_on, "expires_on": record.expires_on,
        "repairable_from": record.repairable_from,
        "measures": MEASURES,
    }  # fmt: skip
    outbound_announce(
        case=listing.case, message_type="serious_list.listed", payload=payload,
        due_from=listing.decided_on,
        targets=(OutboundMessage.Target.SHARING, OutboundMessage.Target.CREDIT_CHINA),
    )  # fmt: skip
    event(listing, "listing.published", actor, published_on=published_on, record=record.pk,
          expires_on=record.expires_on, repairable_from=record.repairable_from)  # fmt: skip
    case_close(case=listing.case, decision=Outcome.LISTED, actor=actor)
    return record
