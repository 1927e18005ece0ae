"""Credit records end when the law ends them: the daily job closes every record whose
publicity period is over, tells the systems that published or shared it, and audits
the change (``credit_record.expire``).

Penalty publicity ends by its class (PEN-TERM-MINOR 3 months, PEN-TERM 3 years, set on
``expires_on`` when the record was made) and a false-pledge record after
CLASS-GENERAL-MAX (1 year). A serious-list record ends with a removal decision, which
the listing procedure issues (``workflows.listing.services.removal``). Abnormal-list
records have no end of their own: they are removed on correction (a repair) or
escalate after three years.
"""

import logging
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.core.models import CreditRecord
from workflows.core.services.credit_records import credit_record_transition
from workflows.core.services.outbound import credit_record_payload, outbound_announce

logger = logging.getLogger(__name__)

#: The kinds whose period ends by itself, without a decision.
ENDING_KINDS = (CreditRecord.Kind.PENALTY, CreditRecord.Kind.FALSE_PLEDGE)


def credit_records_due(today: date):
    """Records still listed whose last day of publicity lies before ``today``."""
    return CreditRecord.objects.filter(
        kind__in=ENDING_KINDS, state=CreditRecord.State.LISTED, expires_on__lt=today
    )


@transaction.atomic
def credit_record_end(*, record: CreditRecord) -> CreditRecord:
    """End one record: expired on the record, withdrawn everywhere it was published."""
    record = credit_record_transition(
        record=record, name="expire", actor=None, case=record.case,
        comment=_("The publicity period ended on %(day)s.") % {"day": record.expires_on},
    )  # fmt: skip
    outbound_announce(
        case=record.case, message_type="credit_record.ended", due_from=record.closed_on,
        payload=credit_record_payload(record, closed_on=record.closed_on),
    )  # fmt: skip
    return record


def credit_records_end(today: date | None = None) -> int:
    """Daily job: end every record due. One transaction per record, so that one
    failure never holds back the others; an ended record is not picked again."""
    today = today or timezone.localdate()
    ended = 0
    for pk in list(credit_records_due(today).values_list("pk", flat=True)):
        try:
            credit_record_end(record=CreditRecord.objects.get(pk=pk))
        except Exception:  # noqa: BLE001 - logged; the next run tries again
            logger.exception("could not end credit record %s", pk)
            continue
        ended += 1
    return ended
