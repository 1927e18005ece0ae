"""Pledges for missing materials (承诺容缺): fulfilled, or broken into a false pledge."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from workflows.core.models import CreditRecord, User
from workflows.core.services.credit_records import credit_record_create
from workflows.core.services.deadlines import (
    deadline_complete,
    milestone_open,
)
from workflows.core.services.kit import event, local_today, save
from workflows.pledge.services import (
    PledgeType,
    pledge_broken_by_source,
    pledge_fulfilled_by_source,
)
from workflows.repair.models import (
    RepairApplication,
)


@transaction.atomic
def repair_pledge_fulfilled(*, application: RepairApplication, actor: User | None) -> None:
    if application.pledge_state != RepairApplication.PledgeState.OPEN:
        raise ValidationError(_("There is no open pledge for missing materials."))
    application.pledge_state = RepairApplication.PledgeState.FULFILLED
    save(application, "pledge_state")
    milestone = milestone_open(application.case, "REP-PLEDGE")
    if milestone is not None:
        deadline_complete(deadline=milestone, actor=actor)
    pledge_fulfilled_by_source(
        linked_case=application.case, pledge_type=PledgeType.DEFICIENCY, actor=actor
    )
    event(application, "repair.pledge_fulfilled", actor)


def repair_pledges_check(today: date | None = None) -> int:
    """Pledges whose materials were not supplied by the due day become false pledges."""
    today = today or local_today()
    broken = 0
    overdue = RepairApplication.objects.filter(
        pledge_state=RepairApplication.PledgeState.OPEN, pledge_due_on__lt=today
    ).values_list("pk", flat=True)
    for application_id in overdue:
        with transaction.atomic():
            application = (
                RepairApplication.objects.select_for_update(of=("self",))
                .select_related("case", "credit_record__subject")
                .get(pk=application_id)
            )
            if application.pledge_state != RepairApplication.PledgeState.OPEN:
                continue
            application.pledge_state = RepairApplication.PledgeState.BROKEN
            save(application, "pledge_state")
            record = credit_record_create(
                subject=application.credit_record.subject,
                kind=CreditRecord.Kind.FALSE_PLEDGE,
                reason=_("Materials pledged at acceptance were not supplied: %(items)s")
                % {"items": application.missing_materials},
                listed_on=today,
                deciding_bureau=application.case.bureau,
                actor=None,
                case=application.case,
                legal_basis="《经营主体信用承诺实施指南》",
            )
            pledge_broken_by_source(
                linked_case=application.case, pledge_type=PledgeType.DEFICIENCY, record=record,
                actor=None,
            )  # fmt: skip
            event(application, "repair.pledge_broken", None, false_pledge_record=record.pk)
            broken += 1
    return broken
