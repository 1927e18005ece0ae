"""Creating credit records and moving them through their public lifecycle, audited."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from workflows.core import audit
from workflows.core.deadlines import due_date, rule_in_force
from workflows.core.models import Bureau, Case, CreditRecord, Subject, User
from workflows.core.services.kit import fsm_apply

Kind = CreditRecord.Kind

# Which statutory periods give "repair possible from" and "publicity ends on", per kind.
_REPAIR_RULE = {
    Kind.SERIOUS_LIST: "SL-EARLY-MIN",
    Kind.FALSE_PLEDGE: "CLASS-GENERAL-MIN",
}
_EXPIRY_RULE = {
    Kind.SERIOUS_LIST: "SL-TERM",
    Kind.FALSE_PLEDGE: "CLASS-GENERAL-MAX",
}


def record_dates(
    kind: str, listed_on: date, penalty_class: str = "", repairable: bool = True
) -> tuple[date | None, date | None]:
    """(repair possible from, publicity ends on) for a record listed on ``listed_on``.

    Abnormal-list entries can be repaired as soon as the cause is corrected and have no
    end date (after 3 years they escalate to the serious list, see the listing
    procedure). Minor penalties stop after 3 months by themselves: nothing to repair.
    """
    if kind in (Kind.ABNORMAL_LIST, Kind.INDIVIDUAL_ABNORMAL):
        return listed_on, None
    if kind == Kind.PENALTY:
        if penalty_class == CreditRecord.PenaltyClass.MINOR:
            return None, _end(listed_on, "PEN-TERM-MINOR")
        minimum = (
            "PEN-REPAIR-MIN-FOOD"
            if penalty_class == CreditRecord.PenaltyClass.SENSITIVE
            else "PEN-REPAIR-MIN"
        )
        return (_end(listed_on, minimum) if repairable else None), _end(listed_on, "PEN-TERM")
    repair_from = _end(listed_on, _REPAIR_RULE[kind]) if repairable else None
    return repair_from, _end(listed_on, _EXPIRY_RULE[kind])


def _end(start: date, rule_code: str) -> date:
    return due_date(rule_in_force(rule_code, start), start).last_day


def _snapshot(record: CreditRecord) -> dict:
    return {
        "credit_record": record.pk,
        "kind": record.kind,
        "state": record.state,
        "listed_on": record.listed_on,
        "repairable_from": record.repairable_from,
        "expires_on": record.expires_on,
    }


def _audit(record: CreditRecord, event_type: str, actor, case, before=None, comment="") -> None:
    case = case or record.case
    audit.record(
        event_type,
        case=case,
        stream=None if case else f"creditrecord:{record.pk}",
        actor=actor,
        before=before,
        after=_snapshot(record),
        comment=comment,
    )


@transaction.atomic
def credit_record_create(
    *,
    subject: Subject,
    kind: str,
    reason: str,
    listed_on: date,
    deciding_bureau: Bureau,
    actor: User | None,
    case: Case | None = None,
    legal_basis: str = "",
    decision_no: str = "",
    penalty_class: str = "",
    repairable: bool = True,
) -> CreditRecord:
    repairable_from, expires_on = record_dates(kind, listed_on, penalty_class, repairable)
    record = CreditRecord.objects.create(
        subject=subject,
        kind=kind,
        reason=reason,
        legal_basis=legal_basis,
        decision_no=decision_no,
        deciding_bureau=deciding_bureau,
        penalty_class=penalty_class,
        repairable=repairable,
        listed_on=listed_on,
        repairable_from=repairable_from,
        expires_on=expires_on,
        case=case,
    )
    _audit(record, "credit_record.created", actor, case)
    return record


#: The transitions flows may apply, and whether they close the record.
TRANSITIONS = {
    "request_repair": False,
    "refuse_repair": False,
    "repair": True,
    "remove": True,
    "expire": True,
    "revoke": True,
    "revoke_repair": False,
}


@transaction.atomic
def credit_record_transition(
    *,
    record: CreditRecord,
    name: str,
    actor: User | None,
    case: Case | None = None,
    comment: str = "",
) -> CreditRecord:
    """Apply transition ``name``; a wrong state is refused (``TransitionRefused``)."""
    if name not in TRANSITIONS:
        raise ValueError(f"unknown credit-record transition {name!r}")
    record = CreditRecord.objects.select_for_update(of=("self",)).get(pk=record.pk)
    before = _snapshot(record)
    fsm_apply(record, name)
    today = timezone.localdate()
    update_fields = ["state", "closed_on"]
    record.closed_on = today if TRANSITIONS[name] else None
    if name == "revoke_repair":  # the publicity period starts again
        record.listed_on = today
        record.repairable_from, record.expires_on = record_dates(
            record.kind, today, record.penalty_class, record.repairable
        )
        update_fields += ["listed_on", "repairable_from", "expires_on"]
    record.save(update_fields=update_fields)
    _audit(record, f"credit_record.{name}", actor, case, before=before, comment=comment)
    return record
