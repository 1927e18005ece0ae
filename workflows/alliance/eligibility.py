"""The automatic eligibility screening (DOMAIN.md §6.3 step 2): every active checklist
item (``EligibilityCriterion``) evaluated against the subject's records.

Each evaluator returns the reason the item failed, in words the enterprise can act
on, or ``""`` when it passed. Revoked records never count: their decision was void.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from workflows.alliance.models import EligibilityCriterion
from workflows.core.deadlines import add_months
from workflows.core.models import CreditRecord, Subject
from workflows.listing.selectors import late_annual_report_years

Check = EligibilityCriterion.Check
Kind = CreditRecord.Kind
State = CreditRecord.State


@dataclass(frozen=True)
class Candidate:
    """What the screening looks at: the subject and what the nomination declares."""

    subject: Subject
    established_on: date
    pledge_signed: bool


@dataclass(frozen=True)
class ItemResult:
    code: str
    title: str
    passed: bool
    reason: str


def _since(on: date, years: int | None) -> date:
    return add_months(on, -12 * (years or 0))


def _records(candidate: Candidate, kinds, since: date):
    return (
        CreditRecord.objects.filter(subject=candidate.subject, kind__in=kinds)
        .exclude(state=State.REVOKED)
        .filter(listed_on__gte=since)
        .order_by("-listed_on", "pk")
    )


def _record_reason(records, message: str) -> str:
    record = records.first()
    if record is None:
        return ""
    return message % {
        "date": record.listed_on.isoformat(),
        "kind": record.get_kind_display(),
        "reason": record.reason,
        "count": records.count(),
    }


def _registered_years(c: Candidate, item: EligibilityCriterion, on: date) -> str:
    if c.subject.reg_status != Subject.RegStatus.ACTIVE:
        return _("The registration status is %(status)s, not active.") % {
            "status": c.subject.get_reg_status_display()
        }
    if c.established_on > _since(on, item.years):
        return _("Established on %(date)s: less than %(years)d years before %(on)s.") % {
            "date": c.established_on.isoformat(),
            "years": item.years,
            "on": on.isoformat(),
        }
    return ""


def _credit_class(c: Candidate, item: EligibilityCriterion, on: date) -> str:
    allowed = item.allowed_classes or "A"
    if c.subject.risk_class and c.subject.risk_class in allowed:
        return ""
    return _("The credit risk class is %(cls)s; required: %(allowed)s.") % {
        "cls": c.subject.risk_class or _("not assessed"),
        "allowed": "/".join(allowed),
    }


def _no_serious_list(c: Candidate, item: EligibilityCriterion, on: date) -> str:
    records = _records(c, [Kind.SERIOUS_LIST], _since(on, item.years))
    return _record_reason(
        records, _("Listed on the serious-violation list on %(date)s: %(reason)s")
    )


def _no_abnormal_list(c: Candidate, item: EligibilityCriterion, on: date) -> str:
    kinds = [Kind.ABNORMAL_LIST, Kind.INDIVIDUAL_ABNORMAL]
    records = _records(c, kinds, _since(on, item.years))
    return _record_reason(records, _("%(kind)s since %(date)s: %(reason)s"))


def _no_unrepaired_penalty(c: Candidate, item: EligibilityCriterion, on: date) -> str:
    records = (
        _records(c, [Kind.PENALTY], _since(on, item.years))
        .filter(state__in=[State.LISTED, State.REPAIR_REQUESTED])
        .exclude(penalty_class=CreditRecord.PenaltyClass.MINOR)
    )
    return _record_reason(
        records,
        _(
            "%(count)d penalty still publicised and not repaired, the latest of %(date)s: "
            "%(reason)s"
        ),
    )


def _no_false_pledge(c: Candidate, item: EligibilityCriterion, on: date) -> str:
    records = _records(c, [Kind.FALSE_PLEDGE], _since(on, item.years))
    return _record_reason(records, _("False credit pledge recorded on %(date)s: %(reason)s"))


def _annual_reports(c: Candidate, item: EligibilityCriterion, on: date) -> str:
    late = late_annual_report_years(c.subject, on.year - (item.years or 0))
    if not late:
        return ""
    return _("The annual report for %(years)s was not filed by 30 June.") % {
        "years": "、".join(str(year) for year in late)
    }


def _pledge_signed(c: Candidate, item: EligibilityCriterion, on: date) -> str:
    return "" if c.pledge_signed else _("The public credit pledge has not been signed.")


EVALUATORS: dict[str, Callable[[Candidate, EligibilityCriterion, date], str]] = {
    Check.REGISTERED_YEARS: _registered_years,
    Check.CREDIT_CLASS: _credit_class,
    Check.NO_SERIOUS_LIST: _no_serious_list,
    Check.NO_ABNORMAL_LIST: _no_abnormal_list,
    Check.NO_UNREPAIRED_PENALTY: _no_unrepaired_penalty,
    Check.NO_FALSE_PLEDGE: _no_false_pledge,
    Check.ANNUAL_REPORTS: _annual_reports,
    Check.PLEDGE_SIGNED: _pledge_signed,
}


def screen(candidate: Candidate, on: date) -> list[ItemResult]:
    """Every active checklist item, in order, with the reason of each failure."""
    results = []
    for item in EligibilityCriterion.objects.filter(active=True):
        reason = EVALUATORS[item.code](candidate, item, on)
        results.append(ItemResult(item.code, item.title, not reason, reason))
    return results
