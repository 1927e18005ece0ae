"""Opening repair cases: applications (counter, online) and system restores (免申即享)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from workflows.core.flow.registry import start_named_flow
from workflows.core.models import Case, CreditRecord, Procedure, User
from workflows.core.services.attachments import attachment_event_data, attachment_store
from workflows.core.services.cases import case_open
from workflows.core.services.credit_records import credit_record_transition
from workflows.core.services.deadlines import (
    deadline_start,
)
from workflows.core.services.kit import event, local_today
from workflows.pledge.services import PledgeSource, PledgeType, pledge_register
from workflows.repair.eligibility import refusal_reasons
from workflows.repair.models import (
    ABNORMAL_KINDS,
    KIND_FOR_RECORD,
    RepairApplication,
    RepairAttachment,
)
from workflows.repair.services.common import RepairIneligible

Outcome = RepairApplication.Outcome


@transaction.atomic
def repair_apply(
    *,
    record: CreditRecord,
    channel: str,
    applicant_name: str,
    grounds: str,
    pledge_made: bool,
    actor: User | None,
    applicant_phone: str = "",
    attachments: list[dict] = (),
) -> RepairApplication:
    """Open a repair case for ``record`` and start the procedure; refuse when ineligible.

    ``attachments`` are uploads already checked by ``forms.validators.inspect_upload``
    ({"kind", "name", "content", "content_type", "extension", "sha256"}).
    """
    today = local_today()
    record = CreditRecord.objects.select_for_update(of=("self",)).get(pk=record.pk)
    reasons = refusal_reasons(record, on=today)
    if not pledge_made:
        reasons.append(_("The credit pledge (守信承诺书) must be signed."))
    if reasons:
        raise RepairIneligible(reasons)
    kind = KIND_FOR_RECORD[record.kind]
    case = case_open(
        procedure=Procedure.REPAIR,
        bureau=record.deciding_bureau,
        source=Case.Source.APPLICATION,
        actor=actor,
        subject=record.subject,
        sub_type=kind,
        summary=grounds[:500],
        legal_basis="《市场监督管理信用修复管理办法》",
    )
    application = RepairApplication.objects.create(
        case=case,
        credit_record=record,
        kind=kind,
        channel=channel,
        applicant_name=applicant_name,
        applicant_phone=applicant_phone,
        grounds=grounds,
        pledge_made=pledge_made,
        received_on=today,
    )
    for upload in attachments:
        repair_attachment_add(application=application, upload=upload, actor=actor)
    credit_record_transition(record=record, name="request_repair", actor=actor, case=case)
    pledge_register(
        subject=record.subject, pledge_type=PledgeType.REPAIR, linked_case=case, actor=actor,
        content=_("Credit-repair pledge (守信承诺书): the materials are true; the subject will "
                  "comply with the law and accept liability for a false pledge."),
        source=PledgeSource.REPAIR, source_ref=f"{case.case_no}:repair",
    )  # fmt: skip
    if kind in ABNORMAL_KINDS:
        deadline_start(
            case=case, rule_code="AB-REMOVE", step="decision", started_on=today, actor=actor
        )
    event(
        application,
        "repair.applied",
        actor,
        kind=kind,
        channel=channel,
        record=record.pk,
        attachments=len(attachments),
    )

    start_named_flow("repair", case)
    return application


def repair_attachment_add(
    *, application: RepairApplication, upload: dict, actor: User | None
) -> RepairAttachment:
    attachment = attachment_store(
        RepairAttachment(application=application), upload=upload, actor=actor
    )
    event(application, "repair.attachment_added", actor, **attachment_event_data(attachment))
    return attachment


@transaction.atomic
def repair_auto_restore(*, record: CreditRecord, report_year: int) -> RepairApplication:
    """An individual business filed its missing annual report: restore it at once."""
    if record.kind != CreditRecord.Kind.INDIVIDUAL_ABNORMAL or record.state != "listed":
        raise ValidationError(_("Only a listed individual-business abnormal status is restored."))
    case = case_open(
        procedure=Procedure.REPAIR,
        bureau=record.deciding_bureau,
        source=Case.Source.MONITORING,
        actor=None,
        subject=record.subject,
        sub_type=KIND_FOR_RECORD[record.kind],
        summary=_("Annual report %(year)d filed") % {"year": report_year},
    )
    application = RepairApplication.objects.create(
        case=case,
        credit_record=record,
        kind=KIND_FOR_RECORD[record.kind],
        channel=RepairApplication.Channel.SYSTEM,
        applicant_name=record.subject.legal_rep,
        grounds=_("Annual report %(year)d filed") % {"year": report_year},
        received_on=local_today(),
        acceptance="accept",
        accepted_on=local_today(),
    )
    event(application, "repair.auto_restore_started", None, report_year=report_year)

    start_named_flow("repair.auto_restore", case)
    return application
