"""The end of a listing: automatic removal when the period ends, revocation (Art. 19)."""

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.core import audit
from workflows.core.models import CreditRecord, Deadline, User
from workflows.core.services.credit_records import credit_record_transition
from workflows.core.services.deadlines import deadline_complete, deadline_start
from workflows.core.services.outbound import credit_record_payload, outbound_announce
from workflows.listing.documents import listing_document_issue
from workflows.listing.models import Listing

logger = logging.getLogger(__name__)


def _withdraw(record: CreditRecord, message_type: str, **extra) -> None:
    """Stop publicity and lift the measures everywhere: the publicity system, the
    joint-punishment departments and Credit China, within SL-REVOKE of the day."""
    outbound_announce(
        case=record.case, message_type=message_type,
        payload=credit_record_payload(record, closed_on=record.closed_on, **extra),
        due_from=record.closed_on,
    )  # fmt: skip


@transaction.atomic
def listing_expire(*, record: CreditRecord) -> CreditRecord:
    """Remove one serious-list record whose period has ended: stop publicity, lift the
    measures, issue the removal decision."""
    record = credit_record_transition(
        record=record, name="expire", actor=None, case=record.case,
        comment=_("The listing period ended on %(day)s.") % {"day": record.expires_on},
    )  # fmt: skip
    listing = Listing.objects.filter(credit_record=record).select_related("case").first()
    if listing is not None:
        listing_document_issue(listing=listing, kind="listing.removal", actor=None)
    _withdraw(record, "serious_list.removed", reason="expired")
    return record


def listings_expire(today: date | None = None) -> int:
    """Daily job: every listed serious-list record past its last day is removed.

    One transaction per record, so that one failure never holds back the others; a
    record removed already is not picked again (idempotent)."""
    today = today or timezone.localdate()
    due = CreditRecord.objects.filter(
        kind=CreditRecord.Kind.SERIOUS_LIST, state=CreditRecord.State.LISTED,
        expires_on__lt=today,
    ).values_list("pk", flat=True)  # fmt: skip
    removed = 0
    for pk in list(due):
        try:
            listing_expire(record=CreditRecord.objects.get(pk=pk))
        except Exception:  # noqa: BLE001 - logged; the next run tries again
            logger.exception("could not remove serious-list record %s", pk)
            continue
        removed += 1
    return removed


@transaction.atomic
def listing_revoke(
    *, record: CreditRecord, penalty_revoked_on: date, reasons: str, actor: User | None
) -> CreditRecord:
    """The penalty behind the listing was revoked, found unlawful or void: stop publicity
    and lift the measures within SL-REVOKE (3 WD) of that day (Art. 19)."""
    if record.kind != CreditRecord.Kind.SERIOUS_LIST or record.case is None:
        raise ValidationError(_("Only a serious-list record of a listing case is revoked here."))
    if penalty_revoked_on > timezone.localdate():
        raise ValidationError({"penalty_revoked_on": _("This day lies in the future.")})
    deadline = deadline_start(
        case=record.case, rule_code="SL-REVOKE", step="revocation",
        started_on=penalty_revoked_on, actor=actor,
    )  # fmt: skip
    record = credit_record_transition(
        record=record, name="revoke", actor=actor, case=record.case, comment=reasons
    )
    listing = Listing.objects.filter(credit_record=record).select_related("case").first()
    if listing is not None:
        listing.outcome, listing.outcome_reason = Listing.Outcome.REVOKED, reasons
        listing.save(update_fields=["outcome", "outcome_reason"])
        listing_document_issue(
            listing=listing, kind="listing.revocation", actor=actor, reasons=reasons
        )
    _withdraw(record, "serious_list.revoked", reason=reasons)
    deadline = deadline_complete(deadline=deadline, actor=actor)
    audit.record(
        "listing.revoked", case=record.case, actor=actor,
        after={"record": record.pk, "penalty_revoked_on": penalty_revoked_on,
               "in_time": deadline.status == Deadline.Status.MET},
        comment=reasons,
    )  # fmt: skip
    return record
