"""Whether a credit record may be repaired now (DOMAIN.md §3.2), with the reasons if not.

The rules read only the subject's credit records and the statutory dates already on
them (``repairable_from`` comes from the versioned deadline rules).
"""

from datetime import date, timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from workflows.core.models import Case, CreditRecord

Kind, State = CreditRecord.Kind, CreditRecord.State
#: A false pledge is repairable after the minimum of the "general" class (3 months,
#: ``repairable_from``), once rectified: the verification step checks the rectification.
REPAIRABLE_KINDS = (
    Kind.ABNORMAL_LIST, Kind.INDIVIDUAL_ABNORMAL, Kind.SERIOUS_LIST, Kind.PENALTY,
    Kind.FALSE_PLEDGE,
)  # fmt: skip


def refusal_reasons(record: CreditRecord, *, on: date) -> list[str]:
    """Empty when ``record`` may be repaired on ``on``; otherwise every reason it may not."""
    if record.kind not in REPAIRABLE_KINDS:
        return [_("This kind of record is repaired through its own procedure.")]
    if record.state != State.LISTED:
        return [_("The record is not currently listed (state: %(state)s).") % {
            "state": record.get_state_display()
        }]  # fmt: skip
    reasons = []
    if not record.repairable:
        reasons.append(_("Penalties of this type are excluded from credit repair."))
    elif record.repairable_from is None:
        reasons.append(
            _("This publicity ends by itself after three months; there is nothing to repair.")
        )
    elif on < record.repairable_from:
        reasons.append(
            _("The minimum publicity period has not been served: repair is possible from %(date)s.")
            % {"date": record.repairable_from.isoformat()}
        )
    reasons += _later_records_reasons(record)
    if _open_repair_exists(record):
        reasons.append(_("A repair application for this record is already being handled."))
    if _recent_fraud_revocation(record, on):
        reasons.append(
            _("A repair of this subject was revoked for fraud within the last %(years)d years.")
            % {"years": settings.REPAIR_FRAUD_BLOCK_YEARS}
        )
    return reasons


def _later_records_reasons(record: CreditRecord) -> list[str]:
    others = CreditRecord.objects.filter(subject=record.subject).exclude(pk=record.pk)
    active_lists = others.filter(
        kind__in=[Kind.ABNORMAL_LIST, Kind.SERIOUS_LIST],
        state__in=[State.LISTED, State.REPAIR_REQUESTED],
    )
    later = others.filter(listed_on__gt=record.listed_on)
    reasons = []
    if record.kind == Kind.PENALTY:
        if active_lists.exists():
            reasons.append(_("The subject is on the abnormal or the serious-violation list."))
        if later.filter(kind=Kind.PENALTY).exists():
            reasons.append(_("The subject was penalised again after this penalty."))
    elif record.kind == Kind.SERIOUS_LIST:
        heavier = later.filter(kind=Kind.PENALTY).exclude(
            penalty_class=CreditRecord.PenaltyClass.MINOR
        )
        if heavier.exists():
            reasons.append(_("The subject received another heavier penalty after the listing."))
    if later.filter(kind=record.kind).exists():
        reasons.append(_("The subject was listed again for the same kind of record since."))
    return reasons


def _open_repair_exists(record: CreditRecord) -> bool:
    return record.repair_applications.filter(case__status=Case.Status.OPEN).exists()


def _recent_fraud_revocation(record: CreditRecord, on: date) -> bool:
    since = on - timedelta(days=365 * settings.REPAIR_FRAUD_BLOCK_YEARS)
    return (
        CreditRecord.objects.filter(subject=record.subject)
        .filter(repair_applications__outcome="revoked", repair_applications__revoked_on__gte=since)
        .exists()
    )
